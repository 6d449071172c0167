//! The typed index without the spare room its building left: each list is built by
//! pushing (a `Vec` starts at four slots) and each pointer by `format!` (which grows by
//! doubling), and the index lives as long as the process. Trimming it once it is built
//! took ~0.4 MB off the shipped specs' idle memory (issue 14, goal 4).

use super::model::{Header, Media, Operation, Parameter, Response, Schema, SecurityRequirement};

pub(crate) fn operation(op: &mut Operation) {
    op.path.shrink_to_fit();
    op.route.shrink_to_fit();
    op.pointer.shrink_to_fit();
    op.parameters.shrink_to_fit();
    op.parameters.iter_mut().for_each(parameter);
    if let Some(body) = &mut op.request_body {
        media_list(&mut body.content);
    }
    op.responses.shrink_to_fit();
    op.responses.iter_mut().for_each(response);
    op.security.shrink_to_fit();
    op.security.iter_mut().for_each(|r: &mut SecurityRequirement| r.schemes.shrink_to_fit());
    op.scopes.shrink_to_fit();
}

fn parameter(p: &mut Parameter) {
    p.name.shrink_to_fit();
    p.schema.as_mut().map(schema);
}

fn response(r: &mut Response) {
    r.pointer.shrink_to_fit();
    r.headers.shrink_to_fit();
    r.headers.iter_mut().for_each(|h: &mut Header| {
        h.schema.as_mut().map(schema);
    });
    media_list(&mut r.content);
}

fn media_list(content: &mut Vec<Media>) {
    content.shrink_to_fit();
    for media in content {
        media.schema.as_mut().map(schema);
        media.encoding.shrink_to_fit();
    }
}

fn schema(s: &mut Schema) {
    s.pointer.shrink_to_fit();
}

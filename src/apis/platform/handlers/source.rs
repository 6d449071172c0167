//! A repository's snapshot: its file tree and each file's content, once ingested.

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::source::{SourceFile, snapshot};
use crate::apis::platform::views::page::Page;
use crate::apis::platform::views::source::{SourceFileView, TreeEntryView};
use crate::reply::{Answer, Reply};

/// `GET /v1/repositories/{repo_id}/source-tree`: by path; `prefix` keeps a directory's
/// files (`app` and `app/` both mean the `app` directory), `language` one language's.
pub(crate) fn tree(op: &mut Op<'_, '_>) -> Answer {
    let r = op.ready_repository()?;
    let (skip, limit) = op.window(1000);
    let ingest = &op.state().repositories[r].ingest;
    let snap = snapshot(ingest.stack, &ingest.package);
    let prefix = op.query("prefix").map(|p| p.trim_start_matches('/'));
    let language = op.query("language");
    let under = |path: &str| {
        prefix.is_none_or(|p| {
            let dir = p.trim_end_matches('/');
            dir.is_empty() || path == dir || path.starts_with(&format!("{dir}/"))
        })
    };
    let files: Vec<&SourceFile> =
        snap.files.iter().filter(|f| under(&f.path) && language.is_none_or(|l| f.language() == Some(l))).collect();
    Ok(Reply::json(200, Page::of(&files, skip, limit, |f| TreeEntryView::new(f))))
}

/// `GET /v1/repositories/{repo_id}/source-files/{path}`: a listed file; 404 for anything
/// else (a directory is not a file).
pub(crate) fn file(op: &mut Op<'_, '_>) -> Answer {
    let r = op.ready_repository()?;
    let ingest = &op.state().repositories[r].ingest;
    let snap = snapshot(ingest.stack, &ingest.package);
    let path = op.call.request.path_param("path").unwrap_or_default().trim_start_matches('/');
    let file = snap.file(path).ok_or_else(|| errors::file_not_found(op.ctx(), path))?;
    Ok(Reply::json(200, SourceFileView::new(file)))
}

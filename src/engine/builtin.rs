//! Routes secmock answers itself: the API's own spec at `/openapi.json` (always), and the
//! documentation pages where the real API has them.

use crate::reply::Reply;
use crate::spec::{ApiSpec, Builtin};

/// The builtin answering `path` on an API that does not declare it, if any.
pub(crate) fn undeclared(spec: &ApiSpec, path: &str) -> Option<Builtin> {
    match path {
        "/openapi.json" => Some(Builtin::Openapi),
        "/docs" if spec.settings.docs => Some(Builtin::SwaggerUi),
        "/redoc" if spec.settings.docs => Some(Builtin::Redoc),
        _ => None,
    }
}

pub(crate) fn answer(spec: &ApiSpec, builtin: Builtin) -> Reply {
    match builtin {
        Builtin::Openapi => Reply::bytes(200, "application/json", spec.served()),
        Builtin::SwaggerUi => {
            Reply::bytes(200, "text/html; charset=utf-8", crate::docs::swagger_ui_page(&spec.title, "/openapi.json"))
        }
        Builtin::Redoc => {
            Reply::bytes(200, "text/html; charset=utf-8", crate::docs::redoc_page(&spec.title, "/openapi.json"))
        }
    }
}

/// A vendored documentation asset under `/__secmock/assets/`.
pub(crate) fn asset(path: &str) -> Option<Reply> {
    let rest = path.strip_prefix(crate::docs::ASSET_PREFIX)?;
    let (content_type, bytes) = crate::docs::asset(rest)?;
    Some(Reply::bytes(200, content_type, bytes).header("cache-control", "public, max-age=86400"))
}

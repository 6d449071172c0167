//! The live dashboard: one page that shows and drives the whole world, served by the
//! admin API at `/` (and so at `/__secmock/` on every API's port, scoped to that API).
//!
//! Hand-written HTML, CSS and JavaScript, built into the binary (`include_str!`): no
//! build step, nothing loaded from elsewhere (the Content-Security-Policy says so). The
//! page only calls the admin API it was served by, with relative URLs, so the same files
//! work on the admin port and under `/__secmock/`; its calls pass the admin plane's rules
//! like any client's. Live traffic is `GET /journal/stream` read with `fetch()`, which,
//! unlike `EventSource`, can send `Authorization`: with an admin token in force, the page
//! takes it once from its URL fragment (`#token=…`, which browsers never send to a
//! server), keeps it in the tab's `sessionStorage`, and asks for it when a call is
//! refused with 401. The token never appears in a URL a server or a log sees.
//!
//! - `index.html`: the layout, one `<section>` per panel.
//! - `app.css`: light and dark (the system's choice, or the toggle), sizes that scale for
//!   a projector (the `A+` toggle).
//! - `client.js`: talking to the admin API (token, JSON calls, the event stream reader).
//! - `ui.js`: the DOM builder, the shared state, notices, formatting.
//! - `traffic.js`: the APIs, live traffic and violations panels.
//! - `world.js`: the time and world panels.
//! - `rules.js`: the faults and stubs panels.
//! - `app.js`: tabs and keys, the header, the admin token, start-up.
//!
//! They are classic scripts loaded in that order (`defer`), sharing top-level names.

use super::AdminCall;
use crate::reply::{Answer, Reply};

const INDEX: &str = include_str!("index.html");
const FILES: &[(&str, &str, &str)] = &[
    ("app.css", "text/css; charset=utf-8", include_str!("app.css")),
    ("client.js", "text/javascript; charset=utf-8", include_str!("client.js")),
    ("ui.js", "text/javascript; charset=utf-8", include_str!("ui.js")),
    ("traffic.js", "text/javascript; charset=utf-8", include_str!("traffic.js")),
    ("world.js", "text/javascript; charset=utf-8", include_str!("world.js")),
    ("rules.js", "text/javascript; charset=utf-8", include_str!("rules.js")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("app.js")),
    ("icon.svg", "image/svg+xml", include_str!("icon.svg")),
];

/// The page may load its own files and call its own origin, nothing else.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub(crate) fn page(_: &AdminCall<'_>) -> Answer {
    Ok(Reply::bytes(200, "text/html; charset=utf-8", INDEX)
        .header("content-security-policy", CONTENT_SECURITY_POLICY)
        .header("referrer-policy", "no-referrer")
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-cache"))
}

pub(crate) fn file(call: &AdminCall<'_>) -> Answer {
    let name = call.request.path_param("file").unwrap_or_default();
    let (_, content_type, text) = FILES
        .iter()
        .find(|(file, ..)| *file == name)
        .ok_or_else(|| call.not_found(&format!("the dashboard has no file '{name}'")))?;
    Ok(Reply::bytes(200, *content_type, *text)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-cache"))
}

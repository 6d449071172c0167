//! Which world a request is for, decided once per request on every port: a `/w/{name}`
//! path prefix (removed before routing, and handed on in `X-Forwarded-Prefix` so that the
//! URLs an API renders keep it, see `world::mount`), else an `X-Secmock-World` header,
//! else the default world. The default world's path costs one prefix test and one header
//! look-up; it allocates nothing. An unknown world is a 404 in the API's own dialect (on
//! the admin port, problem+json after the admin's access check) and changes nothing.

use std::sync::Arc;

use axum::body::Body as HttpBody;
use http::{HeaderValue, Method, Request, Response};

use super::worlds::{WorldEntry, Worlds};
use crate::engine::Engine;
use crate::world::mount::PREFIX_HEADER;

/// The header that names a world, for clients that cannot change their base URL.
pub(crate) const WORLD_HEADER: &str = "x-secmock-world";

/// A request and the engine of its world.
type Routed = (Arc<Engine>, Request<HttpBody>);
/// The answer to a request for no world (boxed: it is the rare path).
type Refused = Box<Response<HttpBody>>;

/// What a prefix starts with.
const WORLD_PREFIX: &str = "/w/";

/// One listening port: an API's (`api`, its index in the server's `apis`) or the admin
/// port's (`None`), over every world.
#[derive(Debug, Clone)]
pub(crate) struct Port {
    pub api: Option<usize>,
    pub worlds: Arc<Worlds>,
}

impl Port {
    /// The engine of the request's world and the request as that engine must see it, or
    /// the refusal to send.
    pub(crate) fn resolve(&self, request: Request<HttpBody>) -> Result<Routed, Refused> {
        let path = request.uri().path();
        if let Some(rest) = path.strip_prefix(WORLD_PREFIX) {
            let (name, tail) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
            let Some(world) = self.worlds.named(name) else {
                let name = name.to_string();
                return Err(self.unknown(request, &name));
            };
            let tail = tail.to_string();
            let prefix = format!("{WORLD_PREFIX}{name}");
            let engine = self.engine_of(&world, &tail)?;
            return Ok((engine, strip(request, &tail, &prefix)));
        }
        if let Some(named) = request.headers().get(WORLD_HEADER) {
            let name = named.to_str().unwrap_or_default();
            let Some(world) = self.worlds.get(name) else {
                let name = name.to_string();
                return Err(self.unknown(request, &name));
            };
            let engine = self.engine_of(&world, path)?;
            return Ok((engine, request));
        }
        let engine = self.engine_of(self.worlds.default_world(), path)?;
        Ok((engine, request))
    }

    /// The world's engine for this port, counting the request when it is the API's (not
    /// an admin call).
    fn engine_of(&self, world: &WorldEntry, path: &str) -> Result<Arc<Engine>, Refused> {
        let engine = world.engine(self.api).ok_or_else(no_engine)?;
        if self.api.is_some() && !path.starts_with("/__secmock") {
            world.count_request();
        }
        Ok(engine)
    }

    /// 404 for a world that does not exist, in the dialect of this port's API.
    fn unknown(&self, request: Request<HttpBody>, name: &str) -> Refused {
        let head = request.method() == Method::HEAD;
        let default = self.worlds.default_world();
        let Some(engine) = default.engine(self.api) else { return no_engine() };
        let (parts, _) = request.into_parts();
        // The admin port says nothing about which worlds exist to a caller it would refuse.
        if let Some(gate) = &engine.gate
            && let Some(refusal) = gate.refusal(&parts, parts.uri.path())
        {
            return Box::new(crate::engine::into_http(refusal, 0, head));
        }
        let shown: String = name.chars().take(super::worlds::NAME_MAX + 1).collect();
        let message = format!("No world named '{shown}' (create it with POST /__secmock/worlds)");
        Box::new(crate::engine::into_http(engine.api.renderer.error(404, Some(&message)), 0, head))
    }
}

/// Every world has an engine for every port (start-up makes them together): a port
/// without one is a bug, answered as a 500 rather than a panic.
fn no_engine() -> Refused {
    Box::new(crate::engine::into_http(crate::reply::Reply::empty(500), 0, false))
}

/// The request as if it had arrived without the world's prefix; the prefix (after any a
/// proxy in front declared) goes into `X-Forwarded-Prefix`.
fn strip(request: Request<HttpBody>, tail: &str, prefix: &str) -> Request<HttpBody> {
    let (mut parts, body) = request.into_parts();
    let path = if tail.is_empty() { "/" } else { tail };
    let path_and_query = match parts.uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    let mut uri = std::mem::take(&mut parts.uri).into_parts();
    uri.path_and_query = path_and_query.parse().ok();
    parts.uri = http::Uri::from_parts(uri).unwrap_or_default();
    let before = crate::world::mount::prefix(&parts.headers);
    if let Ok(value) = HeaderValue::from_str(&format!("{before}{prefix}")) {
        parts.headers.insert(PREFIX_HEADER, value);
    }
    Request::from_parts(parts, body)
}

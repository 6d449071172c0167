//! A real service the tests control: a small axum server on 127.0.0.1 whose answers each
//! test chooses, and which remembers the requests it was sent.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use parking_lot::Mutex;

/// What the upstream was sent: method, path with query, headers, body.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) method: String,
    pub(crate) uri: String,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Bytes,
}

/// A running upstream; it stops with the test's runtime.
pub(crate) struct Upstream {
    pub(crate) url: String,
    pub(crate) received: Arc<Mutex<Vec<Received>>>,
}

impl Upstream {
    /// Serves `router` on a free port of 127.0.0.1; every request is remembered before
    /// the router answers it.
    pub(crate) async fn start(router: Router) -> Upstream {
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = received.clone();
        let app = router.layer(axum::middleware::from_fn(move |request: Request, next: axum::middleware::Next| {
            let log = log.clone();
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
                log.lock().push(Received {
                    method: parts.method.to_string(),
                    uri: parts.uri.to_string(),
                    headers: parts.headers.clone(),
                    body: body.clone(),
                });
                next.run(Request::from_parts(parts, Body::from(body))).await
            }
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("upstream binds");
        let url = format!("http://{}", listener.local_addr().expect("bound"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Upstream { url, received }
    }

    pub(crate) fn last(&self) -> Received {
        self.received.lock().last().cloned().expect("the upstream was sent a request")
    }
}

/// A URL of 127.0.0.1 on which nothing listens (a port bound, then let go).
pub(crate) async fn nothing_listening() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    drop(listener);
    url
}

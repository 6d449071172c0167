//! `secmock health`: asks a running secmock's admin API whether it is up, for a container's
//! `HEALTHCHECK` (the runtime image has no curl) or a script. Plain HTTP/1.1 through
//! hyper's client, no other dependency; `--url` for another address.

use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;

/// What the admin API said.
#[derive(Debug)]
pub(crate) enum Health {
    /// `GET /health` answered 200; its body.
    Up(serde_json::Value),
    /// It answered 401: up, but an admin token is in force and none (or another) was given.
    UpTokenRequired,
}

/// Asks `{url}/health` (an `http://` admin URL), with `token` as a bearer token if given,
/// within `timeout`.
pub(crate) async fn check(url: &str, token: Option<&str>, timeout: Duration) -> Result<Health, String> {
    tokio::time::timeout(timeout, ask(url, token)).await.map_err(|_| format!("{url}: no answer within {timeout:?}"))?
}

async fn ask(url: &str, token: Option<&str>) -> Result<Health, String> {
    let base = url.trim_end_matches('/');
    let uri: http::Uri = format!("{base}/health").parse().map_err(|e| format!("{url}: not a URL: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!("{url}: secmock health speaks plain http:// only"));
    }
    let authority = uri.authority().ok_or_else(|| format!("{url}: no host"))?.clone();
    let port = authority.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((authority.host(), port))
        .await
        .map_err(|e| format!("{url}: cannot connect: {e}"))?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("{url}: {e}"))?;
    tokio::spawn(connection);
    let mut request = http::Request::get(uri.path()).header(http::header::HOST, authority.as_str());
    if let Some(token) = token {
        request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = request.body(Empty::<bytes::Bytes>::new()).map_err(|e| e.to_string())?;
    let response = sender.send_request(request).await.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.map_err(|e| format!("{url}: {e}"))?.to_bytes();
    match status {
        200 => Ok(Health::Up(serde_json::from_slice(&body).unwrap_or_default())),
        401 => Ok(Health::UpTokenRequired),
        other => Err(format!("{url}/health answered {other}: {}", String::from_utf8_lossy(&body))),
    }
}

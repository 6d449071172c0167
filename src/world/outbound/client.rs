//! The one request an outbound attempt makes: an HTTP/1.1 POST over a fresh connection to
//! an address already checked (see `destination`). No pool, no redirects (a 3xx is an
//! answer like any other), and at most `keep` bytes of the answer are read.

use std::net::SocketAddr;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::destination::Target;

/// What the receiver answered: its status and the start of its body.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) body: Vec<u8>,
    /// More body followed than was read.
    pub(super) cut: bool,
}

async fn connect(addrs: &[SocketAddr]) -> Result<(TcpStream, SocketAddr), String> {
    let mut refusals = Vec::new();
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(stream) => return Ok((stream, *addr)),
            Err(e) => refusals.push(format!("{addr}: {e}")),
        }
    }
    Err(format!("cannot connect to {}", refusals.join("; ")))
}

/// Headers the client owns: where the request goes and how its body is framed.
const OWN: [http::header::HeaderName; 4] =
    [http::header::HOST, http::header::CONTENT_LENGTH, http::header::TRANSFER_ENCODING, http::header::CONNECTION];

/// Posts `body` with `headers` to `target` at the first of `addrs` that takes the
/// connection (`localhost` may be `::1` and `127.0.0.1`, and a receiver listen on one). Headers that are not valid HTTP, and
/// those the client owns (`OWN`), are left out; `content-type` (JSON) and `user-agent`
/// are added when the builder gave none.
pub(super) async fn post(
    addrs: &[SocketAddr],
    target: &Target,
    headers: &[(String, String)],
    body: Bytes,
    keep: usize,
) -> Result<Answer, String> {
    let (stream, addr) = connect(addrs).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP handshake with {addr} failed: {e}"))?;
    let mut request = Request::post(target.path.as_str())
        .header(http::header::HOST, target.authority.as_str())
        .body(Full::new(body))
        .map_err(|e| format!("cannot build the request: {e}"))?;
    let map = request.headers_mut();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str()))
            && !OWN.contains(&n)
        {
            map.append(n, v);
        }
    }
    if !map.contains_key(http::header::CONTENT_TYPE) {
        map.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    if !map.contains_key(http::header::USER_AGENT) {
        map.insert(http::header::USER_AGENT, HeaderValue::from_static("secmock-outbound"));
    }
    let exchange = async move {
        let response = sender.send_request(request).await.map_err(|e| format!("no answer from {addr}: {e}"))?;
        let status = response.status().as_u16();
        let mut incoming = response.into_body();
        let (mut body, mut cut) = (Vec::new(), false);
        while let Some(frame) = incoming.frame().await {
            let Ok(data) = frame.map_err(|e| format!("reading the answer from {addr}: {e}"))?.into_data() else {
                continue;
            };
            let room = keep.saturating_sub(body.len());
            body.extend_from_slice(&data[..data.len().min(room)]);
            if data.len() > room {
                // Enough: the rest is not read, and the connection is dropped with it.
                cut = true;
                break;
            }
        }
        Ok(Answer { status, body, cut })
    };
    tokio::pin!(exchange, connection);
    // The connection must be driven while the exchange waits on it; if it ends first the
    // exchange still holds whatever it had read, or the error that ended it.
    tokio::select! {
        biased;
        answer = &mut exchange => answer,
        ended = &mut connection => match ended {
            Ok(()) => exchange.await,
            Err(e) => Err(format!("connection to {addr} failed: {e}")),
        },
    }
}

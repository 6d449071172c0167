//! One upstream: where it is, the pooled HTTP(S) client that reaches it, and the exchange
//! of one request for its answer.

use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use http::header::{self, HeaderMap, HeaderName};
use http::{Method, Request, StatusCode, Uri};
use http_body_util::{BodyDataStream, BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::failure::{UpstreamFailure, classify};
use super::tls;
use crate::reply::{Body, Reply};

/// How every upstream is reached.
#[derive(Debug, Clone)]
pub(crate) struct ProxyOptions {
    /// Longest wait for an upstream's answer (its head, and a buffered body), from the
    /// moment the request is sent; a streamed body has no limit.
    pub timeout: Duration,
    /// Largest answer body buffered and validated; a larger one streams through unvalidated.
    pub buffer_limit: usize,
    /// CA certificates (PEM files) trusted besides the webpki roots.
    pub ca_files: Vec<PathBuf>,
}

impl Default for ProxyOptions {
    fn default() -> Self {
        ProxyOptions { timeout: Duration::from_secs(30), buffer_limit: 16 * 1024 * 1024, ca_files: Vec::new() }
    }
}

/// A real service an API's port forwards to.
pub(crate) struct Upstream {
    /// The URL as given, for messages and the journal.
    url: String,
    scheme: String,
    authority: String,
    /// The URL's own path, which every forwarded path is put under (`/` adds nothing).
    prefix: String,
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    options: ProxyOptions,
    /// Where what this upstream answers is recorded (`--record`), if anywhere.
    recorder: Option<std::sync::Arc<super::Recorder>>,
}

impl std::fmt::Debug for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upstream").field("url", &self.url).finish()
    }
}

/// What an upstream answered, ready to be validated and sent.
#[derive(Debug)]
pub(crate) struct Forwarded {
    pub reply: Reply,
    /// Why the body was not validated, when it was not (streamed through).
    pub unvalidated: Option<String>,
}

/// Headers that belong to one connection, not to the message (RFC 9110 §7.6.1); they are
/// neither forwarded nor passed back. `Host` is the upstream's, and `Content-Length` is
/// set again from the bytes sent.
const HOP_BY_HOP: [HeaderName; 8] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

impl Upstream {
    /// An upstream at `url` (`http://` or `https://`, with an optional path prefix).
    pub(crate) fn new(url: &str, options: ProxyOptions) -> Result<Upstream, String> {
        let uri: Uri = url.parse().map_err(|e| format!("{url}: not a URL ({e})"))?;
        let scheme = uri.scheme_str().unwrap_or_default().to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("{url}: the upstream must be an http:// or https:// URL"));
        }
        let authority = uri.authority().map(|a| a.to_string()).ok_or_else(|| format!("{url}: no host in it"))?;
        if uri.query().is_some() {
            return Err(format!("{url}: an upstream URL takes no query"));
        }
        let prefix = uri.path().trim_end_matches('/').to_string();
        let tls = tls::client_config(&options.ca_files)?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(options.timeout));
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Upstream {
            url: url.trim_end_matches('/').to_string(),
            scheme,
            authority,
            prefix,
            client,
            options,
            recorder: None,
        })
    }

    /// Records what this upstream answers with `recorder`.
    pub(crate) fn with_recorder(mut self, recorder: std::sync::Arc<super::Recorder>) -> Upstream {
        self.recorder = Some(recorder);
        self
    }

    pub(crate) fn recorder(&self) -> Option<&super::Recorder> {
        self.recorder.as_deref()
    }

    /// The upstream's URL as given (without a trailing slash).
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// Sends one request and reads the answer: buffered up to the limit, streamed past it
    /// or when it is an event stream.
    pub(crate) async fn forward(
        &self,
        method: &Method,
        path_and_query: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Forwarded, UpstreamFailure> {
        let target = format!("{}://{}{}{}", self.scheme, self.authority, self.prefix, path_and_query);
        let uri: Uri = target.parse().map_err(|e| UpstreamFailure::Broken(format!("cannot address {target}: {e}")))?;
        let mut request = Request::builder()
            .method(method.clone())
            .uri(uri)
            .body(Full::new(body))
            .map_err(|e| UpstreamFailure::Broken(format!("cannot build the request: {e}")))?;
        *request.headers_mut() = message_headers(headers);
        request.headers_mut().remove(header::HOST);
        request.headers_mut().remove(header::CONTENT_LENGTH);
        let timeout = self.options.timeout;
        let response = match tokio::time::timeout(timeout, self.client.request(request)).await {
            Err(_) => return Err(UpstreamFailure::Timeout(timeout)),
            Ok(Err(e)) => return Err(classify(&e)),
            Ok(Ok(response)) => response,
        };
        let (parts, incoming) = response.into_parts();
        let headers = message_headers(&parts.headers);
        let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
        let streamed = content_type.as_deref().is_some_and(|ct| essence(ct) == "text/event-stream");
        let mut reply = Reply::empty(parts.status.as_u16());
        reply.status = parts.status;
        reply.headers = headers;
        if streamed {
            reply.body = stream_body(content_type.unwrap_or_default(), Vec::new(), incoming);
            return Ok(Forwarded { reply, unvalidated: Some("an event stream streams through unbuffered".into()) });
        }
        let read = tokio::time::timeout(timeout, read_up_to(incoming, self.options.buffer_limit)).await;
        let (chunks, rest) = match read {
            Err(_) => return Err(UpstreamFailure::Timeout(timeout)),
            Ok(Err(e)) => return Err(UpstreamFailure::Broken(format!("reading the answer: {e}"))),
            Ok(Ok(read)) => read,
        };
        let content_type = content_type.unwrap_or_default();
        match rest {
            Some(rest) => {
                reply.body = stream_body(content_type, chunks, rest);
                let why = format!("the body is larger than {} bytes and streams through", self.options.buffer_limit);
                Ok(Forwarded { reply, unvalidated: Some(why) })
            }
            None => {
                let bytes: Bytes = chunks.concat().into();
                reply.body = body_of(&parts.status, content_type, bytes);
                Ok(Forwarded { reply, unvalidated: None })
            }
        }
    }
}

/// The headers of a message without those of its connection (and those a `Connection`
/// header names).
fn message_headers(headers: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|n| n.trim().to_ascii_lowercase()))
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        if !HOP_BY_HOP.contains(name) && !named.iter().any(|n| n == name.as_str()) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// A buffered body: bytes with their media type as sent. A body without a
/// `Content-Type` is still bytes; the header stays absent (the edge adds none for an
/// empty media type), and response validation reports the missing media type.
fn body_of(status: &StatusCode, content_type: String, bytes: Bytes) -> Body {
    if bytes.is_empty() && content_type.is_empty() || *status == StatusCode::NO_CONTENT {
        return Body::Empty;
    }
    Body::Bytes { content_type: content_type.into(), bytes }
}

fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

type Incoming = hyper::body::Incoming;

/// Reads at most `limit` bytes; `Some(rest)` when more followed.
async fn read_up_to(mut body: Incoming, limit: usize) -> Result<(Vec<Bytes>, Option<Incoming>), hyper::Error> {
    let (mut chunks, mut held) = (Vec::new(), 0usize);
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else { continue };
        held += data.len();
        chunks.push(data);
        if held > limit {
            return Ok((chunks, Some(body)));
        }
    }
    Ok((chunks, None))
}

/// A body that sends what was already read, then the rest as it arrives; an upstream that
/// breaks off mid-stream ends it (the client sees the stream end).
fn stream_body(content_type: String, read: Vec<Bytes>, rest: Incoming) -> Body {
    let rest = BodyDataStream::new(rest).take_while(|r| std::future::ready(r.is_ok())).filter_map(|r| async { r.ok() });
    let stream = futures_util::stream::iter(read).chain(rest).map(Ok);
    Body::Stream { content_type: content_type.into(), stream: stream.boxed() }
}

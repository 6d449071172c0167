//! What the engine tests share: an echo behaviour that shows what the engine handed to a
//! handler, a raw HTTP/1.1 client for requests reqwest refuses to send, and small
//! assertions.

use std::sync::Arc;

use secmock::contract::ValidatedRequest;
use secmock::spec::Operation;
use secmock::world::{ApiScenario, Behaviour, Ctx, Identity};
use secmock::{MockServer, Reply};
use serde_json::{Value, json};

/// Answers the petstore fixture's `echo*` operations with the request as validated:
/// typed parameters with defaults applied, the decoded body and the matched media type.
/// Every other operation is left to the contract.
#[derive(Debug, Default)]
pub(crate) struct Echo;

impl Behaviour for Echo {
    fn handle(&self, _: &Ctx<'_>, op: &Operation, request: &ValidatedRequest, _: &Identity) -> Option<Reply> {
        match op.id.as_str() {
            "echoFile" => Some(Reply::json(200, json!({"path": request.path_text("path")}))),
            "echoHeader" => {
                Some(Reply::json(200, json!({})).header("x-count", request.query_str("count").unwrap_or_default()))
            }
            id if id.starts_with("echo") => Some(Reply::json(
                200,
                json!({
                    "path": request.params.path,
                    "query": request.params.query,
                    "header": request.params.header,
                    "cookie": request.params.cookie,
                    "body": request.body,
                    "media_type": request.media_type,
                    "body_len": request.body_bytes.len(),
                }),
            )),
            _ => None,
        }
    }
    fn load(&self, _: &Ctx<'_>, _: Option<&ApiScenario>) -> Result<(), String> {
        Ok(())
    }
    fn import_state(&self, _: &Ctx<'_>, _: &Value) -> Result<(), String> {
        Ok(())
    }
}

/// A behaviour factory that gives the petstore its echo behaviour.
pub(crate) fn echo_behaviours(api: &str) -> Option<Arc<dyn Behaviour>> {
    (api == "petstore").then(|| Arc::new(Echo) as Arc<dyn Behaviour>)
}

/// A strict petstore whose `echo*` operations are answered by [`Echo`].
pub(crate) async fn echo_server() -> MockServer {
    MockServer::builder()
        .specs([crate::helpers::fixture("petstore-31.yaml")])
        .scenario(None)
        .behaviours(echo_behaviours)
        .start()
        .await
        .expect("petstore fixture loads")
}

/// An HTTP response read off a raw connection.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("body is not JSON ({e}): {}\n{}", self.head, String::from_utf8_lossy(&self.body))
        })
    }
}

/// Sends `request` (a complete HTTP/1.1 request, bytes as given: nothing is normalised or
/// encoded) to `base_url` and reads the whole answer. The request should say
/// `Connection: close`; the answer must be a complete HTTP response, never a dropped
/// connection.
pub(crate) async fn raw(base_url: &str, request: &[u8]) -> RawResponse {
    let addr = base_url.trim_start_matches("http://").to_string();
    let request = request.to_vec();
    // Plain blocking std I/O on a blocking thread: the server runs on the test's runtime.
    let bytes = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).expect("connects");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).expect("timeout set");
        stream.write_all(&request).expect("request written");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("answer read");
        bytes
    })
    .await
    .expect("raw client thread");
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete HTTP answer: {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    let mut body = bytes[split + 4..].to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    RawResponse { status, head, body }
}

/// A `method` request for `target` with extra header lines (each ending in CRLF), sent
/// byte for byte.
pub(crate) async fn raw_send(base_url: &str, method: &str, target: &[u8], headers: &[u8]) -> RawResponse {
    let mut request = format!("{method} ").into_bytes();
    request.extend_from_slice(target);
    request.extend_from_slice(b" HTTP/1.1\r\nHost: test\r\n");
    request.extend_from_slice(headers);
    request.extend_from_slice(b"Connection: close\r\n\r\n");
    raw(base_url, &request).await
}

/// A GET of `target` with extra header lines, sent byte for byte.
pub(crate) async fn raw_get(base_url: &str, target: &[u8], headers: &[u8]) -> RawResponse {
    raw_send(base_url, "GET", target, headers).await
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") else { return out };
        let size = usize::from_str_radix(String::from_utf8_lossy(&body[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = line_end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = &body[(start + size + 2).min(body.len())..];
    }
}

/// The response's JSON body, after asserting its status (the body is shown on failure).
pub(crate) async fn expect_json(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let text = response.text().await.expect("body read");
    assert_eq!(got, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("body is not JSON ({e}): {text}"))
}

/// Sends `request` and returns its JSON body after asserting its status (the body is shown
/// on failure): [`expect_json`] without the separate `send().await.expect(..)`.
pub(crate) async fn fetch_json(request: reqwest::RequestBuilder, status: u16) -> Value {
    expect_json(request.send().await.expect("request sent"), status).await
}

/// `detail[*].loc` of a FastAPI 422 body, each location joined with dots.
pub(crate) fn fastapi_locs(body: &Value) -> Vec<String> {
    body["detail"]
        .as_array()
        .unwrap_or_else(|| panic!("not a FastAPI validation body: {body}"))
        .iter()
        .map(|e| {
            e["loc"]
                .as_array()
                .expect("loc")
                .iter()
                .map(|s| match s {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect()
}

/// The FastAPI 422 entry at `loc` (dot-joined).
pub(crate) fn fastapi_entry<'b>(body: &'b Value, loc: &str) -> &'b Value {
    let locs = fastapi_locs(body);
    let i = locs.iter().position(|l| l == loc).unwrap_or_else(|| panic!("no error at {loc}; have {locs:?}"));
    &body["detail"][i]
}

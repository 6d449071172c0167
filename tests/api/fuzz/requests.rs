//! The request validator and everything behind it: arbitrary methods, paths (from the
//! specs' templates with hostile segments, and made up), queries, headers and bodies,
//! sent to a running server over the fixture specs and to one running every API with
//! the default scenario. No answer may be a caught panic.

use std::sync::LazyLock;

use proptest::prelude::*;
use reqwest::Method;
use secmock::MockServer;
use serde_json::Value;

use super::{RUNTIME, config, json_value, not_a_bug, server};

const FIXTURES: &[&str] =
    &["widgets-fastapi.yaml", "widgets-dryrun.yaml", "widgets-problem.yaml", "shop-30.yaml", "petstore-31.yaml"];
const APIS: &[&str] = &["kolega", "dryrun", "securescan", "platform"];

/// A server and, per API, its base URL and path templates (with the server prefix).
struct Targets {
    _servers: Vec<MockServer>,
    apis: Vec<(String, Vec<String>)>,
}

/// The path templates of a spec, prefixed with its server URL's path.
fn templates(file: &std::path::Path) -> Vec<String> {
    let doc = secmock::spec::read_document(file).expect("a spec parses");
    let server = doc.pointer("/servers/0/url").and_then(Value::as_str).unwrap_or("");
    let prefix = server.split_once("://").map_or(server, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let paths: Vec<String> =
        doc.get("paths").and_then(Value::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default();
    paths.into_iter().map(|p: String| format!("{}{p}", prefix.trim_end_matches('/'))).collect()
}

fn name_of(file: &std::path::Path) -> Option<String> {
    let doc = secmock::spec::read_document(file).ok()?;
    doc.pointer("/x-secmock/api").and_then(Value::as_str).map(str::to_string)
}

static TARGETS: LazyLock<Targets> = LazyLock::new(|| {
    let fixtures = RUNTIME.block_on(crate::helpers::fixture_server(FIXTURES));
    let everything = server("default");
    let mut apis = Vec::new();
    for name in FIXTURES {
        let file = crate::helpers::fixture(name);
        if let Some(url) = name_of(&file).and_then(|api| fixtures.urls().get(&api).cloned()) {
            apis.push((url, templates(&file)));
        }
    }
    for api in APIS {
        let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("specs/{api}/openapi.yaml"));
        if let Some(url) = everything.urls().get(*api) {
            apis.push((url.clone(), templates(&file)));
        }
    }
    assert!(apis.len() >= 6, "every API has a URL: {}", apis.len());
    Targets { _servers: vec![fixtures, everything], apis }
});

/// A path segment: ordinary, empty, encoded, traversal, multibyte, long.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "1",
            "0",
            "-1",
            "abc",
            "",
            "%00",
            "%2F",
            "%ZZ",
            "..",
            ".",
            "é",
            "%C3%A9",
            "%FF",
            "10000000-0000-4000-8000-000000000001",
            "65bb83bf-1356-4cbe-a45a-a89c9dde8fd0",
            "99999999999999999999999",
            "1e309",
            "true",
            "null",
            "a;b=c",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9._~%-]{0,12}",
        (1usize..3).prop_map(|n| "x".repeat([0, 300, 9000][n])),
    ]
}

fn query_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "0",
            "1",
            "-1",
            "100",
            "101",
            "9223372036854775808",
            "1.5",
            "",
            "true",
            "false",
            "null",
            "critical",
            "high",
            "open",
            "semgrep_scan",
            "completed",
            "2026-01-01",
            "2026-01-01T00:00:00Z",
            "9999-12-31",
            "%FF",
            "é",
            "[1,2]",
            "{}",
            "a,b",
        ])
        .prop_map(str::to_string),
        "[a-z0-9,%_-]{0,10}",
    ]
}

fn query() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "limit",
        "skip",
        "page",
        "per_page",
        "days",
        "severity",
        "status",
        "scan_type",
        "date",
        "start",
        "end",
        "repository_id",
        "finding_id",
        "all_results",
        "branch",
        "pr_number",
        "findings_result",
        "event_type",
        "date_from",
        "date_to",
        "q",
        "sort",
        "id",
        "",
        "%",
    ]);
    prop::collection::vec((key, query_value()), 0..5)
        .prop_map(|pairs| pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"))
}

#[derive(Debug, Clone)]
enum Body {
    None,
    Json(Value),
    Bytes(Vec<u8>),
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        Just(Body::None),
        json_value().prop_map(Body::Json),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(Body::Bytes),
        Just(Body::Bytes(b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n".to_vec())),
    ]
}

#[derive(Debug, Clone)]
struct Request {
    api: usize,
    method: Method,
    path: String,
    query: String,
    auth: Option<String>,
    content_type: Option<String>,
    accept: Option<String>,
    body: Body,
}

fn request() -> impl Strategy<Value = Request> {
    let method = prop::sample::select(vec![
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
    ]);
    let auth = prop::option::of(prop::sample::select(vec![
        "Bearer kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz",
        "Bearer drs_demo_7f3c9a1e5b2d",
        "Bearer good",
        "Bearer ",
        "Basic Zm9vOmJhcg==",
        "Basic !!!",
        "bearer x y",
        "Bearer é",
    ]));
    let content_type = prop::option::of(prop::sample::select(vec![
        "application/json",
        "application/json; charset=utf-8",
        "multipart/form-data; boundary=x",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/problem+json",
        "*/*",
        ";;",
        "é/é",
    ]));
    let accept = prop::option::of(prop::sample::select(vec![
        "application/json",
        "text/html",
        "*/*",
        "application/xml",
        "application/json;q=0",
        "",
        "é",
    ]));
    let path = (any::<usize>(), prop::collection::vec(segment(), 0..4), any::<bool>());
    (any::<usize>(), method, path, query(), auth, content_type, accept, body()).prop_map(
        |(api, method, (template, segments, made_up), query, auth, content_type, accept, body)| {
            let apis = &TARGETS.apis;
            let api = api % apis.len();
            let templates = &apis[api].1;
            let path = if made_up || templates.is_empty() {
                format!("/{}", segments.join("/"))
            } else {
                let mut path = templates[template % templates.len()].clone();
                for s in &segments {
                    if let (Some(open), Some(close)) = (path.find('{'), path.find('}'))
                        && open < close
                    {
                        path.replace_range(open..=close, s);
                    }
                }
                path
            };
            let (auth, content_type, accept) =
                (auth.map(str::to_string), content_type.map(str::to_string), accept.map(str::to_string));
            Request { api, method, path, query, auth, content_type, accept, body }
        },
    )
}

async fn send(r: &Request) -> Result<(), TestCaseError> {
    let base = &TARGETS.apis[r.api].0;
    let url = if r.query.is_empty() { format!("{base}{}", r.path) } else { format!("{base}{}?{}", r.path, r.query) };
    let Ok(url) = reqwest::Url::parse(&url) else { return Ok(()) };
    let mut request = crate::helpers::client().request(r.method.clone(), url);
    for (name, value) in [("authorization", &r.auth), ("content-type", &r.content_type), ("accept", &r.accept)] {
        if let Some(value) = value {
            request = request.header(name, value.as_str());
        }
    }
    request = match &r.body {
        Body::None => request,
        Body::Json(v) => request.body(v.to_string()),
        Body::Bytes(b) => request.body(b.clone()),
    };
    // A request reqwest itself refuses to send (a header it cannot encode) is no finding.
    let Ok(response) = request.send().await else { return Ok(()) };
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    not_a_bug(&format!("{} {}?{}", r.method, r.path, r.query), status, &text)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_requests_never_reach_a_panic(r in request()) {
        RUNTIME.block_on(send(&r))?;
    }
}

//! The baseline for `benches/load.sh`: a bare axum server that answers the benchmark
//! fixture's two routes with the same bytes secmock sends, and does nothing else: no
//! routing table from a spec, no credential check, no validation, no journal. What
//! secmock spends beyond this server is the price of its contract checks.
//!
//! The bodies are the fixture's examples, read with the same YAML and JSON crates secmock
//! uses and serialised once at start-up, so both servers put identical bytes on the wire.
//! `POST /findings` still reads and parses its JSON body (a server must), but checks
//! nothing in it.
//!
//! ```text
//! cargo run --release --example bare_axum -- 4199 [benches/fixtures/bench.yaml]
//! cargo run --release --example bare_axum -- 4199 --get /v1/items=items.json ...
//! ```
//!
//! With `--get PATH=FILE` (any number of them) it answers `GET PATH` (whatever the query)
//! with FILE's bytes instead: `benches/lists.sh` saves what secmock answered on each
//! API's stateful list and has this server send the same bytes.

use std::net::{Ipv4Addr, SocketAddr};

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::{Listener as _, ListenerExt as _};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The two pre-serialised answers.
#[derive(Clone)]
struct Bodies {
    list: Bytes,
    created: Bytes,
}

const LIST: &str = "/paths/~1findings/get/responses/200/content/application~1json/examples/fifty/value";
const CREATED: &str = "/paths/~1findings/post/responses/201/content/application~1json/examples/created/value";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port: u16 =
        args.first().context("usage: bare_axum PORT [FIXTURE | --get PATH=FILE...]")?.parse().context("PORT")?;
    let app =
        if args.get(1).is_some_and(|a| a == "--get") { saved_answers(&args[1..])? } else { fixture(args.get(1))? };
    serve(port, app)
}

/// The benchmark fixture's two routes.
fn fixture(path: Option<&String>) -> anyhow::Result<Router> {
    let fixture = path.cloned().unwrap_or_else(|| "benches/fixtures/bench.yaml".into());
    let text = std::fs::read_to_string(&fixture).with_context(|| format!("cannot read {fixture}"))?;
    let doc: Value = yaml_serde::from_str(&text).with_context(|| format!("{fixture} is not YAML"))?;
    let example = |pointer: &str| -> anyhow::Result<Bytes> {
        let value = doc.pointer(pointer).with_context(|| format!("{fixture} has no {pointer}"))?;
        Ok(Bytes::from(serde_json::to_vec(value)?))
    };
    let bodies = Bodies { list: example(LIST)?, created: example(CREATED)? };
    Ok(Router::new().route("/findings", get(list).post(create)).with_state(bodies))
}

/// `--get PATH=FILE ...`: each PATH answered with FILE's bytes, looked up in one map (a
/// router of many literal routes would cost about the same).
fn saved_answers(args: &[String]) -> anyhow::Result<Router> {
    let mut answers = HashMap::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        anyhow::ensure!(flag == "--get", "expected --get PATH=FILE, got {flag}");
        let pair = it.next().context("--get needs PATH=FILE")?;
        let (path, file) = pair.split_once('=').context("--get needs PATH=FILE")?;
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {file}"))?;
        answers.insert(path.to_string(), Bytes::from(bytes));
    }
    let answers = Arc::new(answers);
    Ok(Router::new().fallback(move |uri: axum::http::Uri| {
        let answers = answers.clone();
        async move {
            match answers.get(uri.path()) {
                Some(body) => ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response(),
                None => StatusCode::NOT_FOUND.into_response(),
            }
        }
    }))
}

fn serve(port: u16, app: Router) -> anyhow::Result<()> {
    // The same runtime secmock's `main` builds: multi-threaded, one worker per core.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .await
            .with_context(|| format!("cannot listen on port {port}"))?
            // secmock sets TCP_NODELAY on every connection; so does the baseline.
            .tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
        println!("bare_axum listening on http://{}", listener.local_addr()?);
        axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
        Ok(())
    })
}

async fn list(State(bodies): State<Bodies>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bodies.list).into_response()
}

async fn create(State(bodies): State<Bodies>, body: Bytes) -> Response {
    match serde_json::from_slice::<Value>(&body) {
        Ok(_) => (StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], bodies.created).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn shutdown() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => return std::future::pending().await,
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

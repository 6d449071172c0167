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
//! ```

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

/// The two pre-serialised answers.
#[derive(Clone)]
struct Bodies {
    list: Bytes,
    created: Bytes,
}

const LIST: &str = "/paths/~1findings/get/responses/200/content/application~1json/examples/fifty/value";
const CREATED: &str = "/paths/~1findings/post/responses/201/content/application~1json/examples/created/value";

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().context("usage: bare_axum PORT [FIXTURE]")?.parse().context("PORT")?;
    let fixture = args.next().unwrap_or_else(|| "benches/fixtures/bench.yaml".into());
    let text = std::fs::read_to_string(&fixture).with_context(|| format!("cannot read {fixture}"))?;
    let doc: Value = yaml_serde::from_str(&text).with_context(|| format!("{fixture} is not YAML"))?;
    let example = |pointer: &str| -> anyhow::Result<Bytes> {
        let value = doc.pointer(pointer).with_context(|| format!("{fixture} has no {pointer}"))?;
        Ok(Bytes::from(serde_json::to_vec(value)?))
    };
    let bodies = Bodies { list: example(LIST)?, created: example(CREATED)? };

    // The same runtime secmock's `main` builds: multi-threaded, one worker per core.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let app = Router::new().route("/findings", get(list).post(create)).with_state(bodies);
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

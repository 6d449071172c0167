//! Micro-benchmarks of the contract checks every request pays for, through secmock's
//! public API, on the benchmark fixture (`benches/fixtures/bench.yaml`): request
//! validation of `GET /findings` and of a `POST /findings` body, response validation of
//! the 50-finding list (as the pipeline holds it, a JSON value, and as raw bytes that
//! must be parsed first), the generator's copy of the example, its serialisation, and
//! loading each bundled spec.
//!
//! `cargo bench --bench validator` (add `-- response` to run only the matching ones).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use futures_util::FutureExt as _;
use http::{HeaderMap, HeaderValue, Method};
use secmock::__private::generate::{self, Prefer};
use secmock::Reply;
use secmock::contract::{Credential, RawRequest, Verdicts, request, response};
use secmock::spec::{ApiSpec, Operation};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> ApiSpec {
    ApiSpec::load(&root().join("benches/fixtures/bench.yaml")).expect("the bench fixture loads")
}

fn operation<'s>(spec: &'s ApiSpec, id: &str) -> &'s Operation {
    spec.operation(id).unwrap_or_else(|| panic!("the fixture has no operation {id}"))
}

fn example(op: &Operation, status: u16) -> Value {
    let response = op.response(status).expect("declared status");
    let media = response.content.first().expect("declared body");
    media.examples.first().expect("an example").value().clone()
}

fn bearer() -> Vec<Credential> {
    vec![Credential { scheme: "bearer".into(), secret: "bench-token".into(), username: None }]
}

fn headers(json_body: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(http::header::AUTHORIZATION, HeaderValue::from_static("Bearer bench-token"));
    headers.insert(http::header::ACCEPT, HeaderValue::from_static("*/*"));
    headers.insert(http::header::USER_AGENT, HeaderValue::from_static("wrk"));
    if json_body {
        headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    headers
}

/// Request validation is `async` only for multipart bodies; JSON never waits, so the
/// future is polled once rather than paying for a runtime in the measurement.
fn validate_request(spec: &ApiSpec, op: &Operation, raw: &RawRequest<'_>) -> usize {
    let validated = request::validate(spec, op, raw, bearer())
        .now_or_never()
        .expect("JSON request validation completes without waiting");
    match validated {
        Ok(request) => request.body.map_or(0, |_| 1),
        Err(problems) => panic!("the benchmark request is invalid: {problems:?}"),
    }
}

fn requests(c: &mut Criterion) {
    let spec = fixture();
    let list = operation(&spec, "list_findings");
    let create = operation(&spec, "create_finding");
    let mut group = c.benchmark_group("request");

    let get_headers = headers(false);
    let empty = Bytes::new();
    let get = RawRequest {
        method: &Method::GET,
        path: "/findings",
        query: "",
        headers: &get_headers,
        body: &empty,
        path_params: &[],
    };
    group.bench_function("GET /findings", |b| b.iter(|| validate_request(&spec, list, black_box(&get))));

    let post_headers = headers(true);
    let body = Bytes::from(std::fs::read(root().join("benches/fixtures/new_finding.json")).expect("fixture body"));
    group.throughput(Throughput::Bytes(body.len() as u64));
    let post = RawRequest {
        method: &Method::POST,
        path: "/findings",
        query: "",
        headers: &post_headers,
        body: &body,
        path_params: &[],
    };
    group
        .bench_function("POST /findings (1 finding)", |b| b.iter(|| validate_request(&spec, create, black_box(&post))));
    group.finish();
}

fn responses(c: &mut Criterion) {
    let spec = fixture();
    let list = operation(&spec, "list_findings");
    let create = operation(&spec, "create_finding");
    let findings = example(list, 200);
    let bytes = Bytes::from(serde_json::to_vec(&findings).expect("serialisable"));
    let mut group = c.benchmark_group("response");
    group.throughput(Throughput::Elements(50));

    let reply = Reply::json(200, findings.clone());
    let valid = response::validate(list, &reply, false, None, &Verdicts::default());
    assert!(valid.is_empty(), "the fixture's example violates its schema: {valid:?}");
    group.bench_function("GET /findings 200 (50 findings, JSON value)", |b| {
        b.iter(|| response::validate(list, black_box(&reply), false, None, &Verdicts::default()))
    });

    // As the pipeline sees it: the bytes about to be sent plus the value they came from,
    // first seen (a fresh memo: hash + check) and seen before (hash + remembered verdict).
    let raw = Reply::bytes(200, "application/json", bytes.clone());
    group.bench_function("GET /findings 200 (50 findings, new body: hash + validate)", |b| {
        b.iter(|| response::validate(list, black_box(&raw), false, Some(&findings), &Verdicts::default()))
    });
    let memo = Verdicts::default();
    group.bench_function("GET /findings 200 (50 findings, body seen before)", |b| {
        b.iter(|| response::validate(list, black_box(&raw), false, Some(&findings), &memo))
    });
    group.bench_function("GET /findings 200 (50 findings, bytes only: parse + validate)", |b| {
        b.iter(|| response::validate(list, black_box(&raw), false, None, &Verdicts::default()))
    });

    // The two ways to ask the compiled schema: the pipeline collects every error
    // (`iter_errors`), which tracks paths even when there is nothing to report; a yes/no
    // answer (`is_valid`) first would skip that for the usual, valid response.
    let schema = list.response(200).and_then(|r| r.content.first()).and_then(|m| m.schema.as_ref());
    let validator = &schema.expect("the list response has a schema").validator;
    group.bench_function("schema only: iter_errors (50 findings)", |b| {
        b.iter(|| validator.iter_errors(black_box(&findings)).count())
    });
    group
        .bench_function("schema only: is_valid (50 findings)", |b| b.iter(|| validator.is_valid(black_box(&findings))));

    group.throughput(Throughput::Elements(1));
    let created = Reply::json(201, example(create, 201));
    group.bench_function("POST /findings 201 (1 finding)", |b| {
        b.iter(|| response::validate(create, black_box(&created), false, None, &Verdicts::default()))
    });
    group.finish();

    // What the pipeline does around validation, for scale.
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(50));
    let prefer = Prefer::default();
    let anchor = jiff::Timestamp::from_second(1_790_000_000).expect("a valid instant");
    let req = generate::Request { prefer: &prefer, accept: Some("*/*"), seed: 7, anchor };
    group.bench_function("generate GET /findings (copy the 50-finding example)", |b| {
        b.iter(|| generate::respond(&spec, list, black_box(&req)).expect("a response"))
    });
    group.bench_function("serialise 50 findings (serde_json::to_vec)", |b| {
        b.iter(|| serde_json::to_vec(black_box(&findings)).expect("serialisable"))
    });
    group.bench_function("parse 50 findings (serde_json::from_slice)", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"))
    });
    group.bench_function("drop a 50-finding JSON value", |b| {
        b.iter_batched(|| findings.clone(), drop, BatchSize::SmallInput)
    });
    group.finish();
}

fn spec_loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("spec_load");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let specs = ["dryrun", "kolega", "securescan", "platform"]
        .map(|api| (api.to_string(), root().join("specs").join(api).join("openapi.yaml")));
    for (api, file) in specs.iter().chain([("bench".to_string(), root().join("benches/fixtures/bench.yaml"))].iter()) {
        group.bench_function(api.as_str(), |b| b.iter(|| ApiSpec::load(black_box(Path::new(file))).expect("loads")));
    }
    group.finish();
}

criterion_group!(benches, requests, responses, spec_loading);
criterion_main!(benches);

//! When schemas are compiled (`spec::Compile`): the shipped specs defer each validator to
//! its first use, which is what makes start-up fast; a spec given by path compiles them
//! all at load, so its mistakes stop the start. Both validate the same.

use secmock::MockServer;
use secmock::spec::{ApiSpec, Compile};
use serde_json::json;

use crate::helpers::{client, fixture};

/// A document whose one response schema has a pattern no regex engine accepts.
fn uncompilable() -> serde_json::Value {
    json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"type": "string", "pattern": "(unclosed"}}}}}}}}
    })
}

/// The shipped specs compile their schemas on first use: that is only safe because every
/// one of them compiles, which this checks (the admin API's too).
#[test]
fn every_shipped_schema_compiles() {
    let sources = secmock::Config::default().spec_sources().expect("the shipped specs are listed");
    assert_eq!(sources.len(), 4);
    for source in sources {
        let doc = source.read().unwrap_or_else(|e| panic!("{e}"));
        let spec =
            ApiSpec::from_document_with(source.path(), doc, Compile::OnFirstUse).unwrap_or_else(|e| panic!("{e}"));
        assert!(spec.compiled_schemas > 0, "{}", spec.name);
        spec.compile_all().unwrap_or_else(|e| panic!("{e}"));
    }
    let admin = secmock::__private::admin_spec().unwrap_or_else(|e| panic!("{e}"));
    admin.compile_all().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_deferred_spec_loads_and_compile_all_names_the_schema_that_does_not_compile() {
    let file = std::path::Path::new("inline.yaml");
    let eager = ApiSpec::from_document(file, uncompilable()).expect_err("compiled at load: refused").to_string();
    assert!(eager.contains("#/paths/~1things/get/responses/200/content/application~1json/schema"), "{eager}");

    let spec = ApiSpec::from_document_with(file, uncompilable(), Compile::OnFirstUse).expect("nothing compiled yet");
    let error = spec.compile_all().expect_err("the schema cannot compile").to_string();
    assert_eq!(error, eager, "the same error, whenever it is found");
}

#[test]
fn a_deferred_validator_is_compiled_on_first_use_and_validates_as_an_eager_one() {
    let file = fixture("petstore-31.yaml");
    let doc = secmock::spec::read_document(&file).expect("fixture reads");
    let deferred = ApiSpec::from_document_with(&file, doc.clone(), Compile::OnFirstUse).expect("loads");
    let eager = ApiSpec::from_document(&file, doc).expect("loads");
    let schemas = |spec: &ApiSpec| -> Vec<secmock::spec::Schema> { spec.components.values().cloned().collect() };
    assert!(schemas(&deferred).iter().all(|s| !s.validator.is_compiled()), "nothing compiled at load");
    assert!(schemas(&eager).iter().all(|s| s.validator.is_compiled()), "everything compiled at load");
    for name in deferred.components.keys() {
        for value in [json!({}), json!({"id": 1, "name": "Rex"}), json!("text"), json!(null)] {
            assert_eq!(deferred.check_component(name, &value), eager.check_component(name, &value), "{name}: {value}");
        }
        assert!(deferred.components[name].validator.is_compiled(), "{name} compiled by its first use");
    }
}

#[tokio::test]
async fn the_shipped_specs_still_refuse_a_bad_request_on_the_first_call() {
    let server = MockServer::start().await;
    let answer = client()
        .get(format!("{}/api/v1/repositories?limit=0", server.url("kolega")))
        .header("Authorization", "Bearer kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz")
        .send()
        .await
        .expect("kolega answers");
    assert_eq!(answer.status(), 422);
    let body: serde_json::Value = answer.json().await.expect("a JSON body");
    assert_eq!(body["detail"][0]["loc"], json!(["query", "limit"]), "{body}");
}

//! Spec loading: both OpenAPI lines load (with relative file `$ref`s and recursive
//! schemas), and a broken spec fails start-up with a message naming the file and the JSON
//! pointer of the node at fault.

use secmock::MockServer;
use secmock::spec::{ApiSpec, DialectName, SpecVersion, TrailingSlash};
use serde_json::json;

use crate::helpers::{fetch, fixture, fixture_server};

#[test]
fn openapi_30_fixture_loads_with_its_prefix_and_settings() {
    let spec = ApiSpec::load(&fixture("shop-30.yaml")).expect("3.0 fixture loads");
    assert_eq!(spec.version, SpecVersion::V30);
    assert_eq!(spec.name, "shop");
    assert_eq!(spec.prefix, "/v1");
    assert_eq!(spec.settings.dialect, DialectName::Dryrun);
    assert_eq!(spec.settings.trailing_slash, TrailingSlash::Tolerate);
    let get_order = spec.operation("getOrder").expect("getOrder");
    assert_eq!(get_order.route, "/v1/orders/{orderId}");
}

#[test]
fn openapi_31_fixture_loads_with_every_operation() {
    let spec = ApiSpec::load(&fixture("petstore-31.yaml")).expect("3.1 fixture loads");
    assert_eq!(spec.version, SpecVersion::V31);
    assert_eq!(spec.name, "petstore");
    assert_eq!(spec.settings.dialect, DialectName::Fastapi);
    assert!(spec.settings.docs);
    for id in ["listPets", "createPet", "getPet", "listMyPets", "echoFile", "plantTree", "getStats", "uploadPhoto"] {
        assert!(spec.operation(id).is_some(), "{id} is indexed");
    }
    let file = spec.operation("echoFile").expect("echoFile");
    assert!(file.parameters.iter().any(|p| p.greedy));
}

#[test]
fn fixture_examples_are_valid_except_the_deliberately_broken_one() {
    let (_, problems) = ApiSpec::load_checked(&fixture("petstore-31.yaml")).expect("loads");
    let examples: Vec<&str> = problems.iter().map(|p| p.example.as_str()).collect();
    assert!(!problems.is_empty());
    assert!(examples.iter().all(|e| e.starts_with("/paths/~1broken/")), "only /broken is wrong: {problems:#?}");
    let (_, problems) = ApiSpec::load_checked(&fixture("shop-30.yaml")).expect("loads");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn openapi_30_keywords_are_upgraded_to_their_2020_12_meaning() {
    let spec = ApiSpec::load(&fixture("shop-30.yaml")).expect("loads");
    let new_order = spec.schema_node("/components/schemas/NewOrder").expect("NewOrder");
    assert_eq!(new_order["properties"]["amount"], json!({"type": "number", "exclusiveMinimum": 0}));
    assert_eq!(new_order["properties"]["note"]["type"], json!(["string", "null"]));
    assert_eq!(new_order["properties"]["coupon"]["anyOf"][1], json!({"type": "null"}));
    let order = spec.schema_node("/components/schemas/Order").expect("Order");
    assert!(order.get("example").is_none());
    assert_eq!(order["examples"][0]["state"], "open");
}

#[test]
fn relative_file_refs_are_bundled_in_both_versions() {
    for file in ["petstore-31.yaml", "shop-30.yaml"] {
        let spec = ApiSpec::load(&fixture(file)).expect("loads");
        let tree = spec.operation("plantTree").expect("plantTree");
        let schema = tree.request_body.as_ref().expect("body").content[0].schema.as_ref().expect("schema");
        assert!(schema.pointer.starts_with("/x-secmock-external/"), "{file}: {}", schema.pointer);
    }
}

#[test]
fn recursive_schema_validates_at_every_depth() {
    let spec = ApiSpec::load(&fixture("petstore-31.yaml")).expect("loads");
    let op = spec.operation("plantTree").expect("plantTree");
    let validator = &op.request_body.as_ref().expect("body").content[0].schema.as_ref().expect("schema").validator;
    let mut deep = json!({"name": "leaf"});
    for i in 0..50 {
        deep = json!({"name": format!("n{i}"), "children": [deep, {"name": "x"}]});
    }
    assert!(validator.is_valid(&deep));
    let mut bad = json!({"name": ""});
    for _ in 0..20 {
        bad = json!({"name": "n", "children": [bad]});
    }
    let errors: Vec<String> = validator.iter_errors(&bad).map(|e| e.instance_path().to_string()).collect();
    assert_eq!(errors, vec![format!("{}/name", "/children/0".repeat(20))]);
}

#[tokio::test]
async fn both_fixtures_serve_side_by_side() {
    let server = fixture_server(&["petstore-31.yaml", "shop-30.yaml"]).await;
    let client = crate::helpers::client();
    let pet = fetch(client.get(format!("{}/health", server.url("petstore")))).await;
    assert_eq!(pet.status, 200);
    let shop = fetch(client.get(format!("{}/v1/health", server.url("shop")))).await;
    assert_eq!(shop.status, 200);
}

/// Loads a broken fixture both ways and returns the two messages.
async fn load_error(name: &str) -> (String, String) {
    let file = fixture(&format!("broken/{name}"));
    let direct = ApiSpec::load(&file).expect_err("a broken spec must not load").to_string();
    let started = MockServer::builder().specs([file]).scenario(None).start().await;
    let via_server = format!("{:#}", started.expect_err("a broken spec must not start"));
    (direct, via_server)
}

#[tokio::test]
async fn bad_ref_target_names_the_file_and_the_pointer() {
    let (direct, via_server) = load_error("bad-ref.yaml").await;
    for message in [&direct, &via_server] {
        assert!(
            message.contains("broken/bad-ref.yaml#/paths/~1things/get/responses/200/content/application~1json/schema"),
            "{message}"
        );
        assert!(message.contains("/components/schemas/Thing"), "{message}");
    }
}

#[tokio::test]
async fn undeclared_path_parameter_names_the_operation() {
    let (direct, via_server) = load_error("undeclared-path-param.yaml").await;
    for message in [&direct, &via_server] {
        assert!(message.contains("undeclared-path-param.yaml#/paths/~1things~1{id}/get"), "{message}");
        assert!(message.contains("'id'"), "{message}");
    }
}

#[tokio::test]
async fn unknown_x_secmock_key_names_the_key() {
    let (direct, via_server) = load_error("unknown-extension-key.yaml").await;
    for message in [&direct, &via_server] {
        assert!(message.contains("unknown-extension-key.yaml#/paths/~1things/get/x-secmock"), "{message}");
        assert!(message.contains("gredy"), "{message}");
    }
}

#[tokio::test]
async fn unknown_dialect_names_the_root_extension() {
    let (direct, _) = load_error("unknown-dialect.yaml").await;
    assert!(direct.contains("unknown-dialect.yaml#/x-secmock/dialect"), "{direct}");
    assert!(direct.contains("graphql"), "{direct}");
}

#[tokio::test]
async fn unsupported_version_names_the_openapi_field() {
    let (direct, via_server) = load_error("unsupported-version.yaml").await;
    for message in [&direct, &via_server] {
        assert!(message.contains("unsupported-version.yaml#/openapi"), "{message}");
        assert!(message.contains("2.0.0"), "{message}");
    }
}

#[tokio::test]
async fn missing_ref_file_names_the_referring_node() {
    let (direct, _) = load_error("missing-file-ref.yaml").await;
    assert!(
        direct.contains("missing-file-ref.yaml#/paths/~1things/get/responses/200/content/application~1json/schema"),
        "{direct}"
    );
    assert!(direct.contains("nowhere.yaml"), "{direct}");
}

#[test]
fn a_broken_spec_in_memory_names_the_pointer_of_a_bad_greedy_parameter() {
    let doc = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/files/{path}/raw": {"get": {
            "parameters": [{"name": "path", "in": "path", "required": true, "schema": {"type": "string"},
                            "x-secmock": {"greedy": true}}],
            "responses": {"200": {"description": "ok"}}}}}
    });
    let message = ApiSpec::from_document(std::path::Path::new("inline.yaml"), doc).expect_err("refused").to_string();
    assert!(message.starts_with("inline.yaml#/paths/~1files~1{path}~1raw/get/parameters/0"), "{message}");
    assert!(message.contains("last segment"), "{message}");
}

#[tokio::test]
async fn bad_ref_deep_inside_a_schema_names_the_ref_node() {
    let (direct, via_server) = load_error("nested-bad-ref.yaml").await;
    for message in [&direct, &via_server] {
        assert!(message.contains("nested-bad-ref.yaml#/components/schemas/Thing/properties/parts/items"), "{message}");
        assert!(message.contains("/components/schemas/Part"), "{message}");
    }
}

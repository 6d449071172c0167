//! The four contracts: each loads, keeps its operation count (so an endpoint cannot
//! silently disappear), and has no example that contradicts its own schema.

use std::path::PathBuf;

use secmock::spec::{ApiSpec, SpecVersion, StatusKey};

fn spec_file(api: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs").join(api).join("openapi.yaml")
}

#[test]
fn each_contract_loads_with_its_operations_and_valid_examples() {
    // Documented endpoints plus the documentation routes each real API serves (and
    // Kolega's device pairing, which its CLI uses).
    for (api, version, operations) in [
        ("dryrun", SpecVersion::V30, 23),
        ("kolega", SpecVersion::V31, 31),
        ("platform", SpecVersion::V31, 48),
        ("securescan", SpecVersion::V31, 92),
    ] {
        let (spec, problems) = ApiSpec::load_checked(&spec_file(api)).unwrap_or_else(|e| panic!("{api}: {e}"));
        assert_eq!(spec.name, api);
        assert_eq!(spec.version, version, "{api}");
        assert_eq!(spec.operations.len(), operations, "{api} operation count");
        assert!(problems.is_empty(), "{api} examples contradict their schemas: {problems:#?}");
        let ids: std::collections::HashSet<&str> = spec.operations.iter().map(|op| op.id.as_str()).collect();
        assert_eq!(ids.len(), operations, "{api} operationIds are unique");
    }
}

#[test]
fn every_secured_operation_declares_401_and_every_operation_a_success() {
    for api in ["dryrun", "kolega", "platform", "securescan"] {
        let spec = ApiSpec::load(&spec_file(api)).unwrap_or_else(|e| panic!("{api}: {e}"));
        for op in &spec.operations {
            let success = op.responses.iter().any(|r| matches!(r.status, StatusKey::Code(200..=299)));
            assert!(success, "{api} {} has no success response", op.id);
            if !op.security.is_empty() {
                assert!(op.response(401).is_some(), "{api} {} is secured but declares no 401", op.id);
            }
        }
    }
}

#[test]
fn the_admin_contract_loads() {
    let spec = secmock::__private::admin_spec().expect("admin spec");
    assert!(spec.operations.len() >= 20, "{}", spec.operations.len());
}

//! Property-name hints, and hints yielding to the schema's constraints.

use serde_json::{Map, json};

use super::*;
use crate::generate::fake::vocabulary as vocab;

#[test]
fn property_name_hints() {
    let names = [
        "id",
        "repository_id",
        "name",
        "full_name",
        "email",
        "html_url",
        "dashboard_url",
        "file_path",
        "title",
        "description",
        "sha",
        "commit_sha",
        "cve",
        "cwe_id",
        "version",
        "branch",
        "package",
        "language",
        "rule_id",
        "severity",
        "created_at",
        "fingerprint",
        "purl",
    ];
    let props: Map<String, Value> = names.iter().map(|n| ((*n).to_owned(), json!({"type": "string"}))).collect();
    let schema = json!({"type": "object", "properties": props});
    for v in valid(schema) {
        let s = |k: &str| v[k].as_str().unwrap().to_owned();
        assert!(uuid::Uuid::try_parse(&s("id")).is_ok() && uuid::Uuid::try_parse(&s("repository_id")).is_ok());
        assert!(s("name").contains('/') && s("full_name").contains('/'), "{v}");
        assert!(s("email").contains('@'));
        assert!(s("html_url").starts_with("https://") && s("dashboard_url").starts_with("https://"));
        assert!(s("file_path").contains('/'));
        assert!(vocab::vuln_titles().contains(&s("title").as_str()));
        assert!(s("description").ends_with('.'));
        assert!(s("sha").len() == 40 && s("commit_sha").chars().all(|c| c.is_ascii_hexdigit()));
        assert!(vocab::cves().contains(&s("cve").as_str()));
        assert!(s("cwe_id").starts_with("CWE-"));
        assert_eq!(s("version").split('.').count(), 3);
        assert!(
            s("branch") == "main" || s("branch").contains('/') || ["develop", "master"].contains(&s("branch").as_str())
        );
        assert!(vocab::vulnerable_packages().iter().any(|p| p.0 == s("package")));
        assert!(vocab::LANGUAGES.contains(&s("language").as_str()));
        assert!(s("rule_id").contains('.'));
        assert!(["critical", "high", "medium", "low"].contains(&s("severity").as_str()));
        assert!(s("created_at").parse::<jiff::Timestamp>().is_ok());
        assert_eq!(s("fingerprint").len(), 64);
        assert!(s("purl").starts_with("pkg:"));
    }
    // plural names hint their items
    for v in valid(json!({"type": "object", "properties": {"cwes": {"type": "array", "items": {"type": "string"}}}})) {
        assert!(v["cwes"].as_array().unwrap().iter().all(|c| c.as_str().unwrap().starts_with("CWE-")));
    }
    // a user's name is a person's
    let doc = json!({"components": {"schemas": {"UserRead": {"type": "object", "properties": {"name": {"type": "string"}}}}}});
    for v in valid_values(&doc, &json!({"$ref": "#/components/schemas/UserRead"})) {
        assert!(!v["name"].as_str().unwrap().contains('/'));
    }
}

#[test]
fn hints_yield_to_constraints() {
    let schema = json!({"type": "object", "properties": {
        "id": {"type": "string", "maxLength": 5},
        "sha": {"type": "string", "pattern": "^[0-9]{3}$"},
        "severity": {"type": "string", "enum": ["S1", "S2"]},
        "email": {"type": "string", "minLength": 200},
        "cve": {"type": "integer"},
        "html_url": {"type": "string", "format": "uuid"}
    }});
    for v in valid(schema) {
        assert!(["S1", "S2"].contains(&v["severity"].as_str().unwrap()));
        assert!(uuid::Uuid::try_parse(v["html_url"].as_str().unwrap()).is_ok());
    }
}

//! String formats, lengths and patterns, and the pattern matcher.

use serde_json::json;

use super::*;
use crate::generate::fake::formats::base64;

#[test]
fn string_formats() {
    let anchor = anchor();
    let earliest = anchor.checked_sub(jiff::SignedDuration::from_hours(24 * 91)).unwrap();
    for v in valid(json!({"type": "string", "format": "date-time"})) {
        let s = v.as_str().unwrap();
        assert!(s.ends_with('Z'), "{s}");
        let ts: jiff::Timestamp = s.parse().unwrap();
        assert!(ts <= anchor && ts >= earliest, "{s} outside the 90 days before the anchor");
    }
    for format in [
        "uuid",
        "date",
        "time",
        "email",
        "uri",
        "url",
        "hostname",
        "ipv4",
        "ipv6",
        "binary",
        "password",
        "uri-reference",
        "duration",
        "json-pointer",
        "regex",
        "iri",
    ] {
        let values = valid(json!({"type": "string", "format": format}));
        assert!(strings(&values).iter().all(|s| !s.is_empty()), "{format}");
    }
    for v in valid(json!({"type": "string", "format": "uuid"})) {
        let id = uuid::Uuid::try_parse(v.as_str().unwrap()).unwrap();
        assert_eq!(id.get_version_num(), 4);
    }
    for v in valid(json!({"type": "string", "format": "byte"})) {
        let s = v.as_str().unwrap();
        assert!(s.len() % 4 == 0 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)), "{s}");
    }
    for v in valid(json!({"type": "string", "format": "uri"})) {
        assert!(v.as_str().unwrap().starts_with("https://"));
    }
    assert_eq!(base64(b"any carnal pleas"), "YW55IGNhcm5hbCBwbGVhcw==");
    assert_eq!(base64(b"any carnal pleasu"), "YW55IGNhcm5hbCBwbGVhc3U=");
}

#[test]
fn string_lengths() {
    for v in valid(json!({"type": "string", "minLength": 5, "maxLength": 5})) {
        assert_eq!(v.as_str().unwrap().chars().count(), 5);
    }
    valid(json!({"type": "string", "minLength": 300}));
    valid(json!({"type": "string", "maxLength": 1}));
    valid(json!({"type": "string", "maxLength": 0}));
}

#[test]
fn patterns() {
    let patterns = [
        "^[0-9a-f]{40}$",
        "^CWE-[1-9][0-9]*$",
        "^[0-9]{4}-(0[1-9]|1[0-2])$",
        "^spk_[A-Za-z0-9_-]{40}$",
        "^[A-Za-z0-9_-]{43,128}$",
        "^https://[^/@]+(/[^@]*)?/git/[0-9a-f-]{36}\\.git$",
        "^[Hh][Tt][Tt][Pp][Ss]?://\\S+$",
        "^(html|pdf|sarif)$",
        "^SPDXRef-",
        "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})?$",
        "[a-z]+@[a-z]+",
        "^(?:x|y){2,3}$",
        "^\\w+\\s\\w+$",
    ];
    for pattern in patterns {
        valid(json!({"type": "string", "pattern": pattern}));
    }
    valid(json!({"type": "string", "format": "uri", "pattern": "^https://[^/@]+(/[^@]*)?/git/[0-9a-f-]{36}\\.git$"}));
    valid(json!({"type": "string", "pattern": "^[a-z]+$", "minLength": 20, "maxLength": 25}));
    // Unanchored patterns get a readable tail.
    for v in valid(json!({"type": "string", "pattern": "^SPDXRef-"})) {
        assert!(v.as_str().unwrap().len() > "SPDXRef-".len());
    }
}

#[test]
fn pattern_matcher() {
    let g = Generator::new(&Value::Null, anchor());
    assert_eq!(g.pattern_matches("^a+b$", "aaab"), Some(true));
    assert_eq!(g.pattern_matches("^a+b$", "aaabc"), Some(false));
    assert_eq!(g.pattern_matches("b", "abc"), Some(true));
    assert_eq!(g.pattern_matches("^(ab)+$", &"ab".repeat(500)), Some(true));
    assert_eq!(g.pattern_matches("^(ab)+$", &format!("{}a", "ab".repeat(500))), Some(false));
    assert_eq!(g.pattern_matches("^[a-z]+$", &"q".repeat(1000)), Some(true));
    assert_eq!(g.pattern_matches("\\bcat\\b", "a cat!"), Some(true));
    assert_eq!(g.pattern_matches("\\bcat\\b", "concat"), Some(false));
    assert_eq!(g.pattern_matches("([", "x"), None);
    // Catastrophic backtracking gives up instead of hanging.
    assert_ne!(g.pattern_matches("^(a*)*b$", &"a".repeat(60)), Some(true));
}

//! FastAPI + pydantic v2, as the real SecureScan, Kolega and platform servers answer:
//! 422 `{"detail": [{"type", "loc", "msg", "input", "ctx"?}]}` with pydantic's own error
//! types and wording, and `{"detail": "..."}` for every other error.

use serde_json::{Map, Value, json};

use super::{Dialect, reason};
use crate::contract::problem::{Expected, ProblemKind, RequestProblem, Seg, Source};
use crate::reply::Reply;

pub(crate) struct FastApi;

impl Dialect for FastApi {
    fn invalid_request(&self, problems: &[RequestProblem]) -> Reply {
        let detail: Vec<Value> = problems.iter().map(entry).collect();
        Reply::json(422, json!({ "detail": detail }))
    }

    fn unauthenticated(&self, message: Option<&str>, bearer: bool) -> Reply {
        let reply = Reply::json(401, json!({"detail": message.unwrap_or("Not authenticated")}));
        if bearer { reply.header("www-authenticate", "Bearer") } else { reply }
    }

    fn error(&self, status: u16, message: Option<&str>) -> Reply {
        Reply::json(status, json!({"detail": message.unwrap_or(reason(status))}))
    }
}

fn entry(p: &RequestProblem) -> Value {
    let mut loc = vec![json!(p.source.as_str())];
    let (kind, msg, ctx) = describe(p);
    if let ProblemKind::JsonInvalid { position, .. } = &p.kind {
        loc.push(json!(position));
    }
    loc.extend(p.path.iter().map(|s| match s {
        Seg::Key(k) => json!(k),
        Seg::Index(i) => json!(i),
    }));
    let input = match (&p.kind, p.source) {
        (ProblemKind::JsonInvalid { .. }, _) => json!({}),
        (ProblemKind::Missing, Source::Body) if p.path.is_empty() => Value::Null,
        _ => p.input.clone(),
    };
    let mut out = Map::new();
    out.insert("type".into(), json!(kind));
    out.insert("loc".into(), Value::Array(loc));
    out.insert("msg".into(), json!(msg));
    out.insert("input".into(), input);
    if let Some(ctx) = ctx {
        out.insert("ctx".into(), ctx);
    }
    Value::Object(out)
}

/// pydantic's error type, message and context for a problem.
fn describe(p: &RequestProblem) -> (&'static str, String, Option<Value>) {
    use ProblemKind::*;
    match &p.kind {
        Missing => ("missing", "Field required".into(), None),
        JsonInvalid { message, .. } => ("json_invalid", "JSON decode error".into(), Some(json!({"error": message}))),
        UnsupportedMediaType { .. } => (
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from".into(),
            None,
        ),
        InvalidEncoding => (
            "string_unicode",
            "Input should be a valid string, unable to parse raw data as a unicode string".into(),
            None,
        ),
        Parse(Expected::Integer) => {
            ("int_parsing", "Input should be a valid integer, unable to parse string as an integer".into(), None)
        }
        Parse(Expected::Number) => {
            ("float_parsing", "Input should be a valid number, unable to parse string as a number".into(), None)
        }
        Parse(Expected::Boolean) => {
            ("bool_parsing", "Input should be a valid boolean, unable to interpret input".into(), None)
        }
        Parse(Expected::Array) => ("list_type", "Input should be a valid list".into(), None),
        Parse(Expected::Object) => ("dict_type", "Input should be a valid dictionary".into(), None),
        Type { expected } => type_error(expected, &p.input),
        Enum { allowed } => {
            let expected = either(allowed);
            ("enum", format!("Input should be {expected}"), Some(json!({"expected": expected})))
        }
        Const { expected } => {
            let expected = either(std::slice::from_ref(expected));
            ("literal_error", format!("Input should be {expected}"), Some(json!({"expected": expected})))
        }
        Minimum { limit } => (
            "greater_than_equal",
            format!("Input should be greater than or equal to {limit}"),
            Some(json!({"ge": limit})),
        ),
        ExclusiveMinimum { limit } => {
            ("greater_than", format!("Input should be greater than {limit}"), Some(json!({"gt": limit})))
        }
        Maximum { limit } => {
            ("less_than_equal", format!("Input should be less than or equal to {limit}"), Some(json!({"le": limit})))
        }
        ExclusiveMaximum { limit } => {
            ("less_than", format!("Input should be less than {limit}"), Some(json!({"lt": limit})))
        }
        MultipleOf { factor } => {
            ("multiple_of", format!("Input should be a multiple of {factor}"), Some(json!({"multiple_of": factor})))
        }
        MinLength { limit } => (
            "string_too_short",
            format!("String should have at least {limit} character{}", plural(*limit)),
            Some(json!({"min_length": limit})),
        ),
        MaxLength { limit } => (
            "string_too_long",
            format!("String should have at most {limit} character{}", plural(*limit)),
            Some(json!({"max_length": limit})),
        ),
        Pattern { pattern } => (
            "string_pattern_mismatch",
            format!("String should match pattern '{pattern}'"),
            Some(json!({"pattern": pattern})),
        ),
        Format { format } => format_error(format, &p.input),
        MinItems { limit, actual } => (
            "too_short",
            format!("List should have at least {limit} item{} after validation, not {actual}", plural(*limit)),
            Some(json!({"field_type": "List", "min_length": limit, "actual_length": actual})),
        ),
        MaxItems { limit, actual } => (
            "too_long",
            format!("List should have at most {limit} item{} after validation, not {actual}", plural(*limit)),
            Some(json!({"field_type": "List", "max_length": limit, "actual_length": actual})),
        ),
        UniqueItems => {
            ("value_error", "Value error, items must be unique".into(), Some(json!({"error": "items must be unique"})))
        }
        MinProperties { limit } => {
            ("too_short", format!("Dictionary should have at least {limit} item{}", plural(*limit)), None)
        }
        MaxProperties { limit } => {
            ("too_long", format!("Dictionary should have at most {limit} item{}", plural(*limit)), None)
        }
        Extra => ("extra_forbidden", "Extra inputs are not permitted".into(), None),
        NoMatch => ("value_error", "Value error, input does not match any allowed schema".into(), None),
        AmbiguousMatch => ("value_error", "Value error, input matches more than one allowed schema".into(), None),
        Other { message } => ("value_error", format!("Value error, {message}"), Some(json!({"error": message}))),
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn type_error(expected: &[String], input: &Value) -> (&'static str, String, Option<Value>) {
    let first = expected.iter().find(|t| *t != "null").map(String::as_str).unwrap_or("null");
    let (kind, msg) = match first {
        "string" => ("string_type", "Input should be a valid string"),
        "integer" if input.is_f64() => {
            ("int_from_float", "Input should be a valid integer, got a number with a fractional part")
        }
        "integer" => ("int_type", "Input should be a valid integer"),
        "number" => ("float_type", "Input should be a valid number"),
        "boolean" => ("bool_type", "Input should be a valid boolean"),
        "array" => ("list_type", "Input should be a valid list"),
        "object" => ("model_attributes_type", "Input should be a valid dictionary or object to extract fields from"),
        _ => ("none_required", "Input should be None"),
    };
    (kind, msg.into(), None)
}

/// pydantic's `'a', 'b' or 'c'`.
fn either(values: &[Value]) -> String {
    let shown: Vec<String> = values
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| match v {
            Value::String(s) => format!("'{s}'"),
            other => other.to_string(),
        })
        .collect();
    match shown.split_last() {
        None => "None".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn format_error(format: &str, input: &Value) -> (&'static str, String, Option<Value>) {
    let text = input.as_str().unwrap_or_default();
    match format {
        "date-time" => {
            let why = date_problem(text, true);
            (
                "datetime_from_date_parsing",
                format!("Input should be a valid datetime or date, {why}"),
                Some(json!({"error": why})),
            )
        }
        "date" => {
            let why = date_problem(text, false);
            (
                "date_from_datetime_parsing",
                format!("Input should be a valid date or datetime, {why}"),
                Some(json!({"error": why})),
            )
        }
        "uuid" => {
            let why = uuid_problem(text);
            ("uuid_parsing", format!("Input should be a valid UUID, {why}"), Some(json!({"error": why})))
        }
        "email" => (
            "value_error",
            "value is not a valid email address: An email address must have an @-sign.".into(),
            Some(json!({"reason": "An email address must have an @-sign."})),
        ),
        "uri" | "url" | "uri-reference" => (
            "url_parsing",
            "Input should be a valid URL, relative URL without a base".into(),
            Some(json!({"error": "relative URL without a base"})),
        ),
        other => {
            ("value_error", format!("Value error, invalid {other}"), Some(json!({"error": format!("invalid {other}")})))
        }
    }
}

/// The reason pydantic's date parser (speedate) gives for a malformed date or datetime.
fn date_problem(s: &str, datetime: bool) -> &'static str {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|r| r.iter().all(u8::is_ascii_digit));
    let number =
        |range: std::ops::Range<usize>| std::str::from_utf8(&b[range]).ok().and_then(|t| t.parse::<u32>().ok());
    if b.len() < 10 {
        return "input is too short";
    }
    if !digits(0..4) {
        return "invalid character in year";
    }
    if b[4] != b'-' || b[7] != b'-' {
        return "invalid date separator, expected `-`";
    }
    if !digits(5..7) {
        return "invalid character in month";
    }
    if !(1..=12).contains(&number(5..7).unwrap_or(0)) {
        return "month value is outside expected range of 1-12";
    }
    if !digits(8..10) {
        return "invalid character in day";
    }
    if !(1..=31).contains(&number(8..10).unwrap_or(0)) {
        return "day value is outside expected range";
    }
    if !datetime || b.len() == 10 {
        return "unexpected extra characters at the end of the input";
    }
    if !matches!(b[10], b'T' | b't' | b' ' | b'_') {
        return "invalid datetime separator, expected `T`, `t`, `_` or space";
    }
    if !digits(11..13) {
        return "invalid character in hour";
    }
    if !digits(14..16) {
        return "invalid character in minute";
    }
    "invalid timezone sign"
}

fn uuid_problem(s: &str) -> String {
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_hexdigit() && *c != '-') {
        return format!(
            "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `{c}` at {}",
            i + 1
        );
    }
    let hex = s.chars().filter(char::is_ascii_hexdigit).count();
    if s.contains('-') {
        format!("invalid group count: expected 5, found {}", s.split('-').count())
    } else {
        format!("invalid length: expected length 32 for simple format, found {hex}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_lists_read_like_pydantic() {
        assert_eq!(either(&[json!("a"), json!("b"), json!("c")]), "'a', 'b' or 'c'");
        assert_eq!(either(&[json!(1)]), "1");
    }

    #[test]
    fn date_reasons_follow_speedate() {
        assert_eq!(date_problem("yesterday", true), "input is too short");
        assert_eq!(date_problem("2026-13-01T00:00:00Z", true), "month value is outside expected range of 1-12");
        assert_eq!(
            date_problem("2026-01-01X00:00:00Z", true),
            "invalid datetime separator, expected `T`, `t`, `_` or space"
        );
        assert_eq!(date_problem("abcd-01-01", false), "invalid character in year");
    }
}

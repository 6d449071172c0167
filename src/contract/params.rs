//! Decoding an operation's parameters from the raw request: percent-decoding, OpenAPI
//! serialisation styles (form / simple / label / matrix / space- and pipe-delimited /
//! deepObject, with `explode`), type coercion, schema validation and defaults. Every
//! problem is collected; nothing stops at the first.

use http::HeaderMap;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use super::coerce::{self, Types};
use super::problem::{ProblemKind, RequestProblem, Seg, Source};
use super::temporal;
use super::{schema_errors, schema_nodes};
use crate::spec::{ApiSpec, DialectName, Operation, ParamLocation, Parameter, Style};

/// Decoded parameters by location, in declaration order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParamValues {
    pub path: Map<String, Value>,
    pub query: Map<String, Value>,
    pub header: Map<String, Value>,
    pub cookie: Map<String, Value>,
}

/// The raw material parameters are read from.
pub(crate) struct RawParams<'a> {
    /// Path parameters as matched (still percent-encoded).
    pub(crate) path: &'a [(String, String)],
    /// The raw query string (still percent-encoded).
    pub(crate) query: &'a str,
    pub(crate) headers: &'a HeaderMap,
}

/// A query string split into decoded pairs; a pair that is not valid UTF-8 after
/// percent-decoding is kept with `None` so that it can be reported.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode_form(k).unwrap_or_else(|| k.to_string());
            (key, decode_form(v))
        })
        .collect()
}

fn decode_form(s: &str) -> Option<String> {
    let s = s.replace('+', " ");
    percent_decode_str(&s).decode_utf8().ok().map(|c| c.into_owned())
}

fn decode_path(s: &str) -> Option<String> {
    percent_decode_str(s).decode_utf8().ok().map(|c| c.into_owned())
}

/// Parses the `Cookie` header(s) into name/value pairs.
fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Headers that OpenAPI says are described elsewhere and must be ignored as parameters.
pub(super) fn ignored_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
}

/// The operation's parameters decoded from `raw`, shared (the API's memo keeps them for
/// the requests that decode the same), and what was wrong with them.
pub(crate) fn decode(
    spec: &ApiSpec,
    op: &Operation,
    raw: &RawParams<'_>,
) -> (std::sync::Arc<ParamValues>, Vec<RequestProblem>) {
    let pairs = query_pairs(raw.query);
    let cookie_pairs = cookies(raw.headers);
    let mut values = ParamValues::default();
    let mut problems = Vec::new();
    for param in &op.parameters {
        let source = match param.location {
            ParamLocation::Path => Source::Path,
            ParamLocation::Query => Source::Query,
            ParamLocation::Header => Source::Header,
            ParamLocation::Cookie => Source::Cookie,
        };
        if param.location == ParamLocation::Header && ignored_header(&param.name) {
            continue;
        }
        // The parameter's schema node, found once (and remembered across requests).
        let node = param.schema.as_ref().and_then(|s| schema_nodes::node(spec, s));
        let schema = node.as_deref();
        let found = match param.location {
            ParamLocation::Path => path_value(param, raw.path),
            ParamLocation::Query => query_value(spec, param, schema, &pairs),
            ParamLocation::Header => header_value(param, raw.headers),
            ParamLocation::Cookie => cookie_pairs
                .iter()
                .rev()
                .find(|(k, _)| *k == param.name)
                .map(|(_, v)| decode_path(v).map(Raw::One).unwrap_or(Raw::BadEncoding(v.clone()))),
        };
        let here = vec![Seg::Key(param.name.clone())];
        let value = match found {
            None => {
                if let Some(default) = schema.and_then(|s| s.get("default")).cloned() {
                    insert(&mut values, param, default);
                } else if param.required {
                    problems.push(RequestProblem::new(source, here, ProblemKind::Missing, Value::Null));
                }
                continue;
            }
            Some(Raw::BadEncoding(raw)) => {
                problems.push(RequestProblem::new(source, here, ProblemKind::InvalidEncoding, Value::String(raw)));
                continue;
            }
            Some(raw) => raw,
        };
        match read(spec, param, schema, &value, source) {
            Ok(v) => {
                if let Some(schema) = &param.schema {
                    let found = schema_errors::check(schema, &v, source, &[Seg::Key(param.name.clone())]);
                    problems.extend(found.into_iter().map(|p| with_raw_input(p, &value)));
                }
                insert(&mut values, param, v);
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    (std::sync::Arc::new(values), problems)
}

/// A parameter's value before typing.
enum Raw {
    One(String),
    Many(Vec<String>),
    Fields(Vec<(String, String)>),
    BadEncoding(String),
}

fn path_value(param: &Parameter, path: &[(String, String)]) -> Option<Raw> {
    let (_, raw) = path.iter().find(|(k, _)| *k == param.name)?;
    let mut raw = raw.as_str();
    match param.style {
        Style::Label => raw = raw.strip_prefix('.').unwrap_or(raw),
        Style::Matrix => {
            let prefix = format!(";{}=", param.name);
            raw = raw.strip_prefix(prefix.as_str()).unwrap_or(raw);
        }
        _ => {}
    }
    Some(decode_path(raw).map(Raw::One).unwrap_or_else(|| Raw::BadEncoding(raw.to_string())))
}

fn query_value(
    spec: &ApiSpec,
    param: &Parameter,
    schema: Option<&Value>,
    pairs: &[(String, Option<String>)],
) -> Option<Raw> {
    if param.style == Style::DeepObject {
        let prefix = format!("{}[", param.name);
        let mut fields = Vec::new();
        for (k, v) in pairs {
            let Some(field) = k.strip_prefix(&prefix).and_then(|f| f.strip_suffix(']')) else { continue };
            match v {
                Some(v) => fields.push((field.to_string(), v.clone())),
                // Reported like any other undecodable value, not read as an empty string.
                None => return Some(Raw::BadEncoding(k.clone())),
            }
        }
        return (!fields.is_empty()).then_some(Raw::Fields(fields));
    }
    let mut matching = pairs.iter().filter(|(k, _)| *k == param.name).peekable();
    matching.peek()?;
    let mut values = Vec::new();
    for (k, v) in matching {
        match v {
            Some(v) => values.push(v.clone()),
            None => return Some(Raw::BadEncoding(k.clone())),
        }
    }
    let is_array = schema.is_some_and(|n| coerce::admitted(&spec.document, n).has(Types::ARRAY));
    if is_array && param.explode && param.style == Style::Form {
        return Some(Raw::Many(values));
    }
    // A repeated scalar parameter: the last one wins, as in FastAPI and Rails.
    values.pop().map(Raw::One)
}

fn header_value(param: &Parameter, headers: &HeaderMap) -> Option<Raw> {
    let value = headers.get(param.name.as_str())?;
    Some(match value.to_str() {
        Ok(v) => Raw::One(v.to_string()),
        Err(_) => Raw::BadEncoding(String::from_utf8_lossy(value.as_bytes()).into_owned()),
    })
}

/// Types the raw value by the parameter's schema; array and object values are split by
/// the parameter's style first.
fn read(
    spec: &ApiSpec,
    param: &Parameter,
    schema: Option<&Value>,
    raw: &Raw,
    source: Source,
) -> Result<Value, Vec<RequestProblem>> {
    let doc = &spec.document;
    let here = |extra: Option<Seg>| {
        let mut p = vec![Seg::Key(param.name.clone())];
        p.extend(extra);
        p
    };
    if param.json_content {
        let text = match raw {
            Raw::One(s) => s,
            Raw::Many(v) => v.last().map(String::as_str).unwrap_or(""),
            _ => "",
        };
        return serde_json::from_str(text).map_err(|e| {
            vec![RequestProblem::new(
                source,
                here(None),
                ProblemKind::JsonInvalid { message: e.to_string(), position: e.column() },
                Value::String(text.to_string()),
            )]
        });
    }
    let Some(schema) = schema else {
        return Ok(match raw {
            Raw::Many(v) => Value::Array(v.iter().cloned().map(Value::String).collect()),
            Raw::One(s) => Value::String(s.clone()),
            _ => Value::Null,
        });
    };
    let types = coerce::admitted(doc, schema);
    if types.has(Types::ARRAY) && !types.has(Types::STRING) {
        let items = match raw {
            Raw::Many(v) => v.clone(),
            Raw::One(s) => split(param.style, s),
            Raw::Fields(f) => f.iter().map(|(_, v)| v.clone()).collect(),
            Raw::BadEncoding(_) => Vec::new(),
        };
        let item_types = coerce::items(doc, schema).map(|i| coerce::admitted(doc, i)).unwrap_or_default();
        let mut out = Vec::with_capacity(items.len());
        let mut problems = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match coerce::scalar(item_types, item) {
                Ok(v) => out.push(v),
                Err(expected) => problems.push(RequestProblem::new(
                    source,
                    here(Some(Seg::Index(i))),
                    ProblemKind::Parse(expected),
                    Value::String(item.clone()),
                )),
            }
        }
        return if problems.is_empty() { Ok(Value::Array(out)) } else { Err(problems) };
    }
    if types.has(Types::OBJECT) && !types.has(Types::STRING) {
        let fields = match raw {
            Raw::Fields(f) => f.clone(),
            Raw::One(s) => {
                split(param.style, s).chunks(2).map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or_default())).collect()
            }
            _ => Vec::new(),
        };
        let mut out = Map::new();
        for (name, value) in fields {
            let prop_types = coerce::property(doc, schema, &name).map(|p| coerce::admitted(doc, p)).unwrap_or_default();
            out.insert(name, coerce::scalar(prop_types, &value).unwrap_or(Value::String(value)));
        }
        return Ok(Value::Object(out));
    }
    let mut text = match raw {
        Raw::One(s) => s.clone(),
        Raw::Many(v) => v.last().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    // pydantic reads more forms of a datetime than RFC 3339; a FastAPI API takes them.
    if spec.settings.dialect == DialectName::Fastapi
        && coerce::format(doc, schema) == Some("date-time")
        && let Some(rfc3339) = temporal::pydantic_datetime(&text)
    {
        text = rfc3339;
    }
    coerce::scalar(types, &text).map_err(|expected| {
        vec![RequestProblem::new(source, here(None), ProblemKind::Parse(expected), Value::String(text))]
    })
}

fn split(style: Style, s: &str) -> Vec<String> {
    let sep = match style {
        Style::SpaceDelimited => ' ',
        Style::PipeDelimited => '|',
        Style::Label if s.contains('.') => '.',
        _ => ',',
    };
    if s.is_empty() {
        return Vec::new();
    }
    s.split(sep).map(str::to_string).collect()
}

/// Parameter problems quote what the client sent (the raw string), not the typed value.
fn with_raw_input(mut problem: RequestProblem, raw: &Raw) -> RequestProblem {
    match (raw, problem.path.as_slice()) {
        (Raw::One(s), [_]) => problem.input = Value::String(s.clone()),
        (Raw::Many(items), [_, Seg::Index(i)]) => {
            if let Some(s) = items.get(*i) {
                problem.input = Value::String(s.clone());
            }
        }
        _ => {}
    }
    problem
}

fn insert(values: &mut ParamValues, param: &Parameter, value: Value) {
    let map = match param.location {
        ParamLocation::Path => &mut values.path,
        ParamLocation::Query => &mut values.query,
        ParamLocation::Header => &mut values.header,
        ParamLocation::Cookie => &mut values.cookie,
    };
    map.insert(param.name.clone(), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_decode_plus_and_percent_and_flag_bad_utf8() {
        assert_eq!(
            query_pairs("a=1&b=x+y&c=%C3%A9&d=%FF&&e"),
            vec![
                ("a".into(), Some("1".into())),
                ("b".into(), Some("x y".into())),
                ("c".into(), Some("é".into())),
                ("d".into(), None),
                ("e".into(), Some(String::new())),
            ]
        );
    }
}

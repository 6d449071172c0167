//! What is wrong with a request, described independently of how any API words it. The
//! validators produce these; each error dialect renders them in its API's own format.

use serde_json::Value;

/// The part of the request a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Path,
    Query,
    Header,
    Cookie,
    Body,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Path => "path",
            Source::Query => "query",
            Source::Header => "header",
            Source::Cookie => "cookie",
            Source::Body => "body",
        }
    }
}

/// One step of a location inside the request: a field name or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// The JSON type a string could not be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// A required parameter, body or field is absent.
    Missing,
    /// The body is not JSON; `position` is the character offset of the error.
    JsonInvalid {
        message: String,
        position: usize,
    },
    /// The body's media type is not one the operation accepts.
    UnsupportedMediaType {
        got: Option<String>,
        accepted: Vec<String>,
    },
    /// A path or query value is not valid percent-encoded UTF-8.
    InvalidEncoding,
    /// A string (parameter, form field) could not be read as the expected type.
    Parse(Expected),
    /// A JSON value has the wrong type; `expected` are JSON Schema type names.
    Type {
        expected: Vec<String>,
    },
    Enum {
        allowed: Vec<Value>,
    },
    Const {
        expected: Value,
    },
    Minimum {
        limit: Value,
    },
    ExclusiveMinimum {
        limit: Value,
    },
    Maximum {
        limit: Value,
    },
    ExclusiveMaximum {
        limit: Value,
    },
    MultipleOf {
        factor: f64,
    },
    MinLength {
        limit: u64,
    },
    MaxLength {
        limit: u64,
    },
    Pattern {
        pattern: String,
    },
    Format {
        format: String,
    },
    MinItems {
        limit: u64,
        actual: usize,
    },
    MaxItems {
        limit: u64,
        actual: usize,
    },
    UniqueItems,
    MinProperties {
        limit: u64,
    },
    MaxProperties {
        limit: u64,
    },
    /// A property the schema does not allow.
    Extra,
    /// None of `anyOf`/`oneOf` matched.
    NoMatch,
    /// More than one `oneOf` alternative matched.
    AmbiguousMatch,
    Other {
        message: String,
    },
}

/// One thing wrong with a request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestProblem {
    pub source: Source,
    /// Parameter name then nested fields for parameters; JSON path for bodies.
    pub path: Vec<Seg>,
    pub kind: ProblemKind,
    /// The offending input, as the client sent it (raw strings for parameters).
    pub input: Value,
}

impl RequestProblem {
    pub fn new(source: Source, path: Vec<Seg>, kind: ProblemKind, input: Value) -> Self {
        RequestProblem { source, path, kind, input }
    }

    /// `query.per_page`, `body.items[2].id`, `body`.
    pub fn location(&self) -> String {
        let mut out = self.source.as_str().to_string();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// A plain-English description of the problem, without its location.
    pub fn describe(&self) -> String {
        use ProblemKind::*;
        match &self.kind {
            Missing => "is required".into(),
            JsonInvalid { message, position } => format!("is not valid JSON ({message} at character {position})"),
            UnsupportedMediaType { got, accepted } => {
                format!("has media type {} but must be {}", got.as_deref().unwrap_or("(none)"), accepted.join(" or "))
            }
            InvalidEncoding => "is not valid percent-encoded UTF-8".into(),
            Parse(expected) => format!("must be {}", article(expected_name(*expected))),
            Type { expected } => {
                format!("must be {}", expected.iter().map(|t| article(t)).collect::<Vec<_>>().join(" or "))
            }
            Enum { allowed } => format!("must be one of: {}", list(allowed)),
            Const { expected } => format!("must be {}", show(expected)),
            Minimum { limit } => format!("must be greater than or equal to {limit}"),
            ExclusiveMinimum { limit } => format!("must be greater than {limit}"),
            Maximum { limit } => format!("must be less than or equal to {limit}"),
            ExclusiveMaximum { limit } => format!("must be less than {limit}"),
            MultipleOf { factor } => format!("must be a multiple of {factor}"),
            MinLength { limit } => format!("must be at least {limit} character{} long", plural(*limit)),
            MaxLength { limit } => format!("must be at most {limit} character{} long", plural(*limit)),
            Pattern { pattern } => format!("must match the pattern {pattern}"),
            Format { format } => format!("must be a valid {format}"),
            MinItems { limit, .. } => format!("must have at least {limit} item{}", plural(*limit)),
            MaxItems { limit, .. } => format!("must have at most {limit} item{}", plural(*limit)),
            UniqueItems => "must not contain duplicate items".into(),
            MinProperties { limit } => {
                format!("must have at least {limit} propert{}", if *limit == 1 { "y" } else { "ies" })
            }
            MaxProperties { limit } => {
                format!("must have at most {limit} propert{}", if *limit == 1 { "y" } else { "ies" })
            }
            Extra => "is not an allowed field".into(),
            NoMatch => "does not match any of the allowed shapes".into(),
            AmbiguousMatch => "matches more than one of the allowed shapes".into(),
            Other { message } => message.clone(),
        }
    }
}

pub(crate) fn expected_name(e: Expected) -> &'static str {
    match e {
        Expected::Integer => "integer",
        Expected::Number => "number",
        Expected::Boolean => "boolean",
        Expected::Object => "object",
        Expected::Array => "array",
    }
}

fn article(t: &str) -> String {
    match t {
        "integer" | "object" | "array" => format!("an {t}"),
        "null" => "null".into(),
        _ => format!("a {t}"),
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn list(values: &[Value]) -> String {
    values.iter().map(show).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn locations_and_descriptions_read_naturally() {
        let p = RequestProblem::new(
            Source::Body,
            vec![Seg::Key("items".into()), Seg::Index(2), Seg::Key("id".into())],
            ProblemKind::Parse(Expected::Integer),
            json!("x"),
        );
        assert_eq!(p.location(), "body.items[2].id");
        assert_eq!(p.describe(), "must be an integer");
        let p = RequestProblem::new(
            Source::Query,
            vec![Seg::Key("sev".into())],
            ProblemKind::Enum { allowed: vec![json!("low"), json!("high")] },
            json!("mid"),
        );
        assert_eq!(format!("{} {}", p.location(), p.describe()), "query.sev must be one of: low, high");
        let p = RequestProblem::new(
            Source::Query,
            vec![],
            ProblemKind::Type { expected: vec!["string".into(), "null".into()] },
            json!(1),
        );
        assert_eq!(p.describe(), "must be a string or null");
    }
}

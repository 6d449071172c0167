//! Compiles the document's schemas into reusable `jsonschema` validators. All validators
//! share one registry holding the whole (upgraded) document, so `$ref`s anywhere in it
//! (recursive ones included) resolve. A schema that is only a `$ref` is compiled at its
//! target, so fifty responses that return `Scan` share one validator.
//!
//! When: a spec loaded with `Compile::Eager` (files given with `--specs`, `secmock
//! validate`) compiles every schema at load, so a schema that cannot compile stops the load
//! naming its pointer. The shipped specs load with `Compile::OnFirstUse`: each validator is
//! compiled the first time a request or response needs it (a `OnceLock` per schema), which
//! took start-up from ~190 to under 100 ms and the idle process from 49 MB to under 30 MB
//! (benches/README.md, issue 14); a test compiles every shipped schema, so none can fail
//! there. Should one that was deferred fail all the same, it is logged as an error and
//! validates nothing rather than taking the request down.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jsonschema::{Draft, Registry};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};

use super::error::SpecError;
use super::model::Schema;

/// The registry base URI of a document.
pub(crate) const DOCUMENT_URI: &str = "urn:secmock:spec";

/// Characters that may not appear raw in a URI fragment (RFC 3986) plus `%`.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A JSON pointer written as a URI fragment.
pub(crate) fn pointer_fragment(pointer: &str) -> String {
    utf8_percent_encode(pointer, FRAGMENT).to_string()
}

/// When a spec's schemas are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compile {
    /// All of them while the spec loads: a schema that does not compile fails the load.
    Eager,
    /// Each the first time it is used; for specs known to compile (the shipped ones).
    OnFirstUse,
}

/// What every validator of one document compiles against: the document and its registry.
struct SchemaSource {
    file: PathBuf,
    registry: Registry<'static>,
}

/// A schema's validator, compiled when first needed (at once with `Compile::Eager`).
/// Derefs to the `jsonschema::Validator`.
pub struct LazyValidator {
    target: String,
    source: Arc<SchemaSource>,
    compiled: OnceLock<jsonschema::Validator>,
}

impl LazyValidator {
    fn build(&self) -> Result<jsonschema::Validator, SpecError> {
        let wrapper = json!({ "$ref": format!("{DOCUMENT_URI}#{}", pointer_fragment(&self.target)) });
        options()
            .with_registry(&self.source.registry)
            .build(&wrapper)
            .map_err(|e| SpecError::invalid(&self.source.file, &self.target, format!("schema does not compile: {e}")))
    }

    /// Compiles now if not yet done; the error a deferred compilation would only log.
    pub(crate) fn force(&self) -> Result<(), SpecError> {
        if self.compiled.get().is_none() {
            let validator = self.build()?;
            let _ = self.compiled.set(validator);
        }
        Ok(())
    }

    /// Whether the validator has been compiled yet.
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

impl std::ops::Deref for LazyValidator {
    type Target = jsonschema::Validator;

    fn deref(&self) -> &jsonschema::Validator {
        self.compiled.get_or_init(|| {
            self.build().unwrap_or_else(|e| {
                tracing::error!("{e}; nothing is validated against it");
                accept_anything()
            })
        })
    }
}

/// The validator of the schema `true`.
fn accept_anything() -> jsonschema::Validator {
    jsonschema::options().build(&Value::Bool(true)).unwrap_or_else(|_| unreachable!("`true` is a valid schema"))
}

pub(crate) struct SchemaCompiler<'a> {
    file: &'a Path,
    doc: &'a Value,
    source: Arc<SchemaSource>,
    when: Compile,
    cache: HashMap<String, Arc<LazyValidator>>,
}

impl<'a> SchemaCompiler<'a> {
    /// A compiler over `doc`, which must be the document `shared` holds.
    pub(crate) fn new(file: &'a Path, doc: &'a Value, shared: &Arc<Value>, when: Compile) -> Result<Self, SpecError> {
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .add(DOCUMENT_URI, shared.clone())
            .and_then(|b| b.prepare())
            .map_err(|e| SpecError::invalid(file, "", format!("cannot index the document's schemas: {e}")))?;
        let source = Arc::new(SchemaSource { file: file.to_path_buf(), registry });
        Ok(SchemaCompiler { file, doc, source, when, cache: HashMap::new() })
    }

    /// The schema at `pointer` (following a bare local `$ref` chain first), compiled now
    /// or on first use as the compiler was told.
    pub(crate) fn compile(&mut self, pointer: &str) -> Result<Schema, SpecError> {
        let target = self.canonical(pointer)?;
        if let Some(validator) = self.cache.get(&target) {
            return Ok(Schema { pointer: target, validator: validator.clone() });
        }
        let validator =
            Arc::new(LazyValidator { target: target.clone(), source: self.source.clone(), compiled: OnceLock::new() });
        if self.when == Compile::Eager {
            validator.force()?;
        }
        self.cache.insert(target.clone(), validator.clone());
        Ok(Schema { pointer: target, validator })
    }

    /// The schema at `pointer`, compiled now whatever the compiler defers: for checks that
    /// use it at once (examples).
    pub(crate) fn compile_now(&mut self, pointer: &str) -> Result<Schema, SpecError> {
        let schema = self.compile(pointer)?;
        schema.validator.force()?;
        Ok(schema)
    }

    /// Follows `{"$ref": "#/..."}` nodes (with nothing else that constrains) to their target.
    fn canonical(&self, pointer: &str) -> Result<String, SpecError> {
        let mut current = pointer.to_string();
        for _ in 0..32 {
            let node = self.doc.pointer(&current).ok_or_else(|| {
                SpecError::invalid(self.file, pointer, format!("$ref target {current} does not exist"))
            })?;
            match bare_ref(node) {
                Some(next) => current = next,
                None => return Ok(current),
            }
        }
        Err(SpecError::invalid(self.file, pointer, "$ref chain is circular"))
    }

    pub(crate) fn compiled(&self) -> usize {
        self.cache.len()
    }
}

/// The target pointer of a node that is only a local `$ref` (plus annotations).
pub(crate) fn bare_ref(node: &Value) -> Option<String> {
    let map = node.as_object()?;
    let target = map.get("$ref")?.as_str()?.strip_prefix('#')?;
    let only_annotations = map.keys().all(|k| matches!(k.as_str(), "$ref" | "description" | "summary" | "title"));
    only_annotations.then(|| decode_fragment(target))
}

/// `Value::pointer`, without its two `str::replace` calls per token: request validation
/// looks up each parameter's schema by pointer on every request, and unescaping tokens
/// that hold no `~` was most of that (benches/callgrind_lists.sh). Same rules: RFC 6901
/// tokens, array indexes without a sign or leading zeros.
pub(crate) fn pointer<'d>(doc: &'d Value, pointer: &str) -> Option<&'d Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    pointer.strip_prefix('/')?.split('/').try_fold(doc, |node, token| {
        let token: std::borrow::Cow<'_, str> =
            if token.contains('~') { token.replace("~1", "/").replace("~0", "~").into() } else { token.into() };
        match node {
            Value::Object(map) => map.get(token.as_ref()),
            Value::Array(list) if !token.starts_with('+') && (token == "0" || !token.starts_with('0')) => {
                token.parse::<usize>().ok().and_then(|i| list.get(i))
            }
            _ => None,
        }
    })
}

fn decode_fragment(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned()
}

/// The validator options every schema is compiled with.
pub(crate) fn options() -> jsonschema::ValidationOptions<'static> {
    jsonschema::options().with_draft(Draft::Draft202012).should_validate_formats(true)
}

/// Follows local `$ref`s from `node` until a node that is not a bare reference.
pub fn resolve<'d>(doc: &'d Value, node: &'d Value) -> &'d Value {
    let mut current = node;
    for _ in 0..32 {
        match bare_ref(current).and_then(|p| pointer(doc, &p)) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

#[cfg(test)]
mod pointer_tests {
    use serde_json::json;

    use super::pointer;

    #[test]
    fn it_finds_what_value_pointer_finds() {
        let doc = json!({"a/b": {"c~d": [10, {"e": 1}]}, "": 2, "list": [0, 1]});
        for p in [
            "",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/e",
            "/",
            "/list/0",
            "/list/01",
            "/list/+1",
            "/list/9",
            "x",
            "/nope",
        ] {
            assert_eq!(pointer(&doc, p), doc.pointer(p), "{p}");
        }
    }
}

//! Loading OpenAPI 3.0 and 3.1 documents into one immutable model.
//!
//! Both versions end in the same place: the document is kept as a `serde_json::Value`
//! (nothing a typed 3.0-only or 3.1-only model would drop is lost), external files are
//! bundled in, 3.0 schemas are rewritten into their 3.1 / JSON Schema 2020-12 form, and a
//! thin typed index (`model`) is built over it with every schema given a `jsonschema`
//! validator, compiled at load or on first use (`Compile`, see `compile`). 3.0 documents
//! are additionally checked against `openapiv3`'s typed model, which catches structural
//! mistakes the index does not look at. The document kept is what validation and
//! generation read: the bodies' examples leave it for the index (`media_examples`), and
//! it is copied at its exact size (`compact`).

mod compact;
mod compile;
mod error;
mod examples;
mod extensions;
mod index;
mod load;
mod media_examples;
mod model;
mod routes;
mod trim;
mod upgrade;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use serde_json::Value;

pub use compile::{Compile, LazyValidator, resolve};
pub use error::SpecError;
pub use examples::ExampleProblem;
pub use extensions::{ApiSettings, Builtin, DialectName, KnownDeparture, TrailingSlash};
pub use load::{parse_document, parse_json, read_document};
pub use model::*;
pub use routes::{RouteMatch, RouteTable};
pub use upgrade::upgrade_schema;

/// Which OpenAPI line a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    V30,
    V31,
}

/// One API's contract, loaded and compiled; immutable.
#[derive(Debug)]
pub struct ApiSpec {
    pub name: String,
    pub file: PathBuf,
    pub version: SpecVersion,
    pub title: String,
    pub settings: ApiSettings,
    /// The bundled document in 3.1 form: what validators and generators read (shared with
    /// the validators' registry, so it is held once).
    pub document: Arc<Value>,
    /// The bundled document as written (its own OpenAPI version), served at `/openapi.json`:
    /// see [`ApiSpec::served`].
    served: Served,
    /// Path prefix taken from the first server URL (`/v1`), or empty.
    pub prefix: String,
    pub operations: Vec<Operation>,
    pub routes: RouteTable,
    pub security_schemes: SecuritySchemes,
    /// Every `components/schemas` entry, compiled, by name.
    pub components: indexmap::IndexMap<String, Schema>,
    /// How many distinct schemas have a validator (compiled, or to be on first use).
    pub compiled_schemas: usize,
}

impl ApiSpec {
    /// Loads `file` (YAML or JSON); the API is named by `x-secmock.api`, else by its
    /// `info.title` (slugged), else after the file's folder.
    pub fn load(file: &Path) -> Result<ApiSpec, SpecError> {
        let doc = load::read_document(file)?;
        Self::from_document(file, doc)
    }

    /// Builds a spec from an already-parsed document; `file` names it in errors and
    /// anchors relative `$ref`s. Every schema is compiled now.
    pub fn from_document(file: &Path, doc: Value) -> Result<ApiSpec, SpecError> {
        Self::from_document_with(file, doc, Compile::Eager)
    }

    /// `from_document`, compiling schemas now or on first use (`Compile::OnFirstUse`: for
    /// specs known to compile, such as the shipped ones).
    pub fn from_document_with(file: &Path, doc: Value, when: Compile) -> Result<ApiSpec, SpecError> {
        Self::build(file, doc, None, false, when).map(|(spec, _)| spec)
    }

    /// A spec from JSON the program carries (the shipped specs): `/openapi.json` is
    /// written from `json` on the first request for it, so the spec keeps nothing for it
    /// until then.
    pub fn from_static_json(file: &Path, json: &'static str, when: Compile) -> Result<ApiSpec, SpecError> {
        let doc = load::parse_json(file, json)?;
        Self::build(file, doc, Some(json), false, when).map(|(spec, _)| spec)
    }

    /// Loads `file` and also checks every example in it against its schema.
    pub fn load_checked(file: &Path) -> Result<(ApiSpec, Vec<ExampleProblem>), SpecError> {
        let doc = load::read_document(file)?;
        Self::build(file, doc, None, true, Compile::Eager)
    }

    /// `from_document`, also checking every example against its schema.
    pub fn from_document_checked(file: &Path, doc: Value) -> Result<(ApiSpec, Vec<ExampleProblem>), SpecError> {
        Self::build(file, doc, None, true, Compile::Eager)
    }

    /// Compiles every schema not compiled yet; the first that does not compile is the
    /// error. What a spec loaded with `Compile::OnFirstUse` would otherwise do bit by bit.
    pub fn compile_all(&self) -> Result<(), SpecError> {
        let parameters = self.operations.iter().flat_map(|op| op.parameters.iter().filter_map(|p| p.schema.as_ref()));
        let bodies = self
            .operations
            .iter()
            .flat_map(|op| op.request_body.iter().flat_map(|b| b.content.iter().filter_map(|m| m.schema.as_ref())));
        let responses = self.operations.iter().flat_map(|op| {
            op.responses.iter().flat_map(|r| {
                r.content
                    .iter()
                    .filter_map(|m| m.schema.as_ref())
                    .chain(r.headers.iter().filter_map(|h| h.schema.as_ref()))
            })
        });
        for schema in parameters.chain(bodies).chain(responses).chain(self.components.values()) {
            schema.validator.force()?;
        }
        Ok(())
    }

    /// `text`: the JSON `doc` was read from, when the program carries it.
    fn build(
        file: &Path,
        doc: Value,
        text: Option<&'static str>,
        check_examples: bool,
        when: Compile,
    ) -> Result<(ApiSpec, Vec<ExampleProblem>), SpecError> {
        if !doc.is_object() {
            return Err(SpecError::invalid(file, "", "an OpenAPI document must be an object"));
        }
        let version = match doc.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0.") => SpecVersion::V30,
            Some(v) if v.starts_with("3.1.") => SpecVersion::V31,
            Some(v) => {
                return Err(SpecError::invalid(
                    file,
                    "/openapi",
                    format!("OpenAPI {v} is not supported (3.0.x and 3.1.x are)"),
                ));
            }
            None => return Err(SpecError::invalid(file, "/openapi", "missing 'openapi' version field")),
        };
        let mut doc = load::bundle(file, doc)?;
        if version == SpecVersion::V30 {
            check_openapi30(file, &doc)?;
        }
        // The document kept is about to lose its examples (and a 3.0 one to become 3.1):
        // what `/openapi.json` serves is written now, unless the text it comes from is
        // at hand for later.
        let served = match text {
            Some(text) => Served::FromText { text, written: std::sync::OnceLock::new() },
            None => Served::Written(write_served(&doc)),
        };
        if version == SpecVersion::V30 {
            upgrade::upgrade_document(&mut doc);
        }
        let settings: ApiSettings = extensions::read(&doc, "").map_err(|(p, m)| SpecError::invalid(file, &p, m))?;
        let name = settings.api.clone().or_else(|| title_slug(&doc)).unwrap_or_else(|| folder_name(file));
        let prefix = server_prefix(&doc);
        let title = doc.pointer("/info/title").and_then(Value::as_str).unwrap_or(&name).to_string();
        let security_schemes = index::security_schemes(file, &doc)?;
        let examples = media_examples::take(file, &mut doc)?;
        compact::compact(&mut doc);
        let doc = Arc::new(doc);
        let mut compiler = compile::SchemaCompiler::new(file, &doc, &doc, when)?;
        let operations = index::Indexer {
            file,
            doc: &doc,
            compiler: &mut compiler,
            prefix: prefix.clone(),
            schemes: &security_schemes,
            examples: &examples,
        }
        .operations()?;
        let mut components = indexmap::IndexMap::new();
        if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
            for name in schemas.keys() {
                let pointer = format!("/components/schemas/{}", error::escape_token(name));
                components.insert(name.clone(), compiler.compile(&pointer)?);
            }
        }
        let problems = if check_examples { examples::check(&doc, &examples, &mut compiler)? } else { Vec::new() };
        let compiled_schemas = compiler.compiled();
        drop(compiler);
        let routes = RouteTable::build(file, &operations, settings.trailing_slash)?;
        let spec = ApiSpec {
            name,
            file: file.to_path_buf(),
            version,
            title,
            settings,
            document: doc,
            served,
            prefix,
            operations,
            routes,
            security_schemes,
            components,
            compiled_schemas,
        };
        Ok((spec, problems))
    }

    /// The bundled document as written (its own OpenAPI version), as `/openapi.json`
    /// serves it. A shipped spec's is written on the first request for it, from the JSON
    /// the binary carries (most runs never ask; keeping it written was ~1 MB of the
    /// shipped specs' idle memory, issue 14); any other spec's is written at load, before
    /// its examples leave the document it keeps.
    pub fn served(&self) -> Bytes {
        match &self.served {
            Served::Written(bytes) => bytes.clone(),
            Served::FromText { text, written } => written
                .get_or_init(|| {
                    let doc = load::parse_json(&self.file, text).and_then(|doc| load::bundle(&self.file, doc));
                    doc.map(|doc| write_served(&doc)).unwrap_or_default()
                })
                .clone(),
        }
    }

    /// The operation with this `operationId`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.id == id)
    }

    /// Checks `value` against the component schema `name`: every problem, each with the
    /// JSON pointer where it is.
    pub fn check_component(&self, name: &str, value: &Value) -> Result<(), Vec<String>> {
        let Some(schema) = self.components.get(name) else {
            return Err(vec![format!("{} has no schema named '{name}'", self.name)]);
        };
        let problems: Vec<String> =
            schema.validator.iter_errors(value).map(|e| format!("{name} at '{}': {e}", e.instance_path())).collect();
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Resolves a schema pointer to its node, following bare `$ref`s.
    pub fn schema_node(&self, pointer: &str) -> Option<&Value> {
        compile::pointer(&self.document, pointer).map(|node| resolve(&self.document, node))
    }
}

/// The served document: written at load, or from the text carried in the binary on the
/// first request for it.
#[derive(Debug)]
enum Served {
    Written(Bytes),
    FromText { text: &'static str, written: std::sync::OnceLock<Bytes> },
}

/// `/openapi.json`'s bytes for the bundled document `doc`.
fn write_served(doc: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(&served_document(doc)).unwrap_or_default())
}

/// An API's name from its `info.title` when `x-secmock.api` gives none: lowercase
/// letters and digits, anything else a single `-` (`"Orders Service (v2)"` →
/// `orders-service-v2`), at most 40 characters; `None` for a title with no letter or digit.
fn title_slug(doc: &Value) -> Option<String> {
    let title = doc.pointer("/info/title").and_then(Value::as_str)?;
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(40);
    let slug = slug.trim_end_matches('-').to_string();
    (!slug.is_empty()).then_some(slug)
}

fn folder_name(file: &Path) -> String {
    file.parent()
        .and_then(Path::file_name)
        .or_else(|| file.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "api".into())
}

/// The document as `/openapi.json` serves it: its `servers` point at this secmock server
/// (a URL relative to where the document is served, so Swagger UI's "Try it out" calls the
/// port and host it was loaded from, whatever they are), never at the real service, whose
/// URLs are kept in the description.
fn served_document(doc: &Value) -> Value {
    let mut served = doc.clone();
    let vendor: Vec<&str> = doc
        .get("servers")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(|s| s.get("url").and_then(Value::as_str)).collect())
        .unwrap_or_default();
    // A document written for secmock may name secmock's own default address.
    let vendor: Vec<&str> =
        vendor.into_iter().filter(|u| !(u.contains("://127.0.0.1") || u.contains("://localhost"))).collect();
    let prefix = server_prefix(doc);
    let description = match vendor.as_slice() {
        [] => "this secmock server".to_string(),
        urls => format!("this secmock server (the real service: {})", urls.join(", ")),
    };
    let url = if prefix.is_empty() { "/".to_string() } else { prefix };
    if let Some(object) = served.as_object_mut() {
        object.insert("servers".into(), serde_json::json!([{"url": url, "description": description}]));
    }
    served
}

/// The path part of the first server URL: `https://host/v1` and `/v1` both give `/v1`.
fn server_prefix(doc: &Value) -> String {
    let Some(url) = doc.pointer("/servers/0/url").and_then(Value::as_str) else {
        return String::new();
    };
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or(""),
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/').to_string()
}

/// Structural check of a 3.0 document with `openapiv3`'s typed model; the error names the
/// JSON pointer of the first node the model rejects.
fn check_openapi30(file: &Path, doc: &Value) -> Result<(), SpecError> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc) {
        Ok(_) => Ok(()),
        Err(e) => {
            let tokens: Vec<String> = e
                .path()
                .iter()
                .filter_map(|seg| match seg {
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            let pointer = error::pointer(&tokens.iter().map(String::as_str).collect::<Vec<_>>());
            Err(SpecError::invalid(file, &pointer, format!("not a valid OpenAPI 3.0 document: {}", e.inner())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_prefix_from_absolute_and_relative_urls() {
        let d = |url: &str| serde_json::json!({"servers": [{"url": url}]});
        assert_eq!(server_prefix(&d("https://simple-api.dryrun.security/v1")), "/v1");
        assert_eq!(server_prefix(&d("https://api.kolega.dev")), "");
        assert_eq!(server_prefix(&d("/api/v2/")), "/api/v2");
        assert_eq!(server_prefix(&serde_json::json!({})), "");
    }

    #[test]
    fn the_served_document_points_at_secmock_and_names_the_real_service() {
        let doc = serde_json::json!({"servers": [{"url": "https://simple-api.dryrun.security/v1"}], "paths": {}});
        let served = served_document(&doc);
        assert_eq!(served["servers"][0]["url"], "/v1");
        assert_eq!(
            served["servers"][0]["description"],
            "this secmock server (the real service: https://simple-api.dryrun.security/v1)"
        );
        assert_eq!(served_document(&serde_json::json!({}))["servers"][0]["url"], "/");
    }
}

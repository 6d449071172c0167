//! `secmock validate`: every example in a document must validate against its own schema,
//! because secmock serves examples as responses and a wrong one is a lie to every client.

use serde_json::Value;

use super::compile::SchemaCompiler;
use super::error::{SpecError, escape_token};
use super::media_examples::MediaExamples;
use super::walk::schema_roots;

/// An example that does not match the schema it illustrates.
#[derive(Debug, Clone)]
pub struct ExampleProblem {
    /// Pointer of the example value.
    pub example: String,
    /// Pointer inside the example where it goes wrong.
    pub instance: String,
    pub message: String,
}

impl std::fmt::Display for ExampleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "example {} at '{}': {}", self.example, self.instance, self.message)
    }
}

/// `taken`: the media types' examples, out of `doc` (`media_examples`).
pub(crate) fn check(
    doc: &Value,
    taken: &MediaExamples,
    compiler: &mut SchemaCompiler<'_>,
) -> Result<Vec<ExampleProblem>, SpecError> {
    let mut problems = Vec::new();
    // Examples beside a schema: media types and parameters.
    for root in schema_roots(doc) {
        let Some(owner_at) = root.strip_suffix("/schema") else { continue };
        let Some(owner) = doc.pointer(owner_at) else { continue };
        let mut examples: Vec<(String, &Value)> = taken
            .get(owner_at)
            .into_iter()
            .flat_map(|list| list.iter())
            .map(|e| (e.pointer.clone(), e.value()))
            .collect();
        if let Some(v) = owner.get("example") {
            examples.push((format!("{owner_at}/example"), v));
        }
        if let Some(Value::Object(named)) = owner.get("examples") {
            for (name, ex) in named {
                let ex = super::compile::resolve(doc, ex);
                if let Some(v) = ex.get("value") {
                    examples.push((format!("{owner_at}/examples/{}/value", escape_token(name)), v));
                }
            }
        }
        for (at, value) in examples {
            validate(compiler, &root, &at, value, &mut problems)?;
        }
    }
    // Examples inside schemas, at any depth.
    for root in schema_roots(doc) {
        let Some(schema) = doc.pointer(&root) else { continue };
        walk_schema(schema, &root, compiler, &mut problems)?;
    }
    Ok(problems)
}

fn walk_schema(
    schema: &Value,
    at: &str,
    compiler: &mut SchemaCompiler<'_>,
    problems: &mut Vec<ExampleProblem>,
) -> Result<(), SpecError> {
    let Value::Object(map) = schema else { return Ok(()) };
    if let Some(Value::Array(examples)) = map.get("examples") {
        for (i, value) in examples.iter().enumerate() {
            validate(compiler, at, &format!("{at}/examples/{i}"), value, problems)?;
        }
    }
    for (key, child) in map {
        let child_at = format!("{at}/{}", escape_token(key));
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" => {
                if let Value::Object(children) = child {
                    for (name, sub) in children {
                        walk_schema(sub, &format!("{child_at}/{}", escape_token(name)), compiler, problems)?;
                    }
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Value::Array(children) = child {
                    for (i, sub) in children.iter().enumerate() {
                        walk_schema(sub, &format!("{child_at}/{i}"), compiler, problems)?;
                    }
                }
            }
            "items" | "additionalProperties" | "not" => walk_schema(child, &child_at, compiler, problems)?,
            _ => {}
        }
    }
    Ok(())
}

fn validate(
    compiler: &mut SchemaCompiler<'_>,
    schema_at: &str,
    example_at: &str,
    value: &Value,
    problems: &mut Vec<ExampleProblem>,
) -> Result<(), SpecError> {
    let schema = compiler.compile_now(schema_at)?;
    for error in schema.validator.iter_errors(value) {
        problems.push(ExampleProblem {
            example: example_at.to_string(),
            instance: error.instance_path().to_string(),
            message: error.to_string(),
        });
    }
    Ok(())
}

//! Turns `jsonschema` errors into `RequestProblem`s. Two things make this more than a
//! field-by-field copy: `required` and `additionalProperties` errors are re-anchored on
//! the field they name (as every API reports them), and a failed `anyOf`/`oneOf` reports
//! the alternative the input was closest to — so `integer | null` with `"abc"` says
//! "must be an integer", as pydantic does, instead of "matches no alternative".

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use serde_json::Value;

use super::problem::{ProblemKind, RequestProblem, Seg, Source};
use crate::spec::Schema;

/// Validates `instance` and describes every problem, rooted at `source` + `base`.
pub(crate) fn check(schema: &Schema, instance: &Value, source: Source, base: &[Seg]) -> Vec<RequestProblem> {
    let mut out = Vec::new();
    for error in schema.validator.iter_errors(instance) {
        convert(&error, source, base, &mut out);
    }
    // pydantic reports fields in declaration order and unexpected ones after them.
    out.sort_by_key(|p| p.kind == ProblemKind::Extra);
    out
}

fn convert(error: &ValidationError<'_>, source: Source, base: &[Seg], out: &mut Vec<RequestProblem>) {
    let mut path = base.to_vec();
    for seg in error.instance_path().iter() {
        path.push(match seg {
            LocationSegment::Property(p) => Seg::Key(p.into_owned()),
            LocationSegment::Index(i) => Seg::Index(i),
        });
    }
    let instance = error.instance().as_ref();
    let problem = |kind: ProblemKind| RequestProblem::new(source, path.clone(), kind, instance.clone());
    use ValidationErrorKind as K;
    let kind = match error.kind() {
        K::Required { property } => {
            let mut field = path.clone();
            field.push(Seg::Key(property.as_str().unwrap_or_default().to_string()));
            out.push(RequestProblem::new(source, field, ProblemKind::Missing, instance.clone()));
            return;
        }
        K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
            for name in unexpected {
                let mut field = path.clone();
                field.push(Seg::Key(name.clone()));
                let value = instance.get(name).cloned().unwrap_or(Value::Null);
                out.push(RequestProblem::new(source, field, ProblemKind::Extra, value));
            }
            return;
        }
        K::AnyOf { context } | K::OneOfNotValid { context } => {
            match closest_branch(context) {
                Some(branch) => branch.iter().for_each(|e| convert(e, source, base, out)),
                None => out.push(problem(merged_type_problem(context).unwrap_or(ProblemKind::NoMatch))),
            }
            return;
        }
        K::OneOfMultipleValid { .. } => ProblemKind::AmbiguousMatch,
        K::Type { kind } => ProblemKind::Type { expected: type_names(kind) },
        K::Enum { options } => ProblemKind::Enum { allowed: options.as_array().cloned().unwrap_or_default() },
        K::Constant { expected_value } => ProblemKind::Const { expected: expected_value.as_ref().clone() },
        K::Minimum { limit } => ProblemKind::Minimum { limit: limit.clone() },
        K::Maximum { limit } => ProblemKind::Maximum { limit: limit.clone() },
        K::ExclusiveMinimum { limit } => ProblemKind::ExclusiveMinimum { limit: limit.clone() },
        K::ExclusiveMaximum { limit } => ProblemKind::ExclusiveMaximum { limit: limit.clone() },
        K::MultipleOf { multiple_of } => ProblemKind::MultipleOf { factor: *multiple_of },
        K::MinLength { limit } => ProblemKind::MinLength { limit: *limit },
        K::MaxLength { limit } => ProblemKind::MaxLength { limit: *limit },
        K::Pattern { pattern } => ProblemKind::Pattern { pattern: pattern.clone() },
        K::Format { format } => ProblemKind::Format { format: format.clone() },
        K::MinItems { limit } => ProblemKind::MinItems { limit: *limit, actual: array_len(instance) },
        K::MaxItems { limit } => ProblemKind::MaxItems { limit: *limit, actual: array_len(instance) },
        K::UniqueItems => ProblemKind::UniqueItems,
        K::MinProperties { limit } => ProblemKind::MinProperties { limit: *limit },
        K::MaxProperties { limit } => ProblemKind::MaxProperties { limit: *limit },
        K::FalseSchema => ProblemKind::Extra,
        _ => ProblemKind::Other { message: error.to_string() },
    };
    out.push(problem(kind));
}

fn array_len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

fn type_names(kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Single(t) => vec![t.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
    }
}

/// An alternative "failed only on its type at the root" did not even apply to the input.
fn is_type_miss(branch: &[ValidationError<'static>], root_depth: usize) -> bool {
    branch.len() == 1
        && matches!(branch[0].kind(), ValidationErrorKind::Type { .. })
        && branch[0].instance_path().iter().count() == root_depth
}

/// The alternative the input came closest to: among those whose failure is more than a
/// wrong root type, the one with the fewest errors. `None` if every alternative failed
/// only on its type.
fn closest_branch<'c>(context: &'c [Vec<ValidationError<'static>>]) -> Option<&'c Vec<ValidationError<'static>>> {
    let depth = context.iter().flatten().map(|e| e.instance_path().iter().count()).min().unwrap_or(0);
    context.iter().filter(|branch| !branch.is_empty() && !is_type_miss(branch, depth)).min_by_key(|branch| branch.len())
}

/// When every alternative was a type miss: one problem listing every accepted type.
fn merged_type_problem(context: &[Vec<ValidationError<'static>>]) -> Option<ProblemKind> {
    let mut expected: Vec<String> = Vec::new();
    for branch in context {
        let ValidationErrorKind::Type { kind } = branch.first()?.kind() else { return None };
        for name in type_names(kind) {
            if !expected.contains(&name) {
                expected.push(name);
            }
        }
    }
    Some(ProblemKind::Type { expected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ApiSpec;
    use serde_json::json;

    fn schema(s: Value) -> Schema {
        let doc = json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"post": {
                "requestBody": {"content": {"application/json": {"schema": s}}},
                "responses": {"200": {"description": "ok"}}}}}
        });
        let spec = ApiSpec::from_document(std::path::Path::new("t.yaml"), doc).expect("spec loads");
        spec.operations[0].request_body.as_ref().expect("body").content[0].schema.clone().expect("schema")
    }

    fn kinds(s: Value, v: Value) -> Vec<(String, ProblemKind)> {
        check(&schema(s), &v, Source::Body, &[]).into_iter().map(|p| (p.location(), p.kind)).collect()
    }

    #[test]
    fn required_and_extra_fields_are_reported_on_the_field() {
        let s = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}},
                       "additionalProperties": false});
        assert_eq!(
            kinds(s, json!({"b": 1})),
            vec![("body.a".into(), ProblemKind::Missing), ("body.b".into(), ProblemKind::Extra),]
        );
    }

    #[test]
    fn nullable_union_reports_the_non_null_branch() {
        let s = json!({"type": "object", "properties": {"n": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}}});
        assert_eq!(
            kinds(s.clone(), json!({"n": 0})),
            vec![("body.n".into(), ProblemKind::Minimum { limit: json!(1) })]
        );
        assert_eq!(
            kinds(s, json!({"n": "x"})),
            vec![("body.n".into(), ProblemKind::Type { expected: vec!["integer".into(), "null".into()] }),]
        );
    }

    #[test]
    fn every_error_is_reported_with_its_path() {
        let s = json!({"type": "array", "items": {"type": "object", "properties": {
            "sev": {"enum": ["low", "high"]}, "n": {"type": "integer", "maximum": 5}}}});
        assert_eq!(
            kinds(s, json!([{"sev": "mid"}, {"n": 9}])),
            vec![
                ("body[0].sev".into(), ProblemKind::Enum { allowed: vec![json!("low"), json!("high")] }),
                ("body[1].n".into(), ProblemKind::Maximum { limit: json!(5) }),
            ]
        );
    }
}

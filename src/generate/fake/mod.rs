//! Realistic fake JSON values from JSON Schema (OpenAPI 3.1 / JSON Schema 2020-12),
//! deterministic for a given RNG state.
//!
//! [`Generator::value`] walks a schema and builds a value that validates against it:
//! - `$ref` (local JSON pointers, percent-encoded or not) and `allOf` are flattened into one
//!   conjunction of schema objects, so constraints from every branch apply together
//!   (properties and `required` are united, bounds intersected, `additionalProperties: false`
//!   of any branch limits the properties emitted);
//! - `anyOf`/`oneOf` pick the first branch compatible with the rest of the schema that is not
//!   `null` (a `null` branch first once the recursion guard is active); for `oneOf` the value is
//!   regenerated with another branch when it also matches a second branch; `not` and
//!   `if`/`then`/`else` are checked the same way;
//! - leaf values sometimes take the schema's own `examples`/`example` (and `default` for
//!   non-strings) when they validate, so data reads like the spec's authors meant it;
//! - strings follow `format`, then the property-name hints of [`vocabulary`] (refined by the
//!   object holding the property: a user's `name` is a person's), then common shapes (months,
//!   dates, amounts) for narrow patterns, then `pattern` itself (sampled with `rand_regex`),
//!   then lorem words (`fake`); each candidate is kept only if it satisfies every string
//!   constraint, patterns checked by a small backtracking matcher over `regex-syntax`'s HIR;
//! - numbers honour bounds (3.1 numeric and 3.0 boolean exclusives) and `multipleOf`, with
//!   name-based default ranges (`start_line` 1..400, `port`, `percent`, ...);
//! - related fields of one object are put in order where the schema allows it
//!   (`created_at` ≤ `updated_at`, `end_line` a few lines after `start_line`);
//! - recursion guard: past 4 nested uses of the same `$ref` or 10 nested `$ref`s in all, only
//!   required properties, minimal arrays and `null` where allowed are emitted; past 24 the
//!   cheapest value of the type is emitted.
//!
//! Nothing here panics on any input schema: contradictions and unsupported keywords degrade
//! to a best-effort value. No global RNG, clock or hash-order iteration is involved.

mod accept;
mod arrays;
mod flatten;
mod formats;
mod hint_values;
mod matcher;
mod node;
mod numbers;
mod objects;
mod pattern;
mod shapes;
mod strings;
mod types;
mod util;
mod vocabulary;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use std::fmt;

use rand::Rng;
use serde_json::Value;

use flatten::Ctx;

/// Nested uses of one `$ref` before only the required minimum is emitted.
const SAME_REF_LIMIT: usize = 4;
/// Nested `$ref`s in all before only the required minimum is emitted.
const REF_DEPTH_LIMIT: usize = 10;
/// Nested `$ref`s after which a node becomes the cheapest value of its type.
const HARD_REF_DEPTH: usize = 24;
/// Nesting of generated values after which a node becomes the cheapest value of its type.
const HARD_NEST: usize = 64;
/// Nesting of `$ref`/`allOf`/`anyOf` inside one node that is followed.
const FLATTEN_NEST: usize = 32;
/// Cap on array lengths (a larger `minItems` is not honoured).
const MAX_ITEMS: usize = 256;
/// Cap on string lengths (a larger `minLength` is not honoured).
const MAX_STRING: usize = 4096;
/// Tries for a value that satisfies `oneOf` exclusivity, `not` and `if`.
const ATTEMPTS: usize = 4;
/// Seconds before the anchor that generated instants may lie.
const WINDOW_SECONDS: i64 = 90 * 24 * 3600;

/// Generates fake values for the schemas of one OpenAPI document.
pub(crate) struct Generator<'d> {
    doc: &'d Value,
    anchor: jiff::Timestamp,
}

impl fmt::Debug for Generator<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Generator").field("anchor", &self.anchor).finish_non_exhaustive()
    }
}

impl<'d> Generator<'d> {
    /// `doc` is the whole OpenAPI document (schemas may `$ref` into it: "#/components/schemas/X",
    /// JSON-pointer fragments, possibly percent-encoded); `anchor` is the instant that generated
    /// timestamps cluster around (within the previous ~90 days of it; never after it).
    pub(crate) fn new(doc: &'d Value, anchor: jiff::Timestamp) -> Self {
        Generator { doc, anchor }
    }

    /// A value that validates against `schema`. Same schema + same RNG state => same value.
    pub(crate) fn value<R: Rng + ?Sized>(&self, schema: &Value, rng: &mut R) -> Value {
        let mut ctx = Ctx { refs: Vec::new(), minimal: false, depth: 0, owner: None };
        self.gen_node(&[schema], None, &mut ctx, rng)
    }
}

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

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex};

use fake::Fake;
use rand::{Rng, RngExt};
use regex_syntax::hir::{
    self, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
};
use serde_json::{Map, Value};

// The word tables live beside this file; declared here so `generate/mod.rs` needs only
// `mod fake_data;`.
#[path = "vocabulary.rs"]
mod vocabulary;

use vocabulary::{self as vocab, Hint};

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
/// Largest string the pattern matcher looks at.
const MATCH_MAX_CHARS: usize = 1024;
/// Nesting of the pattern matcher (roughly three frames per level) before it gives up.
const MATCH_MAX_DEPTH: usize = 1500;
/// Steps the pattern matcher may take before giving up.
const MATCH_BUDGET: usize = 200_000;
/// Seconds before the anchor that generated instants may lie.
const WINDOW_SECONDS: i64 = 90 * 24 * 3600;

const T_NULL: u8 = 1;
const T_BOOL: u8 = 2;
const T_OBJ: u8 = 4;
const T_ARR: u8 = 8;
const T_INT: u8 = 16;
/// Numbers that are not integers; `number` is `T_INT | T_NUM`.
const T_NUM: u8 = 32;
const T_STR: u8 = 64;
const T_ALL: u8 = 127;

/// Generates fake values for the schemas of one OpenAPI document.
pub struct Generator<'d> {
    doc: &'d Value,
    anchor: jiff::Timestamp,
}

/// Parsed patterns, shared by every generator of the process (a generator is typically built
/// per request). Caching never changes what is generated.
static PATTERNS: LazyLock<Mutex<PatternCache>> = LazyLock::new(Mutex::default);
/// Entries each map of [`PATTERNS`] may hold.
const PATTERN_CACHE_CAP: usize = 4096;

impl fmt::Debug for Generator<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Generator").field("anchor", &self.anchor).finish_non_exhaustive()
    }
}

#[derive(Default)]
struct PatternCache {
    parsed: HashMap<String, Option<Arc<Pattern>>>,
    samplers: HashMap<(String, u32, u32), Option<Arc<rand_regex::Regex>>>,
}

/// A `pattern` parsed once (samplers for it are cached apart, per stretch).
struct Pattern {
    hir: Hir,
    end_anchored: bool,
    /// Common shapes the pattern accepts, when it is narrow (see [`SHAPE_SAMPLES`]).
    shapes: Vec<Shape>,
}

/// Common string shapes, tried before sampling a narrow pattern: `^[0-9]{4}-(0[1-9]|1[0-2])$`
/// reads better as `2026-03` than as `8301-11`.
#[derive(Clone, Copy, Debug)]
enum Shape {
    UrnUuid,
    Uuid,
    Month,
    Date,
    NaiveMicros,
    Naive,
    Rfc3339,
    Amount,
    Rate,
    Count,
    Semver,
    MajorMinor,
}

/// A sample of each shape, in order of preference, to test patterns against once.
const SHAPE_SAMPLES: &[(Shape, &str)] = &[
    (Shape::UrnUuid, "urn:uuid:3f2c1a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60"),
    (Shape::Uuid, "3f2c1a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60"),
    (Shape::Month, "2026-03"),
    (Shape::Date, "2026-03-14"),
    (Shape::NaiveMicros, "2026-03-14T10:22:31.123456"),
    (Shape::Naive, "2026-03-14T10:22:31"),
    (Shape::Rfc3339, "2026-03-14T10:22:31Z"),
    (Shape::Amount, "123.45"),
    (Shape::Rate, "0.1234"),
    (Shape::Count, "123"),
    (Shape::Semver, "1.12.3"),
    (Shape::MajorMinor, "1.2"),
];

/// The state carried down the value being generated.
struct Ctx<'a> {
    /// `$ref`s followed on the way to this node, outermost first.
    refs: Vec<&'a str>,
    /// Recursion guard tripped: required properties only, minimal arrays, null where allowed.
    minimal: bool,
    depth: usize,
    /// Name of the innermost object schema (its `$ref` name or `title`).
    owner: Option<&'a str>,
}

/// One `anyOf`/`oneOf` met while flattening, with the branch taken.
struct Group<'a> {
    one_of: bool,
    branches: &'a [Value],
    chosen: Option<usize>,
}

/// A conjunction of schema objects that one value must satisfy.
#[derive(Default)]
struct Flat<'a> {
    parts: Vec<&'a Map<String, Value>>,
    /// A `false` schema is in the conjunction.
    never: bool,
    groups: Vec<Group<'a>>,
    /// Last `$ref` followed at this node, for naming.
    ref_name: Option<&'a str>,
}

impl<'a> Flat<'a> {
    fn all(&self, key: &'static str) -> impl Iterator<Item = &'a Value> + '_ {
        self.parts.iter().filter_map(move |p| kw(p, key))
    }

    fn first(&self, key: &str) -> Option<&'a Value> {
        self.parts.iter().find_map(|p| kw(p, key))
    }

    fn max_f64(&self, key: &'static str) -> Option<f64> {
        self.all(key).filter_map(Value::as_f64).filter(|x| x.is_finite()).reduce(f64::max)
    }

    fn min_f64(&self, key: &'static str) -> Option<f64> {
        self.all(key).filter_map(Value::as_f64).filter(|x| x.is_finite()).reduce(f64::min)
    }

    fn max_count(&self, key: &'static str) -> Option<usize> {
        self.all(key).filter_map(as_count).max()
    }

    fn min_count(&self, key: &'static str) -> Option<usize> {
        self.all(key).filter_map(as_count).min()
    }

    fn flag(&self, key: &'static str) -> bool {
        self.all(key).any(|v| v.as_bool() == Some(true))
    }

    /// Types allowed by `type`, `const` and `enum` of every part.
    fn type_mask(&self) -> u8 {
        self.parts.iter().fold(T_ALL, |mask, p| mask & own_type_mask(p))
    }

    fn declares_type(&self) -> bool {
        self.parts.iter().any(|p| p.contains_key("type"))
    }
}

/// `map[key]`, by a scan for the small maps schema objects are (cheaper than hashing).
fn kw<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= 24 { map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v) } else { map.get(key) }
}

fn as_count(v: &Value) -> Option<usize> {
    let x = v.as_f64()?;
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    Some(if x > usize::MAX as f64 { usize::MAX } else { x.ceil() as usize })
}

fn type_bits(name: &str) -> u8 {
    match name {
        "null" => T_NULL,
        "boolean" => T_BOOL,
        "object" => T_OBJ,
        "array" => T_ARR,
        "integer" => T_INT,
        "number" => T_INT | T_NUM,
        "string" => T_STR,
        _ => 0,
    }
}

fn type_value_bits(t: &Value) -> u8 {
    match t {
        Value::String(s) => type_bits(s),
        Value::Array(list) => list.iter().filter_map(Value::as_str).fold(0, |m, s| m | type_bits(s)),
        _ => T_ALL,
    }
}

fn value_bits(v: &Value) -> u8 {
    match v {
        Value::Null => T_NULL,
        Value::Bool(_) => T_BOOL,
        Value::Object(_) => T_OBJ,
        Value::Array(_) => T_ARR,
        Value::String(_) => T_STR,
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0) {
                T_INT
            } else {
                T_NUM
            }
        }
    }
}

/// Types a schema object allows by its own `type`, `const` and `enum`.
fn own_type_mask(m: &Map<String, Value>) -> u8 {
    let mut mask = T_ALL;
    if let Some(t) = kw(m, "type") {
        mask &= type_value_bits(t);
    }
    if let Some(c) = kw(m, "const") {
        mask &= value_bits(c);
    }
    if let Some(Value::Array(list)) = kw(m, "enum") {
        mask &= list.iter().fold(0, |acc, v| acc | value_bits(v));
    }
    mask
}

/// JSON equality with numbers compared by value (`1 == 1.0`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => p == q,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(p), Some(q)) => p == q,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn pick<'v, T, R: Rng + ?Sized>(rng: &mut R, items: &'v [T]) -> Option<&'v T> {
    if items.is_empty() { None } else { Some(&items[rng.random_range(0..items.len())]) }
}

fn pick_str<R: Rng + ?Sized>(rng: &mut R, items: &[&'static str]) -> &'static str {
    pick(rng, items).copied().unwrap_or("")
}

/// A uniform integer in `lo..=hi` (`lo` when the range is empty).
fn range_i64<R: Rng + ?Sized>(rng: &mut R, lo: i64, hi: i64) -> i64 {
    if lo >= hi { lo } else { rng.random_range(lo..=hi) }
}

/// A uniform float in `[lo, hi]` that never overflows (`lo` when the range is empty).
fn range_f64<R: Rng + ?Sized>(rng: &mut R, lo: f64, hi: f64) -> f64 {
    if !lo.is_finite() || !hi.is_finite() || lo >= hi {
        return lo;
    }
    let u: f64 = rng.random();
    let v = lo * (1.0 - u) + hi * u;
    v.clamp(lo, hi)
}

fn chars_len(s: &str) -> usize {
    s.chars().count()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(TABLE[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn hex<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..len).map(|_| DIGITS[rng.random_range(0..16)] as char).collect()
}

fn alnum<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    const CHARS: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

fn lower_alnum<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    const CHARS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

/// Lower-case ASCII letters, digits and `sep` only (for slugs and e-mail local parts).
fn slug(s: &str, sep: char) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    while out.ends_with(sep) {
        out.pop();
    }
    if out.is_empty() { "x".to_owned() } else { out }
}

impl<'d> Generator<'d> {
    /// `doc` is the whole OpenAPI document (schemas may `$ref` into it: "#/components/schemas/X",
    /// JSON-pointer fragments, possibly percent-encoded); `anchor` is the instant that generated
    /// timestamps cluster around (within the previous ~90 days of it; never after it).
    pub fn new(doc: &'d Value, anchor: jiff::Timestamp) -> Self {
        Generator { doc, anchor }
    }

    /// A value that validates against `schema`. Same schema + same RNG state => same value.
    pub fn value<R: Rng + ?Sized>(&self, schema: &Value, rng: &mut R) -> Value {
        let mut ctx = Ctx { refs: Vec::new(), minimal: false, depth: 0, owner: None };
        self.gen_node(&[schema], None, &mut ctx, rng)
    }

    // ----- references and flattening -------------------------------------------------------

    /// The target of a local `$ref` ("#/a/b", "#", "urn:x#/a/b"), if it exists.
    fn resolve_ref<'a>(&self, reference: &str) -> Option<&'a Value>
    where
        'd: 'a,
    {
        let fragment = match reference.split_once('#') {
            Some((_, fragment)) => fragment,
            None => return None,
        };
        let decoded;
        let pointer = if fragment.contains('%') {
            decoded = percent_decode(fragment);
            decoded.as_str()
        } else {
            fragment
        };
        if pointer.is_empty() {
            return Some(self.doc);
        }
        let mut node: &'a Value = self.doc;
        for token in pointer.strip_prefix('/')?.split('/') {
            let unescaped;
            let token = if token.contains('~') {
                unescaped = token.replace("~1", "/").replace("~0", "~");
                unescaped.as_str()
            } else {
                token
            };
            node = match node {
                Value::Object(map) => map.get(token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok().filter(|_| !token.starts_with('+'))?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Adds `schema` to the conjunction, following `$ref` and `allOf` and recording
    /// `anyOf`/`oneOf` groups; `attempt` picks `then` (even) or `else` (odd) for `if`.
    fn collect<'a>(&self, schema: &'a Value, flat: &mut Flat<'a>, ctx: &mut Ctx<'a>, nest: usize, attempt: usize)
    where
        'd: 'a,
    {
        let map = match schema {
            Value::Object(map) => map,
            Value::Bool(false) => {
                flat.never = true;
                return;
            }
            _ => return,
        };
        if nest > FLATTEN_NEST {
            return;
        }
        flat.parts.push(map);
        if let Some(reference) = kw(map, "$ref").and_then(Value::as_str) {
            let same = ctx.refs.iter().filter(|r| **r == reference).count();
            if same >= SAME_REF_LIMIT || ctx.refs.len() >= REF_DEPTH_LIMIT {
                ctx.minimal = true;
            }
            if let Some(target) = self.resolve_ref(reference) {
                // A cycle of bare references (`A: {$ref: B}`, `B: {$ref: A}`) stops here.
                if ctx.refs.len() <= HARD_REF_DEPTH + FLATTEN_NEST {
                    ctx.refs.push(reference);
                    flat.ref_name = reference.rsplit('/').next().filter(|s| !s.is_empty()).or(flat.ref_name);
                    self.collect(target, flat, ctx, nest + 1, attempt);
                }
            }
        }
        if let Some(Value::Array(branches)) = kw(map, "allOf") {
            for branch in branches {
                self.collect(branch, flat, ctx, nest + 1, attempt);
            }
        }
        for (key, one_of) in [("anyOf", false), ("oneOf", true)] {
            if let Some(Value::Array(branches)) = map.get(key)
                && !branches.is_empty()
            {
                flat.groups.push(Group { one_of, branches, chosen: None });
            }
        }
        if let Some(condition) = kw(map, "if") {
            // Even attempts make the condition hold and add `then`; odd ones add `else`.
            if attempt.is_multiple_of(2) {
                self.collect(condition, flat, ctx, nest + 1, attempt);
                if let Some(then) = kw(map, "then") {
                    self.collect(then, flat, ctx, nest + 1, attempt);
                }
            } else if let Some(otherwise) = kw(map, "else") {
                self.collect(otherwise, flat, ctx, nest + 1, attempt);
            }
        }
    }

    /// Types a schema allows, looking through `$ref`, `allOf`, `anyOf` and `oneOf`.
    fn shallow_types(&self, schema: &Value, depth: usize) -> u8 {
        let map = match schema {
            Value::Object(map) => map,
            Value::Bool(false) => return 0,
            _ => return T_ALL,
        };
        if depth > 8 {
            return T_ALL;
        }
        let mut mask = own_type_mask(map);
        if let Some(target) = kw(map, "$ref").and_then(Value::as_str).and_then(|r| self.resolve_ref(r)) {
            mask &= self.shallow_types(target, depth + 1);
        }
        if let Some(Value::Array(all)) = kw(map, "allOf") {
            for branch in all {
                mask &= self.shallow_types(branch, depth + 1);
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = map.get(key)
                && !branches.is_empty()
            {
                mask &= branches.iter().fold(0, |acc, b| acc | self.shallow_types(b, depth + 1));
            }
        }
        mask
    }

    /// Chooses a branch for every `anyOf`/`oneOf` group and adds it to the conjunction.
    fn resolve_groups<'a>(&self, flat: &mut Flat<'a>, ctx: &mut Ctx<'a>, attempt: usize)
    where
        'd: 'a,
    {
        let mut i = 0;
        while i < flat.groups.len() && i < 64 {
            let branches = flat.groups[i].branches;
            let mask = flat.type_mask();
            let mut fitting: Vec<(usize, bool)> = Vec::new();
            for (index, branch) in branches.iter().enumerate() {
                let types = self.shallow_types(branch, 0);
                if types & mask != 0 {
                    fitting.push((index, types & mask == T_NULL));
                }
            }
            // Not-null branches first (null first under the recursion guard), stable otherwise.
            let minimal = ctx.minimal;
            fitting.sort_by_key(|&(_, is_null)| if minimal { !is_null } else { is_null });
            let chosen = if fitting.is_empty() { 0 } else { fitting[attempt % fitting.len()].0 };
            flat.groups[i].chosen = Some(chosen);
            if let Some(branch) = branches.get(chosen) {
                self.collect(branch, flat, ctx, 1, attempt);
            }
            i += 1;
        }
    }

    // ----- generation ----------------------------------------------------------------------

    fn gen_node<'a, R: Rng + ?Sized>(
        &self,
        schemas: &[&'a Value],
        name: Option<&'a str>,
        ctx: &mut Ctx<'a>,
        rng: &mut R,
    ) -> Value
    where
        'd: 'a,
    {
        let saved_refs = ctx.refs.len();
        let saved_minimal = ctx.minimal;
        let saved_owner = ctx.owner;
        ctx.depth += 1;
        let mut result = Value::Null;
        for attempt in 0..ATTEMPTS {
            ctx.refs.truncate(saved_refs);
            ctx.minimal = saved_minimal;
            ctx.owner = saved_owner;
            let mut flat = Flat::default();
            for schema in schemas {
                self.collect(schema, &mut flat, ctx, 0, attempt);
            }
            self.resolve_groups(&mut flat, ctx, attempt);
            let leaf = ctx.depth > HARD_NEST || ctx.refs.len() > HARD_REF_DEPTH;
            result = if leaf { self.cheapest(&flat) } else { self.gen_flat(&flat, name, ctx, rng) };
            if leaf || self.consistent(&flat, &result) {
                break;
            }
        }
        ctx.refs.truncate(saved_refs);
        ctx.minimal = saved_minimal;
        ctx.owner = saved_owner;
        ctx.depth -= 1;
        result
    }

    /// Whether `value` also satisfies what flattening could not build in: `oneOf`
    /// exclusivity, `not`, and the `if` that decided between `then` and `else`.
    fn consistent(&self, flat: &Flat<'_>, value: &Value) -> bool {
        for group in &flat.groups {
            if let (true, Some(chosen)) = (group.one_of, group.chosen) {
                // The branch taken may be unsatisfiable (then another is tried) ...
                if group.branches.get(chosen).is_some_and(|b| !self.accepts(b, value, 0)) {
                    return false;
                }
                // ... and no other branch may match too.
                let others = group.branches.iter().enumerate().filter(|(i, _)| *i != chosen);
                if others.into_iter().any(|(_, b)| self.accepts(b, value, 0)) {
                    return false;
                }
            }
        }
        for part in &flat.parts {
            if let Some(not) = kw(part, "not")
                && self.accepts(not, value, 0)
            {
                return false;
            }
            if let Some(condition) = kw(part, "if") {
                let ok = if self.accepts(condition, value, 0) {
                    kw(part, "then").is_none_or(|s| self.accepts(s, value, 0))
                } else {
                    kw(part, "else").is_none_or(|s| self.accepts(s, value, 0))
                };
                if !ok {
                    return false;
                }
            }
        }
        true
    }

    /// The type to generate: the first non-null type the schema allows, in declaration order.
    fn pick_type(&self, flat: &Flat<'_>, minimal: bool) -> u8 {
        let mut mask = flat.type_mask();
        if mask == 0 {
            // Contradictory types: follow the first declaration.
            mask = flat.first("type").map(type_value_bits).filter(|m| *m != 0).unwrap_or(T_STR);
        }
        if minimal && mask & T_NULL != 0 {
            return T_NULL;
        }
        if !flat.declares_type() && mask == T_ALL {
            return self.infer_type(flat);
        }
        let declared: Vec<u8> = flat
            .all("type")
            .flat_map(|t| match t {
                Value::String(s) => vec![type_bits(s)],
                Value::Array(list) => list.iter().filter_map(Value::as_str).map(type_bits).collect(),
                _ => Vec::new(),
            })
            .collect();
        for bits in declared.iter().chain([T_STR, T_INT | T_NUM, T_INT, T_OBJ, T_ARR, T_BOOL].iter()) {
            let allowed = bits & mask & !T_NULL;
            if allowed != 0 {
                return if allowed & T_NUM != 0 { T_NUM } else { allowed & allowed.wrapping_neg() };
            }
        }
        if mask & T_NULL != 0 { T_NULL } else { T_STR }
    }

    /// The type suggested by the keywords of an untyped schema.
    fn infer_type(&self, flat: &Flat<'_>) -> u8 {
        let has = |keys: &[&str]| keys.iter().any(|k| flat.first(k).is_some());
        if has(&[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
        ]) {
            T_OBJ
        } else if has(&["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"]) {
            T_ARR
        } else if has(&["pattern", "format", "minLength", "maxLength"]) {
            T_STR
        } else if has(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
            T_NUM
        } else {
            // Anything goes: a (name-hinted) string reads best.
            T_STR
        }
    }

    /// The cheapest value of the schema's type, for nodes past the hard recursion limit.
    fn cheapest(&self, flat: &Flat<'_>) -> Value {
        if let Some(c) = flat.first("const") {
            return c.clone();
        }
        if let Some(Value::Array(list)) = flat.first("enum")
            && let Some(v) = list.first()
        {
            return v.clone();
        }
        match self.pick_type(flat, true) {
            T_OBJ => Value::Object(Map::new()),
            T_ARR => Value::Array(Vec::new()),
            T_BOOL => Value::Bool(false),
            T_INT | T_NUM => {
                let lo = flat.max_f64("minimum").unwrap_or(0.0);
                if lo.fract() == 0.0 && lo.abs() < 9.0e15 { Value::from(lo as i64) } else { Value::from(lo) }
            }
            T_STR => Value::String("x".repeat(flat.max_count("minLength").unwrap_or(0).min(MAX_STRING))),
            _ => Value::Null,
        }
    }

    fn gen_flat<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        name: Option<&'a str>,
        ctx: &mut Ctx<'a>,
        rng: &mut R,
    ) -> Value
    where
        'd: 'a,
    {
        if flat.never {
            return Value::Null;
        }
        if let Some(c) = flat.first("const") {
            return c.clone();
        }
        if let Some(Value::Array(_)) = flat.first("enum") {
            return self.gen_enum(flat, ctx.minimal, rng);
        }
        let ty = self.pick_type(flat, ctx.minimal);
        if ty != T_OBJ
            && ty != T_ARR
            && ty != T_NULL
            && let Some(example) = self.pick_example(flat, ty, name, rng)
        {
            return example;
        }
        match ty {
            T_NULL => Value::Null,
            T_BOOL => Value::Bool(rng.random_bool(0.5)),
            T_OBJ => self.gen_object(flat, name, ctx, rng),
            T_ARR => self.gen_array(flat, name, ctx, rng),
            T_INT => self.gen_integer(flat, name, rng),
            T_NUM => self.gen_number(flat, name, rng),
            _ => Value::String(self.gen_string(flat, name, ctx, rng)),
        }
    }

    /// Every part of the conjunction accepts `value`.
    fn accepted_by(&self, flat: &Flat<'_>, value: &Value) -> bool {
        flat.parts.iter().all(|p| self.accepts_map(p, value, 0))
    }

    fn gen_enum<R: Rng + ?Sized>(&self, flat: &Flat<'_>, minimal: bool, rng: &mut R) -> Value {
        let lists: Vec<&Vec<Value>> = flat.all("enum").filter_map(Value::as_array).collect();
        let Some(first) = lists.first() else { return Value::Null };
        let valid: Vec<&Value> = first.iter().filter(|v| self.accepted_by(flat, v)).collect();
        let preferred: Vec<&Value> = valid.iter().copied().filter(|v| v.is_null() == minimal).collect();
        let pool = if preferred.is_empty() { &valid } else { &preferred };
        match pick(rng, pool) {
            Some(v) => (*v).clone(),
            None => first.first().cloned().unwrap_or(Value::Null),
        }
    }

    /// Sometimes a schema's own `examples` (or `example`, or `default` for non-strings), when
    /// one satisfies the schema. Strings with a `format` or an identity-like hint (ids, shas,
    /// timestamps, URLs) always vary instead.
    fn pick_example<R: Rng + ?Sized>(&self, flat: &Flat<'_>, ty: u8, name: Option<&str>, rng: &mut R) -> Option<Value> {
        let mut candidates: Vec<&Value> = Vec::new();
        for part in &flat.parts {
            if let Some(Value::Array(list)) = kw(part, "examples") {
                candidates.extend(list.iter());
            }
            if let Some(example) = kw(part, "example") {
                candidates.push(example);
            }
        }
        if ty != T_STR {
            candidates.extend(flat.all("default"));
        }
        if candidates.is_empty() {
            return None;
        }
        let probability = if ty == T_STR {
            if flat.first("format").is_some() {
                return None;
            }
            let varied = matches!(
                name.and_then(vocab::hint_for),
                Some(Hint::Uuid | Hint::Sha1 | Hint::Sha256 | Hint::Timestamp | Hint::Url | Hint::Email | Hint::Token)
            );
            if varied { 0.0 } else { 0.6 }
        } else {
            0.3
        };
        if probability == 0.0 || !rng.random_bool(probability) {
            return None;
        }
        let valid: Vec<&Value> = candidates.into_iter().filter(|v| self.accepted_by(flat, v)).collect();
        // examples[0] when it is valid, otherwise another valid one.
        valid.first().map(|v| (*v).clone())
    }

    // ----- objects -------------------------------------------------------------------------

    fn gen_object<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        name: Option<&'a str>,
        ctx: &mut Ctx<'a>,
        rng: &mut R,
    ) -> Value
    where
        'd: 'a,
    {
        let minimal = ctx.minimal;
        ctx.owner = flat.ref_name.or_else(|| flat.first("title").and_then(Value::as_str)).or(name).or(ctx.owner);

        let mut keys: Vec<(&'a str, Vec<&'a Value>)> = Vec::new();
        for part in &flat.parts {
            if let Some(Value::Object(props)) = kw(part, "properties") {
                for (key, schema) in props {
                    match keys.iter_mut().find(|(k, _)| *k == key.as_str()) {
                        Some((_, schemas)) => schemas.push(schema),
                        None => keys.push((key.as_str(), vec![schema])),
                    }
                }
            }
        }
        let mut required: Vec<&'a str> = Vec::new();
        for list in flat.all("required").filter_map(Value::as_array) {
            for key in list.iter().filter_map(Value::as_str) {
                if !required.contains(&key) {
                    required.push(key);
                }
                if !keys.iter().any(|(k, _)| *k == key) {
                    keys.push((key, Vec::new()));
                }
            }
        }

        let mut out = Map::new();
        for (key, schemas) in &keys {
            let is_required = required.contains(key);
            if minimal && !is_required {
                continue;
            }
            if !is_required && !flat.parts.iter().all(|p| self.part_allows_key(p, key)) {
                continue;
            }
            let subs = self.key_schemas(flat, key, schemas);
            let value = self.gen_node(&subs, Some(key), ctx, rng);
            out.insert((*key).to_owned(), value);
        }

        // Extra entries: free-form maps, and `minProperties`.
        let patterned = flat.all("patternProperties").filter_map(Value::as_object).any(|m| !m.is_empty());
        let closed = (flat.parts.iter().any(|p| kw(p, "additionalProperties") == Some(&Value::Bool(false)))
            && !patterned)
            || flat.first("unevaluatedProperties") == Some(&Value::Bool(false));
        let typed_extras = flat.all("additionalProperties").any(Value::is_object) || patterned;
        let min_props = flat.max_count("minProperties").unwrap_or(0).min(MAX_ITEMS);
        let mut wanted = min_props.saturating_sub(out.len());
        if !minimal && keys.is_empty() && typed_extras && !closed {
            wanted = wanted.max(rng.random_range(1..=2));
        }
        if !closed {
            let mut tries = 0;
            while wanted > 0 && tries < wanted * 4 + 8 {
                tries += 1;
                let Some(key) = self.extra_key(flat, &out, ctx, rng) else { break };
                let subs = self.key_schemas(flat, &key, &[]);
                let value = self.gen_node(&subs, None, ctx, rng);
                out.insert(key, value);
                wanted -= 1;
            }
        }

        // `dependentRequired`: bring in what present keys depend on.
        for part in &flat.parts {
            if let Some(Value::Object(deps)) = kw(part, "dependentRequired") {
                for (key, needed) in deps {
                    if !out.contains_key(key) {
                        continue;
                    }
                    for dep in needed.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !out.contains_key(dep) {
                            let declared: Vec<&'a Value> =
                                keys.iter().find(|(k, _)| *k == dep).map(|(_, s)| s.clone()).unwrap_or_default();
                            let subs = self.key_schemas(flat, dep, &declared);
                            let value = self.gen_node(&subs, Some(dep), ctx, rng);
                            out.insert(dep.to_owned(), value);
                        }
                    }
                }
            }
        }

        self.order_fields(flat, &keys, &mut out, rng);

        if let Some(max_props) = flat.min_count("maxProperties") {
            while out.len() > max_props {
                let Some(victim) = out.keys().rev().find(|k| !required.contains(&k.as_str())).cloned() else { break };
                out.shift_remove(&victim);
            }
        }
        Value::Object(out)
    }

    /// Puts related fields in a plausible order where the schema allows it: `created_at` ≤
    /// `started_at` ≤ `completed_at` ≤ `updated_at`, `end_line` a few lines after `start_line`.
    fn order_fields<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        keys: &[(&'a str, Vec<&'a Value>)],
        out: &mut Map<String, Value>,
        rng: &mut R,
    ) {
        let schemas_of = |key: &str| {
            let declared: Vec<&'a Value> =
                keys.iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone()).unwrap_or_default();
            self.key_schemas(flat, key, &declared)
        };
        let fits = |key: &str, value: &Value| schemas_of(key).iter().all(|s| self.accepts(s, value, 0));

        // The instants found, in rank order; their texts are dealt back out sorted by time.
        let mut timed: Vec<(&str, jiff::Timestamp, Value)> = Vec::new();
        for (key, _) in vocab::TIME_RANKS {
            if let Some(value @ Value::String(text)) = out.get(*key)
                && let Some(ts) = parse_instant(text)
            {
                timed.push((key, ts, value.clone()));
            }
        }
        if timed.len() > 1 {
            let mut sorted: Vec<(jiff::Timestamp, Value)> = timed.iter().map(|t| (t.1, t.2.clone())).collect();
            sorted.sort_by_key(|t| t.0);
            if timed.iter().zip(&sorted).all(|((key, _, _), (_, v))| fits(key, v)) {
                for ((key, _, _), (_, v)) in timed.iter().zip(sorted) {
                    out.insert((*key).to_owned(), v);
                }
            }
        }

        for (first, second) in vocab::RANGE_PAIRS {
            if let (Some(a), Some(b)) =
                (out.get(*first).and_then(Value::as_i64), out.get(*second).and_then(Value::as_i64))
                && (b < a || b - a > 40)
            {
                let end = Value::from(a.saturating_add(range_i64(rng, 0, 12)));
                if fits(second, &end) {
                    out.insert((*second).to_owned(), end);
                }
            }
        }
    }

    /// Whether a part with `additionalProperties: false` lets `key` through.
    fn part_allows_key(&self, part: &Map<String, Value>, key: &str) -> bool {
        if kw(part, "additionalProperties") != Some(&Value::Bool(false)) {
            return true;
        }
        if kw(part, "properties").and_then(Value::as_object).is_some_and(|p| p.contains_key(key)) {
            return true;
        }
        self.pattern_properties(part, key).next().is_some()
    }

    /// Schemas of `patternProperties` of `part` whose pattern matches `key`.
    fn pattern_properties<'a>(&self, part: &'a Map<String, Value>, key: &str) -> impl Iterator<Item = &'a Value> {
        let key = key.to_owned();
        kw(part, "patternProperties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(move |(pattern, _)| self.pattern_matches(pattern, &key) == Some(true))
            .map(|(_, schema)| schema)
    }

    /// Every schema that applies to property `key`: declared ones, matching
    /// `patternProperties`, and `additionalProperties` of parts that declare neither.
    fn key_schemas<'a>(&self, flat: &Flat<'a>, key: &str, declared: &[&'a Value]) -> Vec<&'a Value> {
        let mut subs: Vec<&'a Value> = declared.to_vec();
        for part in &flat.parts {
            let in_props = kw(part, "properties").and_then(Value::as_object).is_some_and(|p| p.contains_key(key));
            if in_props {
                continue;
            }
            let before = subs.len();
            subs.extend(self.pattern_properties(part, key));
            if subs.len() == before
                && let Some(extra) = kw(part, "additionalProperties")
                && extra.is_object()
            {
                subs.push(extra);
            }
        }
        subs
    }

    /// A new key for an extra entry: from `propertyNames`, a `patternProperties` pattern,
    /// or the map-key vocabulary.
    fn extra_key<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        out: &Map<String, Value>,
        ctx: &mut Ctx<'a>,
        rng: &mut R,
    ) -> Option<String>
    where
        'd: 'a,
    {
        let names: Vec<&'a Value> = flat.all("propertyNames").collect();
        for _ in 0..8 {
            let key = if !names.is_empty() {
                let mut schemas = names.clone();
                schemas.push(&*STRING_SCHEMA);
                match self.gen_node(&schemas, None, ctx, rng) {
                    Value::String(s) => s,
                    _ => continue,
                }
            } else if let Some(pattern) =
                flat.all("patternProperties").filter_map(Value::as_object).flat_map(|m| m.keys()).next().filter(|_| {
                    // Keys from the pattern when nothing else may be added, otherwise now and then.
                    let open = flat
                        .parts
                        .iter()
                        .all(|p| kw(p, "additionalProperties").is_none_or(|a| *a != Value::Bool(false)));
                    !open || rng.random_bool(0.5)
                })
            {
                match self.sample_pattern(pattern, 0, 8, rng) {
                    Some(s) => s,
                    None => continue,
                }
            } else {
                let base = pick_str(rng, vocab::MAP_KEYS);
                if out.contains_key(base) { format!("{base}_{}", out.len() + 1) } else { base.to_owned() }
            };
            if !out.contains_key(&key) && flat.parts.iter().all(|p| self.part_allows_key(p, &key)) {
                return Some(key);
            }
        }
        None
    }

    // ----- arrays --------------------------------------------------------------------------

    fn gen_array<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        name: Option<&'a str>,
        ctx: &mut Ctx<'a>,
        rng: &mut R,
    ) -> Value
    where
        'd: 'a,
    {
        let items: Vec<&'a Value> = flat.all("items").collect();
        let prefixes: Vec<&'a Vec<Value>> = flat.all("prefixItems").filter_map(Value::as_array).collect();
        let prefix_len = prefixes.iter().map(|p| p.len()).max().unwrap_or(0);
        let contains: Vec<&'a Value> = flat.all("contains").collect();
        let min_contains =
            if contains.is_empty() { 0 } else { flat.max_count("minContains").unwrap_or(1).min(MAX_ITEMS) };

        let min_items = flat.max_count("minItems").unwrap_or(0).max(min_contains).min(MAX_ITEMS);
        let mut max_items = flat.min_count("maxItems").unwrap_or(usize::MAX);
        if items.iter().any(|s| **s == Value::Bool(false)) {
            max_items = max_items.min(prefix_len);
        }
        let n = if ctx.minimal {
            min_items
        } else {
            let lo = min_items.max(1);
            let hi = min_items.max(3);
            range_i64(rng, lo as i64, hi as i64) as usize
        }
        .min(max_items.max(min_items.min(max_items)))
        .min(MAX_ITEMS);

        let unique = flat.flag("uniqueItems");
        let mut out: Vec<Value> = Vec::with_capacity(n);
        for i in 0..n {
            let mut subs: Vec<&'a Value> = Vec::new();
            if i < prefix_len {
                subs.extend(prefixes.iter().filter_map(|p| p.get(i)));
            } else {
                subs.extend(items.iter().copied());
            }
            if i < min_contains {
                subs.extend(contains.iter().copied());
            }
            let mut value = self.gen_node(&subs, name, ctx, rng);
            if !unique && !value.is_object() && !value.is_array() {
                // Repeated scalars read oddly (`["read", "read"]`): a couple of tries for another.
                for _ in 0..2 {
                    if !out.iter().any(|v| json_eq(v, &value)) {
                        break;
                    }
                    value = self.gen_node(&subs, name, ctx, rng);
                }
            }
            if unique {
                let mut tries = 0;
                while out.iter().any(|v| json_eq(v, &value)) && tries < 12 {
                    value = self.gen_node(&subs, name, ctx, rng);
                    tries += 1;
                }
                if out.iter().any(|v| json_eq(v, &value)) && out.len() >= min_items {
                    break;
                }
                // Nothing new to say: keep the duplicate (the schema asks too much).
            }
            out.push(value);
        }
        Value::Array(out)
    }

    // ----- numbers -------------------------------------------------------------------------

    /// `(lower, lower_exclusive, upper, upper_exclusive)` from `minimum`, `maximum` and the
    /// numeric (3.1) or boolean (3.0) `exclusiveMinimum`/`exclusiveMaximum`.
    fn bounds(&self, flat: &Flat<'_>) -> (Option<f64>, bool, Option<f64>, bool) {
        let mut lo = flat.max_f64("minimum");
        let mut lo_ex = false;
        if let Some(ex) = flat.max_f64("exclusiveMinimum") {
            if lo.is_none_or(|l| ex >= l) {
                lo = Some(ex);
                lo_ex = true;
            }
        } else if flat.flag("exclusiveMinimum") {
            lo_ex = lo.is_some();
        }
        let mut hi = flat.min_f64("maximum");
        let mut hi_ex = false;
        if let Some(ex) = flat.min_f64("exclusiveMaximum") {
            if hi.is_none_or(|h| ex <= h) {
                hi = Some(ex);
                hi_ex = true;
            }
        } else if flat.flag("exclusiveMaximum") {
            hi_ex = hi.is_some();
        }
        (lo, lo_ex, hi, hi_ex)
    }

    /// The first positive finite `multipleOf`.
    fn multiple_of(&self, flat: &Flat<'_>) -> Option<f64> {
        flat.all("multipleOf").filter_map(Value::as_f64).find(|m| m.is_finite() && *m > 0.0)
    }

    fn gen_integer<R: Rng + ?Sized>(&self, flat: &Flat<'_>, name: Option<&str>, rng: &mut R) -> Value {
        const SAFE: f64 = 9.0e15;
        let (lo, lo_ex, hi, hi_ex) = self.bounds(flat);
        let lo_i = lo.map(|l| if lo_ex { l.floor() + 1.0 } else { l.ceil() }).map(|l| l.clamp(-SAFE, SAFE) as i64);
        let hi_i = hi.map(|h| if hi_ex { h.ceil() - 1.0 } else { h.floor() }).map(|h| h.clamp(-SAFE, SAFE) as i64);
        let (mut a, mut b) = match (lo_i, hi_i) {
            (Some(l), Some(h)) => (l, h),
            (Some(l), None) => (l, l.saturating_add(1000)),
            (None, Some(h)) => (if h >= 1000 { 0 } else { h.saturating_sub(1000) }.min(h), h),
            (None, None) => (0, 1000),
        };
        if let Some((hl, hh)) = name.and_then(vocab::number_range_for) {
            let (l, h) = (a.max(hl), b.min(hh));
            if l <= h {
                (a, b) = (l, h);
            }
        }
        let mut step = self.multiple_of(flat).map(|m| {
            if m.fract() == 0.0 {
                m.min(SAFE) as i64
            } else {
                // The smallest integer multiple of a fractional step.
                (1..=1000i64)
                    .map(|k| k as f64 * m)
                    .find(|x| (x - x.round()).abs() < 1e-9)
                    .map_or(1, |x| x.round() as i64)
            }
        });
        if step == Some(0) {
            step = None;
        }
        let value = match step {
            Some(s) if s > 1 => {
                let k_lo = a.div_euclid(s) + i64::from(a.rem_euclid(s) != 0);
                let k_hi = b.div_euclid(s);
                let k = if k_lo <= k_hi {
                    range_i64(rng, k_lo, k_hi)
                } else {
                    // Widen to the declared bounds when the hinted range held no multiple.
                    let (al, bl) = (lo_i.unwrap_or(i64::MIN / 2), hi_i.unwrap_or(i64::MAX / 2));
                    let (kl, kh) = (al.div_euclid(s) + i64::from(al.rem_euclid(s) != 0), bl.div_euclid(s));
                    if kl <= kh { kl.max(0).min(kh) } else { kl }
                };
                k.saturating_mul(s)
            }
            _ => range_i64(rng, a, b),
        };
        Value::from(value)
    }

    fn gen_number<R: Rng + ?Sized>(&self, flat: &Flat<'_>, name: Option<&str>, rng: &mut R) -> Value {
        let (lo, lo_ex, hi, hi_ex) = self.bounds(flat);
        let (mut a, mut b) = match (lo, hi) {
            (Some(l), Some(h)) => (l, h),
            (Some(l), None) => (l, l + 1000.0),
            (None, Some(h)) => (if h >= 1000.0 { 0.0 } else { h - 1000.0 }, h),
            (None, None) => (0.0, 1000.0),
        };
        if let Some((hl, hh)) = name.and_then(vocab::number_range_for) {
            let (l, h) = (a.max(hl as f64), b.min(hh as f64));
            if l <= h {
                (a, b) = (l, h);
            }
        }
        let inside = |x: f64| {
            x.is_finite()
                && lo.is_none_or(|l| if lo_ex { x > l } else { x >= l })
                && hi.is_none_or(|h| if hi_ex { x < h } else { x <= h })
        };
        if let Some(m) = self.multiple_of(flat) {
            let decimals = decimals_of(m);
            let k_lo = (a / m).ceil();
            let k_hi = (b / m).floor();
            for _ in 0..16 {
                let k = if k_lo <= k_hi && (k_hi - k_lo) < 9.0e15 {
                    range_i64(rng, k_lo as i64, k_hi as i64) as f64
                } else {
                    k_lo
                };
                let x = round_to(k * m, decimals);
                if inside(x) {
                    return number_value(x);
                }
            }
            return number_value(round_to(k_lo * m, decimals));
        }
        for _ in 0..16 {
            let x = round_to(range_f64(rng, a, b), 2);
            if inside(x) {
                return number_value(x);
            }
        }
        for x in [range_f64(rng, a, b), (a + b) / 2.0, a, b] {
            if inside(x) {
                return number_value(x);
            }
        }
        number_value(a)
    }

    // ----- strings -------------------------------------------------------------------------

    fn gen_string<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        name: Option<&'a str>,
        ctx: &Ctx<'a>,
        rng: &mut R,
    ) -> String {
        let min_len = flat.max_count("minLength").unwrap_or(0).min(MAX_STRING);
        let max_len = flat.min_count("maxLength");
        let patterns: Vec<&'a str> = flat.all("pattern").filter_map(Value::as_str).collect();
        let format = flat.first("format").and_then(Value::as_str);
        let fits = |s: &str| {
            let n = chars_len(s);
            n >= min_len
                && max_len.is_none_or(|m| n <= m)
                && patterns.iter().all(|p| self.pattern_matches(p, s) == Some(true))
        };

        let mut hint = name.and_then(vocab::hint_for);
        if let (Some(h), Some(name), Some(owner)) = (hint, name, ctx.owner) {
            hint = Some(vocab::refine(h, name, owner));
        }

        // 1. The format.
        if let Some(format) = format
            && let Some(s) = self.format_value(format, hint, rng)
            && fits(&s)
        {
            return s;
        }
        // 2. A common shape (a month, a naive timestamp, an amount, ...) when a narrow pattern
        //    asks for one.
        if let Some(first) = patterns.first().and_then(|p| self.pattern(p)) {
            for shape in &first.shapes {
                let candidate = self.shape_value(*shape, rng);
                if fits(&candidate) {
                    return candidate;
                }
            }
        }
        // 3. The property name, where the format allows it.
        if let Some(hint) = hint.filter(|h| format.is_none_or(|f| format_accepts_hint(f, *h))) {
            for _ in 0..3 {
                let s = self.hint_value(hint, rng);
                if fits(&s) {
                    return s;
                }
            }
        }
        // 4. The pattern.
        if !patterns.is_empty() {
            let mut last = None;
            // Stretch open repetitions (`+`, `*`, `{n,}`) so that lengths land in the bounds.
            let (extra, spread) = match self.pattern(patterns[0]) {
                Some(p) => {
                    let open = count_open_repetitions(&p.hir).max(1);
                    let base = p.hir.properties().minimum_len().unwrap_or(0);
                    let extra = min_len.saturating_sub(base).div_ceil(open);
                    let spread = max_len.map_or(8, |m| m.saturating_sub(min_len.max(base)) / open).min(8);
                    (extra.min(MAX_STRING) as u32, spread as u32)
                }
                None => (0, 8),
            };
            for attempt in 0..24u32 {
                let (extra, spread) = if attempt < 16 { (extra, spread) } else { (0, 8) };
                let Some(mut s) = self.sample_pattern(patterns[0], extra, spread, rng) else { break };
                if self.pattern(patterns[0]).is_some_and(|p| !p.end_anchored) && chars_len(&s) < 24 {
                    // An unanchored pattern (`^SPDXRef-`, `^Bearer`) reads better with something after it.
                    let separator = if s.ends_with(|c: char| c.is_ascii_alphabetic()) { " " } else { "" };
                    let tail = lower_alnum(rng, 12);
                    let longer = format!("{s}{separator}{tail}");
                    if fits(&longer) {
                        s = longer;
                    }
                }
                if !fits(&s) && chars_len(&s) < min_len && self.pattern(patterns[0]).is_some_and(|p| !p.end_anchored) {
                    let pad = lower_alnum(rng, min_len - chars_len(&s));
                    s.push_str(&pad);
                }
                if fits(&s) {
                    return s;
                }
                last = Some(s);
            }
            // Examples are authored to match; use one before giving up.
            let examples = flat.all("examples").filter_map(Value::as_array).flatten().chain(flat.all("example"));
            for example in examples {
                if let Some(s) = example.as_str()
                    && chars_len(s) >= min_len
                    && max_len.is_none_or(|m| chars_len(s) <= m)
                {
                    return s.to_owned();
                }
            }
            if let Some(s) = last {
                return s;
            }
        }
        // 5. Words, fitted to the length bounds.
        let words: Vec<String> = fake::faker::lorem::en::Words(1..4).fake_with_rng(rng);
        let mut s = words.join(" ");
        for _ in 0..4 {
            if fits(&s) {
                return s;
            }
            s = fit_length(&s, min_len, max_len, rng);
        }
        s
    }

    /// A fresh string of a common shape.
    fn shape_value<R: Rng + ?Sized>(&self, shape: Shape, rng: &mut R) -> String {
        match shape {
            Shape::UrnUuid => format!("urn:uuid:{}", self.uuid(rng)),
            Shape::Uuid => self.uuid(rng),
            Shape::Month => self.timestamp(rng).strftime("%Y-%m").to_string(),
            Shape::Date => self.timestamp(rng).strftime("%Y-%m-%d").to_string(),
            Shape::NaiveMicros => {
                let micros = rng.random_range(0..1_000_000);
                format!("{}.{micros:06}", self.timestamp(rng).strftime("%Y-%m-%dT%H:%M:%S"))
            }
            Shape::Naive => self.timestamp(rng).strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            Shape::Rfc3339 => self.timestamp(rng).to_string(),
            Shape::Amount => format!("{:.2}", rng.random_range(100..200_000) as f64 / 100.0),
            Shape::Rate => format!("{:.4}", rng.random_range(1..20_000) as f64 / 10_000.0),
            Shape::Count => rng.random_range(1..1000).to_string(),
            Shape::Semver => self.hint_value(Hint::Semver, rng),
            Shape::MajorMinor => format!("{}.{}", rng.random_range(1..4), rng.random_range(0..20)),
        }
    }

    /// A value for a string `format`; `None` for formats that put no shape on the string.
    fn format_value<R: Rng + ?Sized>(&self, format: &str, hint: Option<Hint>, rng: &mut R) -> Option<String> {
        Some(match format {
            "uuid" => self.uuid(rng),
            "date-time" => self.timestamp(rng).to_string(),
            "date" => self.timestamp(rng).strftime("%Y-%m-%d").to_string(),
            "time" => self.timestamp(rng).strftime("%H:%M:%SZ").to_string(),
            "email" | "idn-email" => self.hint_value(Hint::Email, rng),
            "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => match hint {
                Some(h @ (Hint::Url | Hint::Purl | Hint::WebhookUrl)) => self.hint_value(h, rng),
                _ => self.hint_value(Hint::Url, rng),
            },
            "hostname" | "idn-hostname" => self.hint_value(Hint::Hostname, rng),
            "ipv4" => self.hint_value(Hint::Ip, rng),
            "ipv6" => {
                let groups: Vec<String> = (0..8).map(|_| format!("{:x}", rng.random::<u16>())).collect();
                groups.join(":")
            }
            "byte" => {
                let len = rng.random_range(8..24);
                let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
                base64(&bytes)
            }
            "binary" => {
                let words: Vec<String> = fake::faker::lorem::en::Words(3..8).fake_with_rng(rng);
                words.join(" ")
            }
            "password" => fake::faker::internet::en::Password(12..20).fake_with_rng::<String, _>(rng),
            "duration" => format!("P{}DT{}H", rng.random_range(0..30), rng.random_range(0..24)),
            "json-pointer" => format!("/{}/{}", pick_str(rng, vocab::MAP_KEYS), rng.random_range(0..10)),
            "relative-json-pointer" => format!("{}/{}", rng.random_range(0..3), pick_str(rng, vocab::MAP_KEYS)),
            "regex" => "^[a-z0-9-]+$".to_owned(),
            "uri-template" => format!("https://{}/api/v1/{{id}}", pick_str(rng, vocab::URL_HOSTS)),
            "int32" | "int64" => rng.random_range(0..100_000).to_string(),
            _ => return None,
        })
    }

    fn uuid<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        let bytes: [u8; 16] = rng.random();
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }

    /// An instant in the ~90 days before the anchor, never after it.
    fn timestamp<R: Rng + ?Sized>(&self, rng: &mut R) -> jiff::Timestamp {
        let back = rng.random_range(0..=WINDOW_SECONDS);
        let ts = jiff::Timestamp::from_second(self.anchor.as_second().saturating_sub(back)).unwrap_or(self.anchor);
        if ts > self.anchor { self.anchor } else { ts }
    }

    fn org<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        if rng.random_bool(0.85) {
            pick_str(rng, vocab::ORGS).to_owned()
        } else {
            let company: String = fake::faker::company::en::CompanyName().fake_with_rng(rng);
            slug(&company, '-')
        }
    }

    fn package<R: Rng + ?Sized>(&self, rng: &mut R) -> (&'static str, &'static str, &'static str) {
        pick(rng, vocab::PACKAGES).copied().unwrap_or(("lodash", "npm", "4.17.20"))
    }

    /// A value of the kind a property name suggests.
    fn hint_value<R: Rng + ?Sized>(&self, hint: Hint, rng: &mut R) -> String {
        match hint {
            Hint::Uuid => self.uuid(rng),
            Hint::RepoName => format!("{}/{}", self.org(rng), pick_str(rng, vocab::REPOS)),
            Hint::PersonName => fake::faker::name::en::Name().fake_with_rng(rng),
            Hint::Username => {
                let first: String = fake::faker::name::en::FirstName().fake_with_rng(rng);
                let last: String = fake::faker::name::en::LastName().fake_with_rng(rng);
                let initial: String = first.chars().take(1).collect();
                match rng.random_range(0..3) {
                    0 => slug(&format!("{first}{last}"), '-'),
                    1 => format!("{}{}", slug(&initial, '-'), slug(&last, '-')),
                    _ => format!("{}-{}", slug(&first, '-'), rng.random_range(1..99)),
                }
            }
            Hint::Organization => self.org(rng),
            Hint::Company => fake::faker::company::en::CompanyName().fake_with_rng(rng),
            Hint::ProjectName => pick_str(rng, vocab::PROJECTS).to_owned(),
            Hint::Email => {
                let first: String = fake::faker::name::en::FirstName().fake_with_rng(rng);
                let last: String = fake::faker::name::en::LastName().fake_with_rng(rng);
                format!("{}.{}@{}", slug(&first, '-'), slug(&last, '-'), pick_str(rng, vocab::DOMAINS))
            }
            Hint::Url => {
                let org = self.org(rng);
                let repo = pick_str(rng, vocab::REPOS);
                match rng.random_range(0..4) {
                    0 => format!("https://github.com/{org}/{repo}"),
                    1 => format!("https://github.com/{org}/{repo}/pull/{}", rng.random_range(1..2000)),
                    2 => format!(
                        "https://app.{}/{org}/{repo}/findings/{}",
                        pick_str(rng, vocab::DOMAINS),
                        lower_alnum(rng, 8)
                    ),
                    _ => format!(
                        "https://{}/{org}/{repo}/blob/main/{}",
                        pick_str(rng, vocab::URL_HOSTS),
                        self.hint_value(Hint::SourcePath, rng)
                    ),
                }
            }
            Hint::Hostname => format!("{}.{}", pick_str(rng, vocab::HOST_PREFIXES), pick_str(rng, vocab::DOMAINS)),
            Hint::Ip => format!(
                "{}.{}.{}.{}",
                pick(rng, &[10u8, 172, 192, 203, 198]).copied().unwrap_or(10),
                rng.random_range(0..=255u8),
                rng.random_range(0..=255u8),
                rng.random_range(1..=254u8)
            ),
            Hint::SourcePath => {
                let (dirs, files) = pick(rng, vocab::SOURCE_TREES).copied().unwrap_or((&["src"], &["main.go"]));
                format!("{}/{}", pick_str(rng, dirs), pick_str(rng, files))
            }
            Hint::VulnTitle => pick_str(rng, vocab::VULN_TITLES).to_owned(),
            Hint::Sentence => pick_str(rng, vocab::SENTENCES).to_owned(),
            Hint::Snippet => pick_str(rng, vocab::SNIPPETS).to_owned(),
            Hint::Sha1 => hex(rng, 40),
            Hint::Sha256 => hex(rng, 64),
            Hint::Cve => format!("CVE-{}-{}", rng.random_range(2015..=2025), rng.random_range(1000..=49999)),
            Hint::Ghsa => {
                const CHARS: &[u8] = b"23456789cfghjmpqrvwx";
                let mut part =
                    || -> String { (0..4).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect() };
                let (a, b, c) = (part(), part(), part());
                format!("GHSA-{a}-{b}-{c}")
            }
            Hint::Cwe => format!("CWE-{}", pick(rng, vocab::CWES).copied().unwrap_or(89)),
            Hint::Owasp => pick_str(rng, vocab::OWASP).to_owned(),
            Hint::CvssVector => pick_str(rng, vocab::CVSS_VECTORS).to_owned(),
            Hint::Semver => {
                format!("{}.{}.{}", rng.random_range(0..=5), rng.random_range(0..=20), rng.random_range(0..=15))
            }
            Hint::Branch => {
                if rng.random_bool(0.5) {
                    pick_str(rng, vocab::MAIN_BRANCHES).to_owned()
                } else {
                    format!("{}{}", pick_str(rng, vocab::BRANCH_PREFIXES), pick_str(rng, vocab::BRANCH_TOPICS))
                }
            }
            Hint::Package => self.package(rng).0.to_owned(),
            Hint::Purl => {
                let (name, ecosystem, version) = self.package(rng);
                format!("pkg:{ecosystem}/{name}@{version}")
            }
            Hint::Ecosystem => pick_str(rng, vocab::ECOSYSTEMS).to_owned(),
            Hint::Language => pick_str(rng, vocab::LANGUAGES).to_owned(),
            Hint::RuleId => pick_str(rng, vocab::RULE_IDS).to_owned(),
            Hint::Severity => pick_str(rng, vocab::SEVERITIES).to_owned(),
            Hint::Category => pick_str(rng, vocab::CATEGORIES).to_owned(),
            Hint::Scanner => pick_str(rng, vocab::SCANNERS).to_owned(),
            Hint::License => pick_str(rng, vocab::LICENSES).to_owned(),
            Hint::Timestamp => self.timestamp(rng).to_string(),
            Hint::Token => format!("tok_{}", alnum(rng, 32)),
            Hint::MimeType => pick_str(rng, vocab::MIME_TYPES).to_owned(),
            Hint::Tag => pick_str(rng, vocab::TAGS).to_owned(),
            Hint::Label => pick_str(rng, vocab::LABELS).to_owned(),
            Hint::Glob => pick_str(rng, vocab::GLOBS).to_owned(),
            Hint::Currency => pick_str(rng, vocab::CURRENCIES).to_owned(),
            Hint::WebhookUrl => format!("{}{}", pick_str(rng, vocab::WEBHOOK_URLS), lower_alnum(rng, 12)),
            Hint::ProjectDescription => pick_str(rng, vocab::PROJECT_DESCRIPTIONS).to_owned(),
            Hint::InstallCommand => pick_str(rng, vocab::INSTALL_HINTS).to_owned(),
            Hint::Provider => pick_str(rng, vocab::PROVIDERS).to_owned(),
            Hint::MainBranch => pick_str(rng, vocab::MAIN_BRANCHES).to_owned(),
            Hint::Keyword => pick_str(rng, vocab::KEYWORDS).to_owned(),
        }
    }

    // ----- patterns ------------------------------------------------------------------------

    fn lock_patterns(&self) -> std::sync::MutexGuard<'static, PatternCache> {
        PATTERNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The parsed pattern, or `None` if `regex-syntax` cannot read it.
    fn pattern(&self, pattern: &str) -> Option<Arc<Pattern>> {
        let cache = self.lock_patterns();
        if let Some(entry) = cache.parsed.get(pattern) {
            return entry.clone();
        }
        drop(cache);
        let parsed = regex_syntax::ParserBuilder::new().build().parse(pattern).ok().map(|hir| {
            let end_anchored = hir.properties().look_set_suffix().contains(Look::End);
            // Narrow patterns (ordinary words do not match) that a common shape matches.
            let specific = ["lorem", "lorem ipsum", "x"].iter().all(|probe| hir_matches(&hir, probe) == Some(false));
            let shapes = if specific {
                SHAPE_SAMPLES
                    .iter()
                    .filter(|(_, sample)| hir_matches(&hir, sample) == Some(true))
                    .map(|(s, _)| *s)
                    .collect()
            } else {
                Vec::new()
            };
            Arc::new(Pattern { hir, end_anchored, shapes })
        });
        let mut cache = self.lock_patterns();
        if cache.parsed.len() < PATTERN_CACHE_CAP {
            cache.parsed.insert(pattern.to_owned(), parsed.clone());
        }
        parsed
    }

    /// Whether `pattern` (ECMA-262 semantics: a match anywhere) matches `s`; `None` when the
    /// pattern cannot be read or the matcher gives up.
    fn pattern_matches(&self, pattern: &str, s: &str) -> Option<bool> {
        hir_matches(&self.pattern(pattern)?.hir, s)
    }

    /// A string generated from `pattern`, each open repetition (`x+`, `x{n,}`) taking `extra`
    /// to `extra + spread` more rounds than its minimum.
    fn sample_pattern<R: Rng + ?Sized>(&self, pattern: &str, extra: u32, spread: u32, rng: &mut R) -> Option<String> {
        let parsed = self.pattern(pattern)?;
        let key = (pattern.to_owned(), extra, spread);
        let sampler = {
            let mut cache = self.lock_patterns();
            match cache.samplers.get(&key) {
                Some(entry) => entry.clone(),
                None => {
                    let tamed = tame(&parsed.hir, extra, spread);
                    let bounded = tamed.properties().maximum_len().is_some_and(|n| n <= 64 * 1024);
                    let sampler = if bounded { rand_regex::Regex::with_hir(tamed, 0).ok().map(Arc::new) } else { None };
                    if cache.samplers.len() < PATTERN_CACHE_CAP {
                        cache.samplers.insert(key, sampler.clone());
                    }
                    sampler
                }
            }
        }?;
        let sampled: Result<String, _> = rng.sample(&*sampler);
        sampled.ok()
    }

    // ----- acceptance ----------------------------------------------------------------------

    /// A light validator, for choosing among candidates (enum values, examples, `oneOf`
    /// branches): the keywords this generator knows, `$ref`s followed to a bounded depth.
    fn accepts(&self, schema: &Value, value: &Value, depth: usize) -> bool {
        match schema {
            Value::Bool(b) => *b,
            Value::Object(map) => self.accepts_map(map, value, depth),
            _ => true,
        }
    }

    fn accepts_map(&self, m: &Map<String, Value>, v: &Value, depth: usize) -> bool {
        if depth > 24 {
            return true;
        }
        let d = depth + 1;
        if let Some(target) = kw(m, "$ref").and_then(Value::as_str).and_then(|r| self.resolve_ref(r))
            && !self.accepts(target, v, d)
        {
            return false;
        }
        if let Some(t) = kw(m, "type")
            && type_value_bits(t) & value_bits(v) == 0
        {
            return false;
        }
        if let Some(c) = kw(m, "const")
            && !json_eq(c, v)
        {
            return false;
        }
        if let Some(Value::Array(list)) = kw(m, "enum")
            && !list.iter().any(|e| json_eq(e, v))
        {
            return false;
        }
        let num = |k: &str| m.get(k).and_then(Value::as_f64);
        let count = |k: &str| m.get(k).and_then(as_count);
        match v {
            Value::Number(n) => {
                let Some(x) = n.as_f64() else { return true };
                if num("minimum").is_some_and(|l| x < l) || num("maximum").is_some_and(|h| x > h) {
                    return false;
                }
                if num("exclusiveMinimum").is_some_and(|l| x <= l) || num("exclusiveMaximum").is_some_and(|h| x >= h) {
                    return false;
                }
                if kw(m, "exclusiveMinimum") == Some(&Value::Bool(true)) && num("minimum").is_some_and(|l| x <= l) {
                    return false;
                }
                if kw(m, "exclusiveMaximum") == Some(&Value::Bool(true)) && num("maximum").is_some_and(|h| x >= h) {
                    return false;
                }
                if let Some(mo) = num("multipleOf").filter(|mo| *mo > 0.0) {
                    let q = x / mo;
                    if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                        return false;
                    }
                }
            }
            Value::String(s) => {
                let n = chars_len(s);
                if count("minLength").is_some_and(|l| n < l) || count("maxLength").is_some_and(|h| n > h) {
                    return false;
                }
                if let Some(p) = kw(m, "pattern").and_then(Value::as_str)
                    && self.pattern_matches(p, s) == Some(false)
                {
                    return false;
                }
                if let Some(f) = kw(m, "format").and_then(Value::as_str)
                    && !format_ok(f, s)
                {
                    return false;
                }
            }
            Value::Array(items) => {
                if count("minItems").is_some_and(|l| items.len() < l)
                    || count("maxItems").is_some_and(|h| items.len() > h)
                {
                    return false;
                }
                if kw(m, "uniqueItems") == Some(&Value::Bool(true)) {
                    for (i, a) in items.iter().enumerate() {
                        if items[i + 1..].iter().any(|b| json_eq(a, b)) {
                            return false;
                        }
                    }
                }
                let prefix = kw(m, "prefixItems").and_then(Value::as_array);
                let prefix_len = prefix.map_or(0, Vec::len);
                if let Some(prefix) = prefix
                    && prefix.iter().zip(items).any(|(s, item)| !self.accepts(s, item, d))
                {
                    return false;
                }
                if let Some(schema) = kw(m, "items")
                    && items.iter().skip(prefix_len).any(|item| !self.accepts(schema, item, d))
                {
                    return false;
                }
                if let Some(schema) = kw(m, "contains") {
                    let hits = items.iter().filter(|item| self.accepts(schema, item, d)).count();
                    if hits < count("minContains").unwrap_or(1) || count("maxContains").is_some_and(|h| hits > h) {
                        return false;
                    }
                }
            }
            Value::Object(obj) => {
                if count("minProperties").is_some_and(|l| obj.len() < l)
                    || count("maxProperties").is_some_and(|h| obj.len() > h)
                {
                    return false;
                }
                if let Some(Value::Array(required)) = kw(m, "required")
                    && required.iter().filter_map(Value::as_str).any(|k| !obj.contains_key(k))
                {
                    return false;
                }
                let props = kw(m, "properties").and_then(Value::as_object);
                for (key, value) in obj {
                    let mut matched = false;
                    if let Some(schema) = props.and_then(|p| p.get(key)) {
                        matched = true;
                        if !self.accepts(schema, value, d) {
                            return false;
                        }
                    }
                    for schema in self.pattern_properties(m, key) {
                        matched = true;
                        if !self.accepts(schema, value, d) {
                            return false;
                        }
                    }
                    if !matched
                        && let Some(extra) = kw(m, "additionalProperties")
                        && !self.accepts(extra, value, d)
                    {
                        return false;
                    }
                    if let Some(names) = kw(m, "propertyNames")
                        && !self.accepts(names, &Value::String(key.clone()), d)
                    {
                        return false;
                    }
                }
                if let Some(Value::Object(deps)) = kw(m, "dependentRequired") {
                    for (key, needed) in deps {
                        if obj.contains_key(key)
                            && needed
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(Value::as_str)
                                .any(|k| !obj.contains_key(k))
                        {
                            return false;
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some(Value::Array(all)) = kw(m, "allOf")
            && all.iter().any(|s| !self.accepts(s, v, d))
        {
            return false;
        }
        if let Some(Value::Array(any)) = kw(m, "anyOf")
            && !any.is_empty()
            && !any.iter().any(|s| self.accepts(s, v, d))
        {
            return false;
        }
        if let Some(Value::Array(one)) = kw(m, "oneOf")
            && !one.is_empty()
            && one.iter().filter(|s| self.accepts(s, v, d)).count() != 1
        {
            return false;
        }
        if let Some(not) = kw(m, "not")
            && self.accepts(not, v, d)
        {
            return false;
        }
        if let Some(condition) = kw(m, "if") {
            let branch = if self.accepts(condition, v, d) { kw(m, "then") } else { kw(m, "else") };
            if branch.is_some_and(|s| !self.accepts(s, v, d)) {
                return false;
            }
        }
        true
    }
}

/// `{"type": "string"}`, for property names.
static STRING_SCHEMA: LazyLock<Value> = LazyLock::new(|| serde_json::json!({ "type": "string" }));

/// Whether a hinted value may stand in for a `format` (an URL for `uri`, ...).
fn format_accepts_hint(format: &str, hint: Hint) -> bool {
    match format {
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => {
            matches!(hint, Hint::Url | Hint::Purl | Hint::WebhookUrl)
        }
        "email" | "idn-email" => hint == Hint::Email,
        "hostname" | "idn-hostname" => hint == Hint::Hostname,
        "ipv4" => hint == Hint::Ip,
        "uuid" => hint == Hint::Uuid,
        "date-time" => hint == Hint::Timestamp,
        "password" => hint == Hint::Token,
        // Formats that put no shape on the string (and unknown ones) take any hint.
        "binary"
        | "byte"
        | "int32"
        | "int64"
        | "duration"
        | "json-pointer"
        | "relative-json-pointer"
        | "regex"
        | "uri-template"
        | "date"
        | "time"
        | "ipv6" => false,
        _ => true,
    }
}

/// A light check of the formats the validator enforces.
fn format_ok(format: &str, s: &str) -> bool {
    match format {
        "uuid" => s.len() == 36 && uuid::Uuid::try_parse(s).is_ok(),
        "date-time" => s.parse::<jiff::Timestamp>().is_ok() && s.len() >= 20,
        "date" => s.len() == 10 && s.parse::<jiff::civil::Date>().is_ok(),
        "email" | "idn-email" => {
            s.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !s.contains(' '))
        }
        "uri" | "iri" | "url" => {
            let scheme = s.split_once(':').map(|(sc, _)| sc).unwrap_or("");
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && !s.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>' || c == '\\')
        }
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "hostname" => {
            !s.is_empty()
                && s.len() <= 253
                && s.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        }
        _ => true,
    }
}

/// An RFC 3339 instant, or a naive date-time (`2026-03-01T10:00:00.123456`) taken as UTC.
fn parse_instant(text: &str) -> Option<jiff::Timestamp> {
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok()?;
    civil.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

fn decimals_of(m: f64) -> i32 {
    let text = format!("{m}");
    match text.split_once('.') {
        Some((_, frac)) => frac.len().min(12) as i32,
        None => 0,
    }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let r = (x * scale).round() / scale;
    if r.is_finite() { r } else { x }
}

fn number_value(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::from(0), Value::Number)
}

/// `s` cut or padded (with lower-case letters) to `[min_len, max_len]` characters.
fn fit_length<R: Rng + ?Sized>(s: &str, min_len: usize, max_len: Option<usize>, rng: &mut R) -> String {
    let mut out: String = match max_len {
        Some(max) => s.chars().take(max).collect(),
        None => s.to_owned(),
    };
    let trimmed = out.trim_end().len();
    if chars_len(&out[..trimmed]) >= min_len.max(1) {
        out.truncate(trimmed);
    }
    let missing = min_len.saturating_sub(chars_len(&out));
    if missing > 0 {
        out.push_str(&lower_alnum(rng, missing));
    }
    out
}

/// A copy of `h` that `rand_regex` can sample and that samples readable text: anchors and
/// word boundaries dropped, every repetition bounded (open ones take `extra` to
/// `extra + spread` rounds beyond their minimum), and wide classes (`.`, `\S`, `[^/]`)
/// narrowed to ASCII letters and digits.
fn tame(h: &Hir, extra: u32, spread: u32) -> Hir {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0.clone()),
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(tame_unicode(class))),
        HirKind::Class(Class::Bytes(class)) => Hir::class(Class::Bytes(tame_bytes(class))),
        HirKind::Repetition(rep) => {
            let cap = MAX_STRING as u32;
            let (min, max) = match rep.max {
                None => {
                    let min = rep.min.min(cap).saturating_add(extra.min(cap));
                    (min, min.saturating_add(spread))
                }
                Some(max) => {
                    let min = rep.min.min(cap);
                    (min, max.min(min.saturating_add(256)).max(min))
                }
            };
            let sub = Box::new(tame(&rep.sub, extra, spread));
            Hir::repetition(hir::Repetition { min, max: Some(max), greedy: rep.greedy, sub })
        }
        HirKind::Capture(cap) => tame(&cap.sub, extra, spread),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| tame(s, extra, spread)).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(|s| tame(s, extra, spread)).collect()),
    }
}

/// Repetitions without an upper bound (`x*`, `x+`, `x{n,}`) in `h`.
fn count_open_repetitions(h: &Hir) -> usize {
    match h.kind() {
        HirKind::Repetition(rep) => usize::from(rep.max.is_none()) + count_open_repetitions(&rep.sub),
        HirKind::Capture(cap) => count_open_repetitions(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().map(count_open_repetitions).sum(),
        _ => 0,
    }
}

fn tame_unicode(class: &ClassUnicode) -> ClassUnicode {
    let size: u64 = class.ranges().iter().map(|r| u64::from(r.end()) - u64::from(r.start()) + 1).sum();
    let mut alnum = ClassUnicode::new([
        ClassUnicodeRange::new('0', '9'),
        ClassUnicodeRange::new('A', 'Z'),
        ClassUnicodeRange::new('a', 'z'),
    ]);
    alnum.intersect(class);
    let mut printable = ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]);
    printable.intersect(class);
    if size > 200 && !alnum.ranges().is_empty() {
        alnum
    } else if !printable.ranges().is_empty() {
        printable
    } else {
        class.clone()
    }
}

fn tame_bytes(class: &ClassBytes) -> ClassBytes {
    let size: u32 = class.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
    let mut alnum = ClassBytes::new([
        ClassBytesRange::new(b'0', b'9'),
        ClassBytesRange::new(b'A', b'Z'),
        ClassBytesRange::new(b'a', b'z'),
    ]);
    alnum.intersect(class);
    let mut printable = ClassBytes::new([ClassBytesRange::new(b' ', b'~')]);
    printable.intersect(class);
    if size > 100 && !alnum.ranges().is_empty() {
        alnum
    } else if !printable.ranges().is_empty() {
        printable
    } else {
        class.clone()
    }
}

/// Whether `h` (ECMA-262 semantics: a match anywhere) matches `s`; `None` when the matcher
/// gives up.
fn hir_matches(h: &Hir, s: &str) -> Option<bool> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() > MATCH_MAX_CHARS {
        return None;
    }
    let mut budget = MATCH_BUDGET;
    for start in 0..=chars.len() {
        if match_hir(h, &chars, start, &mut budget, &mut |_, _| true) {
            return Some(true);
        }
        if budget == 0 {
            return None;
        }
    }
    Some(false)
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Backtracking match of `h` at `chars[i..]`, calling `k` with each end position until it
/// returns true. `budget` bounds the work; at zero every branch fails.
fn match_hir(
    h: &Hir,
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    // Continuations nest on the stack: bound the nesting (and so the stack) as well.
    let depth = MATCH_DEPTH.with(|d| {
        let depth = d.get() + 1;
        d.set(depth);
        depth
    });
    let matched = if depth > MATCH_MAX_DEPTH {
        *budget = 0;
        false
    } else {
        match_node(h, chars, i, budget, k)
    };
    MATCH_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    matched
}

thread_local! {
    /// Nesting of [`match_hir`] on this thread.
    static MATCH_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn match_node(
    h: &Hir,
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    match h.kind() {
        HirKind::Empty => k(i, budget),
        HirKind::Literal(lit) => {
            let text = String::from_utf8_lossy(&lit.0);
            let mut j = i;
            for c in text.chars() {
                if chars.get(j) != Some(&c) {
                    return false;
                }
                j += 1;
            }
            k(j, budget)
        }
        HirKind::Class(Class::Unicode(class)) => match chars.get(i) {
            Some(&c) if class.ranges().iter().any(|r| r.start() <= c && c <= r.end()) => k(i + 1, budget),
            _ => false,
        },
        HirKind::Class(Class::Bytes(class)) => match chars.get(i) {
            Some(&c)
                if (c as u32) < 256
                    && class.ranges().iter().any(|r| r.start() as u32 <= c as u32 && c as u32 <= r.end() as u32) =>
            {
                k(i + 1, budget)
            }
            _ => false,
        },
        HirKind::Look(look) => {
            let prev = if i == 0 { None } else { chars.get(i - 1).copied() };
            let next = chars.get(i).copied();
            let holds = match look {
                Look::Start => i == 0,
                Look::End => i == chars.len(),
                Look::StartLF => i == 0 || prev == Some('\n'),
                Look::EndLF => i == chars.len() || next == Some('\n'),
                Look::StartCRLF => i == 0 || prev == Some('\n') || (prev == Some('\r') && next != Some('\n')),
                Look::EndCRLF => i == chars.len() || next == Some('\r') || (next == Some('\n') && prev != Some('\r')),
                Look::WordAscii | Look::WordUnicode => is_word(prev) != is_word(next),
                Look::WordAsciiNegate | Look::WordUnicodeNegate => is_word(prev) == is_word(next),
                Look::WordStartAscii | Look::WordStartUnicode => !is_word(prev) && is_word(next),
                Look::WordEndAscii | Look::WordEndUnicode => is_word(prev) && !is_word(next),
                Look::WordStartHalfAscii | Look::WordStartHalfUnicode => !is_word(prev),
                Look::WordEndHalfAscii | Look::WordEndHalfUnicode => !is_word(next),
                #[allow(unreachable_patterns)]
                _ => true,
            };
            holds && k(i, budget)
        }
        HirKind::Capture(cap) => match_hir(&cap.sub, chars, i, budget, k),
        HirKind::Concat(subs) => match_seq(subs, chars, i, budget, k),
        HirKind::Alternation(subs) => subs.iter().any(|s| match_hir(s, chars, i, budget, k)),
        HirKind::Repetition(rep) => match_rep(rep, 0, chars, i, budget, k),
    }
}

fn match_seq(
    subs: &[Hir],
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    match subs.split_first() {
        None => k(i, budget),
        Some((head, rest)) => match_hir(head, chars, i, budget, &mut |j, b| match_seq(rest, chars, j, b, k)),
    }
}

/// Whether `h` matches exactly one character and which: the common `[a-z]` and `x` bodies of
/// a repetition, matched without recursion.
fn single_char(h: &Hir, c: char) -> Option<bool> {
    match h.kind() {
        HirKind::Class(Class::Unicode(class)) => Some(class.ranges().iter().any(|r| r.start() <= c && c <= r.end())),
        HirKind::Class(Class::Bytes(class)) => Some(
            (c as u32) < 256
                && class.ranges().iter().any(|r| r.start() as u32 <= c as u32 && c as u32 <= r.end() as u32),
        ),
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            let mut it = text.chars();
            let only = it.next()?;
            if it.next().is_some() { None } else { Some(only == c) }
        }
        _ => None,
    }
}

fn match_rep(
    rep: &hir::Repetition,
    count: u32,
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    if count == 0 && single_char(&rep.sub, 'a').is_some() {
        // One character per round: count the run, then try the longest first.
        let max = rep.max.map_or(usize::MAX, |m| m as usize);
        let run = chars[i.min(chars.len())..]
            .iter()
            .take(max)
            .take_while(|c| single_char(&rep.sub, **c) == Some(true))
            .count();
        let mut n = run;
        loop {
            if n < rep.min as usize || *budget == 0 {
                return false;
            }
            *budget -= 1;
            if k(i + n, budget) {
                return true;
            }
            if n == 0 {
                return false;
            }
            n -= 1;
        }
    }
    if rep.max.is_none_or(|max| count < max)
        && match_hir(&rep.sub, chars, i, budget, &mut |j, b| {
            // A round that consumes nothing cannot help once the minimum is met.
            if j == i && count >= rep.min { false } else { match_rep(rep, count.saturating_add(1), chars, j, b, k) }
        })
    {
        return true;
    }
    count >= rep.min && k(i, budget)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;
    use serde_json::json;

    const SEEDS: u64 = 40;

    fn anchor() -> jiff::Timestamp {
        "2026-05-01T12:00:00Z".parse().unwrap()
    }

    fn generate(doc: &Value, schema: &Value, seed: u64) -> Value {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        Generator::new(doc, anchor()).value(schema, &mut rng)
    }

    /// Values for seeds `0..SEEDS`, each checked with `jsonschema` (formats on) against
    /// `schema` resolved inside `doc`.
    fn valid_values(doc: &Value, schema: &Value) -> Vec<Value> {
        let registry = jsonschema::Registry::new()
            .draft(jsonschema::Draft::Draft202012)
            .add("urn:test", doc)
            .unwrap()
            .prepare()
            .unwrap();
        let mut wrapper = schema.clone();
        rebase_refs(&mut wrapper);
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .with_registry(&registry)
            .build(&wrapper)
            .unwrap();
        (0..SEEDS)
            .map(|seed| {
                let value = generate(doc, schema, seed);
                let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "seed {seed}: {value} does not validate against {schema}: {errors:?}");
                value
            })
            .collect()
    }

    /// Points the test schema's local `$ref`s at the registry's copy of the document.
    fn rebase_refs(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    match (key.as_str(), child) {
                        ("$ref", Value::String(r)) if r.starts_with('#') => *r = format!("urn:test{r}"),
                        (_, child) => rebase_refs(child),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(rebase_refs),
            _ => {}
        }
    }

    fn valid(schema: Value) -> Vec<Value> {
        valid_values(&json!({}), &schema)
    }

    fn strings(values: &[Value]) -> Vec<&str> {
        values.iter().map(|v| v.as_str().unwrap()).collect()
    }

    // ----- determinism and robustness ------------------------------------------------------

    fn finding_doc() -> Value {
        json!({
            "components": {"schemas": {
                "Severity": {"type": "string", "enum": ["critical", "high", "medium", "low"]},
                "Finding": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "title", "severity", "file_path", "start_line", "created_at"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "title": {"type": "string"},
                        "severity": {"$ref": "#/components/schemas/Severity"},
                        "cwe": {"anyOf": [{"type": "string", "pattern": "^CWE-[1-9][0-9]*$"}, {"type": "null"}]},
                        "file_path": {"type": "string", "minLength": 1},
                        "start_line": {"type": "integer", "minimum": 1},
                        "end_line": {"type": "integer", "minimum": 1},
                        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
                        "created_at": {"type": "string", "format": "date-time"}
                    }
                },
                "FindingList": {
                    "type": "object",
                    "required": ["items", "total"],
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                        "total": {"type": "integer", "minimum": 0}
                    }
                }
            }}
        })
    }

    #[test]
    fn same_seed_same_value_and_seeds_differ() {
        let doc = finding_doc();
        let schema = json!({"$ref": "#/components/schemas/FindingList"});
        for seed in 0..10 {
            assert_eq!(generate(&doc, &schema, seed), generate(&doc, &schema, seed));
        }
        let distinct: std::collections::BTreeSet<String> =
            (0..10).map(|seed| generate(&doc, &schema, seed).to_string()).collect();
        assert!(distinct.len() >= 9, "only {} distinct values from 10 seeds", distinct.len());
        valid_values(&doc, &schema);
    }

    #[test]
    fn generator_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Generator<'static>>();
    }

    #[test]
    fn nonsense_schemas_do_not_panic() {
        let doc = json!({"components": {"schemas": {"Loop": {"$ref": "#/components/schemas/Loop"}}}});
        let schemas = [
            json!(42),
            json!("x"),
            json!([]),
            json!(null),
            json!(true),
            json!(false),
            json!({"type": 7}),
            json!({"type": "unknown"}),
            json!({"type": []}),
            json!({"minimum": "a", "maximum": [1]}),
            json!({"items": 5, "minItems": -3}),
            json!({"properties": [], "required": {}}),
            json!({"required": ["a", 1, null]}),
            json!({"$ref": 5}),
            json!({"$ref": "#/nope/nothing"}),
            json!({"$ref": "http://example.com/x.json"}),
            json!({"$ref": "#"}),
            json!({"$ref": "#/components/schemas/Loop"}),
            json!({"$ref": "%%%#%zz"}),
            json!({"enum": []}),
            json!({"enum": "no"}),
            json!({"anyOf": []}),
            json!({"oneOf": [false, false]}),
            json!({"allOf": [{"type": "string"}, {"type": "integer"}]}),
            json!({"pattern": "(["}),
            json!({"pattern": "\\bword\\b"}),
            json!({"pattern": "(?=a)b"}),
            json!({"pattern": "a^b"}),
            json!({"pattern": "[^\\s\\S]"}),
            json!({"pattern": "^a{1000000}$"}),
            json!({"pattern": "(a|b){99999999}"}),
            json!({"pattern": "((a{1000}){1000}){1000}"}),
            json!({"type": "string", "format": "uuid", "maxLength": 3}),
            json!({"type": "string", "minLength": 1e20}),
            json!({"type": "string", "minLength": 10, "maxLength": 2}),
            json!({"type": "number", "multipleOf": 0}),
            json!({"type": "number", "multipleOf": -1}),
            json!({"type": "number", "multipleOf": 1e-300}),
            json!({"type": "integer", "multipleOf": 1e300}),
            json!({"type": "integer", "multipleOf": 0.3}),
            json!({"type": "number", "minimum": 1e308, "maximum": -1e308}),
            json!({"type": "number", "minimum": -1.7e308, "maximum": 1.7e308}),
            json!({"type": "integer", "minimum": 1e300}),
            json!({"type": "integer", "exclusiveMinimum": 5, "exclusiveMaximum": 6}),
            json!({"type": "array", "minItems": 1e12}),
            json!({"type": "array", "minItems": 5, "maxItems": 2, "uniqueItems": true, "items": {"enum": [1]}}),
            json!({"type": "array", "items": false, "minItems": 2}),
            json!({"type": "object", "additionalProperties": false, "required": ["x"]}),
            json!({"type": "object", "minProperties": 1e9, "additionalProperties": {"type": "integer"}}),
            json!({"type": "object", "maxProperties": 0, "required": ["a"], "properties": {"a": {}}}),
            json!({"not": {}}),
            json!({"if": {"type": "string"}, "then": false, "else": false}),
            json!({"type": "object", "patternProperties": {"([": {}}, "minProperties": 2}),
            json!({"propertyNames": {"enum": []}, "minProperties": 3}),
            json!({"dependentRequired": {"a": ["b", 3]}, "properties": {"a": {}}}),
            json!({"prefixItems": "x", "contains": 3, "minContains": "y"}),
        ];
        for schema in &schemas {
            for seed in 0..5 {
                let _ = generate(&doc, schema, seed);
            }
        }
    }

    #[test]
    fn recursion_guard_terminates_trees_and_cycles() {
        let doc = json!({"components": {"schemas": {
            "Node": {
                "type": "object",
                "required": ["name", "children"],
                "properties": {
                    "name": {"type": "string"},
                    "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                }
            },
            "Must": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/components/schemas/Must"}}},
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
            "Ping": {"type": "object", "properties": {"pong": {"$ref": "#/components/schemas/Pong"}}},
            "Pong": {"type": "object", "properties": {"ping": {"$ref": "#/components/schemas/Ping"}}}
        }}});
        let tree = json!({"$ref": "#/components/schemas/Node"});
        for value in valid_values(&doc, &tree) {
            fn depth(v: &Value) -> usize {
                v["children"].as_array().map_or(0, |c| 1 + c.iter().map(depth).max().unwrap_or(0))
            }
            assert!(depth(&value) <= SAME_REF_LIMIT + 1, "tree too deep: {}", depth(&value));
        }
        valid_values(&doc, &json!({"$ref": "#/components/schemas/Ping"}));
        // Unsatisfiable (an infinite required chain) and bare cycles: terminate, whatever comes out.
        for name in ["Must", "A", "B"] {
            let _ = generate(&doc, &json!({"$ref": format!("#/components/schemas/{name}")}), 1);
        }
    }

    #[test]
    fn refs_percent_encoded_escaped_and_with_siblings() {
        let doc = json!({"components": {"schemas": {
            "Page{Item}": {"type": "string", "enum": ["braced"]},
            "a/b": {"type": "string", "enum": ["slashed"]},
            "Short": {"type": "string"}
        }}});
        assert_eq!(generate(&doc, &json!({"$ref": "#/components/schemas/Page%7BItem%7D"}), 1), json!("braced"));
        assert_eq!(generate(&doc, &json!({"$ref": "#/components/schemas/Page{Item}"}), 1), json!("braced"));
        assert_eq!(generate(&doc, &json!({"$ref": "#/components/schemas/a~1b"}), 1), json!("slashed"));
        for v in valid_values(&doc, &json!({"$ref": "#/components/schemas/Short", "maxLength": 4, "minLength": 2})) {
            let n = v.as_str().unwrap().chars().count();
            assert!((2..=4).contains(&n));
        }
    }

    // ----- keywords ------------------------------------------------------------------------

    #[test]
    fn const_and_enum() {
        for v in valid(json!({"const": {"a": [1, 2]}})) {
            assert_eq!(v, json!({"a": [1, 2]}));
        }
        let values = valid(json!({"enum": ["open", "closed", "ignored"]}));
        let distinct: std::collections::BTreeSet<&str> = strings(&values).into_iter().collect();
        assert_eq!(distinct.len(), 3, "every enum value shows up over 40 seeds");
        for v in valid(json!({"enum": [null, "only"]})) {
            assert_eq!(v, json!("only"), "a non-null enum value is preferred");
        }
        // enum values the rest of the schema rejects are skipped
        for v in valid(json!({"type": "string", "enum": [1, "x", true]})) {
            assert_eq!(v, json!("x"));
        }
    }

    #[test]
    fn type_arrays_prefer_non_null() {
        assert!(valid(json!({"type": ["null", "string"]})).iter().all(Value::is_string));
        assert!(valid(json!({"type": ["integer", "null"]})).iter().all(Value::is_i64));
        assert!(valid(json!({"type": "boolean"})).iter().all(Value::is_boolean));
        let bools = valid(json!({"type": "boolean"}));
        assert!(bools.contains(&json!(true)) && bools.contains(&json!(false)));
        assert!(valid(json!({"type": "null"})).iter().all(Value::is_null));
    }

    #[test]
    fn all_of_merges_object_branches() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}}
        }}});
        let schema = json!({"allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "maximum": 3}}},
            {"properties": {"count": {"minimum": 2}, "note": {"type": "string"}}}
        ]});
        for v in valid_values(&doc, &schema) {
            let obj = v.as_object().unwrap();
            assert!(obj.contains_key("id") && obj.contains_key("count") && obj.contains_key("note"), "{v}");
            assert!((2..=3).contains(&obj["count"].as_i64().unwrap()));
        }
        // a closed branch keeps the other branch's optional extras out
        let closed = json!({"allOf": [
            {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": false},
            {"properties": {"b": {"type": "integer"}}}
        ]});
        for v in valid(closed) {
            assert!(!v.as_object().unwrap().contains_key("b"));
        }
    }

    #[test]
    fn any_of_and_one_of() {
        for v in valid(json!({"anyOf": [{"type": "null"}, {"type": "string", "format": "uuid"}]})) {
            assert!(uuid::Uuid::try_parse(v.as_str().unwrap()).is_ok());
        }
        // An integer would match both branches: oneOf must end up with a non-integer number.
        for v in valid(json!({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]})) {
            assert!(v.as_f64().unwrap().fract() != 0.0, "{v}");
        }
        let doc = json!({"components": {"schemas": {
            "Cat": {"type": "object", "required": ["meow"], "properties": {"meow": {"type": "boolean"}, "kind": {"const": "cat"}}},
            "Dog": {"type": "object", "required": ["bark"], "properties": {"bark": {"type": "boolean"}, "kind": {"const": "dog"}}}
        }}});
        let pet = json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]});
        valid_values(&doc, &pet);
        // Branches incompatible with the outer type are skipped.
        for v in valid(json!({"type": "object", "anyOf": [{"type": "string"}, {"required": ["x"]}]})) {
            assert!(v.get("x").is_some());
        }
    }

    #[test]
    fn not_and_if_then_else() {
        for v in valid(json!({"type": "integer", "minimum": 0, "maximum": 3, "not": {"const": 0}})) {
            assert_ne!(v, json!(0));
        }
        valid(json!({
            "type": "object",
            "properties": {"kind": {"enum": ["a", "b"]}, "n": {"type": "integer"}},
            "required": ["kind", "n"],
            "if": {"properties": {"kind": {"const": "a"}}},
            "then": {"properties": {"n": {"minimum": 100}}},
            "else": {"properties": {"n": {"maximum": -100}}}
        }));
    }

    #[test]
    fn examples_and_defaults_are_used_sometimes() {
        let values = valid(json!({"type": "string", "examples": ["acme-widget", "other"]}));
        assert!(strings(&values).contains(&"acme-widget"));
        assert!(strings(&values).iter().any(|s| *s != "acme-widget"), "not always the example");
        // A string with a format never takes the example: it varies.
        let stamps = valid(json!({"type": "string", "format": "date-time", "examples": ["2020-01-01T00:00:00Z"]}));
        assert!(!strings(&stamps).contains(&"2020-01-01T00:00:00Z"));
        // An example that does not validate is never used.
        let short = valid(json!({"type": "string", "maxLength": 3, "examples": ["much too long"]}));
        assert!(!strings(&short).contains(&"much too long"));
        let ints = valid(json!({"type": "integer", "default": 50, "minimum": 1, "maximum": 100}));
        assert!(ints.contains(&json!(50)));
    }

    #[test]
    fn objects_emit_all_properties_and_respect_additional_properties() {
        let schema = json!({
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"type": "boolean"}},
            "additionalProperties": false
        });
        for v in valid(schema) {
            let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["a", "b", "c"]);
        }
        for v in valid(json!({"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}})) {
            let obj = v.as_object().unwrap();
            assert!(!obj.is_empty() && obj.values().all(Value::is_i64), "{v}");
        }
        for v in valid(json!({"type": "object", "minProperties": 4, "additionalProperties": {"type": "string"}})) {
            assert!(v.as_object().unwrap().len() >= 4);
        }
        for v in
            valid(json!({"type": "object", "maxProperties": 1, "required": ["b"], "properties": {"a": {}, "b": {}}}))
        {
            assert_eq!(v.as_object().unwrap().keys().collect::<Vec<_>>(), ["b"]);
        }
        valid(json!({"type": "object", "propertyNames": {"pattern": "^x-[a-z]+$"}, "minProperties": 2}));
        valid(
            json!({"type": "object", "patternProperties": {"^n_": {"type": "integer"}}, "additionalProperties": false, "minProperties": 1}),
        );
        valid(json!({"type": "object", "properties": {"a": {}}, "dependentRequired": {"a": ["b"]}}));
    }

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
        valid(
            json!({"type": "string", "format": "uri", "pattern": "^https://[^/@]+(/[^@]*)?/git/[0-9a-f-]{36}\\.git$"}),
        );
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

    #[test]
    fn integers() {
        let ints = valid(json!({"type": "integer"}));
        assert!(ints.iter().all(|v| (0..=1000).contains(&v.as_i64().unwrap())));
        for v in valid(json!({"type": "integer", "minimum": -5, "maximum": 5})) {
            assert!((-5..=5).contains(&v.as_i64().unwrap()));
        }
        for v in valid(json!({"type": "integer", "exclusiveMinimum": 1, "exclusiveMaximum": 4})) {
            assert!((2..=3).contains(&v.as_i64().unwrap()));
        }
        for v in valid(json!({"type": "integer", "multipleOf": 7, "minimum": 10, "maximum": 100})) {
            assert_eq!(v.as_i64().unwrap() % 7, 0);
        }
        valid(json!({"type": "integer", "multipleOf": 0.5}));
        valid(json!({"type": "integer", "minimum": 1_000_000_000_000i64}));
        valid(json!({"type": "integer", "maximum": -1_000_000}));
        valid(json!({"type": "integer", "minimum": 3.5, "maximum": 4.5}));
    }

    #[test]
    fn numbers() {
        for v in valid(json!({"type": "number"})) {
            let x = v.as_f64().unwrap();
            assert!((0.0..=1000.0).contains(&x));
            assert!(((x * 100.0).round() - x * 100.0).abs() < 1e-6, "two decimals: {x}");
        }
        for v in valid(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})) {
            let x = v.as_f64().unwrap();
            assert!(x > 0.0 && x < 1.0);
        }
        valid(json!({"type": "number", "multipleOf": 0.25, "minimum": 1, "maximum": 2}));
        valid(json!({"type": "number", "multipleOf": 0.01}));
        valid(json!({"type": "number", "minimum": 0, "maximum": 10}));
        valid(json!({"type": "number", "exclusiveMinimum": 0.001, "exclusiveMaximum": 0.002}));
    }

    #[test]
    fn arrays() {
        for v in valid(json!({"type": "array", "items": {"type": "integer"}})) {
            assert!((1..=3).contains(&v.as_array().unwrap().len()));
        }
        for v in valid(json!({"type": "array", "minItems": 5, "maxItems": 7, "items": {"type": "string"}})) {
            assert!((5..=7).contains(&v.as_array().unwrap().len()));
        }
        for v in valid(json!({"type": "array", "uniqueItems": true, "minItems": 3, "items": {"enum": ["a", "b", "c"]}}))
        {
            assert_eq!(v.as_array().unwrap().len(), 3);
        }
        valid(json!({"type": "array", "maxItems": 0}));
        valid(
            json!({"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": false, "minItems": 2}),
        );
        valid(json!({"type": "array", "items": {"type": "integer"}, "contains": {"const": 7}}));
        valid(
            json!({"type": "array", "uniqueItems": true, "minItems": 2, "maxItems": 2, "items": {"type": "boolean"}}),
        );
        let capped = generate(&json!({}), &json!({"type": "array", "minItems": 1e12}), 1);
        assert_eq!(capped.as_array().unwrap().len(), MAX_ITEMS);
    }

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
            assert!(vocab::VULN_TITLES.contains(&s("title").as_str()));
            assert!(s("description").ends_with('.'));
            assert!(s("sha").len() == 40 && s("commit_sha").chars().all(|c| c.is_ascii_hexdigit()));
            assert!(s("cve").starts_with("CVE-20"));
            assert!(s("cwe_id").starts_with("CWE-"));
            assert_eq!(s("version").split('.').count(), 3);
            assert!(
                s("branch") == "main"
                    || s("branch").contains('/')
                    || ["develop", "master"].contains(&s("branch").as_str())
            );
            assert!(vocab::PACKAGES.iter().any(|p| p.0 == s("package")));
            assert!(vocab::LANGUAGES.contains(&s("language").as_str()));
            assert!(s("rule_id").contains('.'));
            assert!(["critical", "high", "medium", "low"].contains(&s("severity").as_str()));
            assert!(s("created_at").parse::<jiff::Timestamp>().is_ok());
            assert_eq!(s("fingerprint").len(), 64);
            assert!(s("purl").starts_with("pkg:"));
        }
        // plural names hint their items
        for v in
            valid(json!({"type": "object", "properties": {"cwes": {"type": "array", "items": {"type": "string"}}}}))
        {
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

    #[test]
    fn related_fields_are_ordered() {
        let schema = json!({"type": "object", "properties": {
            "updated_at": {"type": "string", "format": "date-time"},
            "created_at": {"type": "string", "format": "date-time"},
            "completed_at": {"type": "string", "format": "date-time"},
            "start_line": {"type": "integer", "minimum": 1},
            "end_line": {"type": "integer", "minimum": 1}
        }});
        for v in valid(schema) {
            let ts = |k: &str| v[k].as_str().unwrap().parse::<jiff::Timestamp>().unwrap();
            assert!(ts("created_at") <= ts("completed_at") && ts("completed_at") <= ts("updated_at"));
            let (a, b) = (v["start_line"].as_i64().unwrap(), v["end_line"].as_i64().unwrap());
            assert!(a <= b && b - a <= 40);
        }
    }
}

//! Generating one node: flattening it (a few attempts, until `oneOf` exclusivity, `not` and
//! `if` hold), then a `const`, an `enum` value, one of the schema's own examples, or a
//! value of the chosen type.

use rand::{Rng, RngExt};
use serde_json::{Map, Value};

use super::flatten::{Ctx, Flat, kw};
use super::types::{T_ARR, T_BOOL, T_INT, T_NULL, T_NUM, T_OBJ, T_STR};
use super::util::pick;
use super::vocabulary::{self as vocab, Hint};
use super::{ATTEMPTS, Generator, HARD_NEST, HARD_REF_DEPTH, MAX_STRING};

impl<'d> Generator<'d> {
    pub(super) fn gen_node<'a, R: Rng + ?Sized>(
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
}

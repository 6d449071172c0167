//! Objects: declared and required properties, extra entries (`additionalProperties`,
//! `patternProperties`, `propertyNames`, `minProperties`), `dependentRequired`, and related
//! fields put in order.

use std::sync::LazyLock;

use rand::{Rng, RngExt};
use serde_json::{Map, Value};

use super::flatten::{Ctx, Flat, kw};
use super::util::{pick_str, range_i64};
use super::vocabulary as vocab;
use super::{Generator, MAX_ITEMS};

impl<'d> Generator<'d> {
    pub(super) fn gen_object<'a, R: Rng + ?Sized>(
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
    pub(super) fn pattern_properties<'a>(
        &self,
        part: &'a Map<String, Value>,
        key: &str,
    ) -> impl Iterator<Item = &'a Value> {
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
}

/// `{"type": "string"}`, for property names.
static STRING_SCHEMA: LazyLock<Value> = LazyLock::new(|| serde_json::json!({ "type": "string" }));

/// An RFC 3339 instant, or a naive date-time (`2026-03-01T10:00:00.123456`) taken as UTC.
fn parse_instant(text: &str) -> Option<jiff::Timestamp> {
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok()?;
    civil.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

//! References and flattening: `$ref` (local JSON pointers, percent-encoded or not) and
//! `allOf` gathered into one conjunction of schema objects ([`Flat`]), with every
//! `anyOf`/`oneOf` group resolved to one branch.

use serde_json::{Map, Value};

use super::types::{T_ALL, T_NULL, own_type_mask};
use super::{FLATTEN_NEST, Generator, HARD_REF_DEPTH, REF_DEPTH_LIMIT, SAME_REF_LIMIT};

/// The state carried down the value being generated.
pub(super) struct Ctx<'a> {
    /// `$ref`s followed on the way to this node, outermost first.
    pub(super) refs: Vec<&'a str>,
    /// Recursion guard tripped: required properties only, minimal arrays, null where allowed.
    pub(super) minimal: bool,
    pub(super) depth: usize,
    /// Name of the innermost object schema (its `$ref` name or `title`).
    pub(super) owner: Option<&'a str>,
}

/// One `anyOf`/`oneOf` met while flattening, with the branch taken.
pub(super) struct Group<'a> {
    pub(super) one_of: bool,
    pub(super) branches: &'a [Value],
    pub(super) chosen: Option<usize>,
}

/// A conjunction of schema objects that one value must satisfy.
#[derive(Default)]
pub(super) struct Flat<'a> {
    pub(super) parts: Vec<&'a Map<String, Value>>,
    /// A `false` schema is in the conjunction.
    pub(super) never: bool,
    pub(super) groups: Vec<Group<'a>>,
    /// Last `$ref` followed at this node, for naming.
    pub(super) ref_name: Option<&'a str>,
}

impl<'a> Flat<'a> {
    pub(super) fn all(&self, key: &'static str) -> impl Iterator<Item = &'a Value> + '_ {
        self.parts.iter().filter_map(move |p| kw(p, key))
    }

    pub(super) fn first(&self, key: &str) -> Option<&'a Value> {
        self.parts.iter().find_map(|p| kw(p, key))
    }

    pub(super) fn max_f64(&self, key: &'static str) -> Option<f64> {
        self.all(key).filter_map(Value::as_f64).filter(|x| x.is_finite()).reduce(f64::max)
    }

    pub(super) fn min_f64(&self, key: &'static str) -> Option<f64> {
        self.all(key).filter_map(Value::as_f64).filter(|x| x.is_finite()).reduce(f64::min)
    }

    pub(super) fn max_count(&self, key: &'static str) -> Option<usize> {
        self.all(key).filter_map(as_count).max()
    }

    pub(super) fn min_count(&self, key: &'static str) -> Option<usize> {
        self.all(key).filter_map(as_count).min()
    }

    pub(super) fn flag(&self, key: &'static str) -> bool {
        self.all(key).any(|v| v.as_bool() == Some(true))
    }

    /// Types allowed by `type`, `const` and `enum` of every part.
    pub(super) fn type_mask(&self) -> u8 {
        self.parts.iter().fold(T_ALL, |mask, p| mask & own_type_mask(p))
    }

    pub(super) fn declares_type(&self) -> bool {
        self.parts.iter().any(|p| p.contains_key("type"))
    }
}

/// `map[key]`, by a scan for the small maps schema objects are (cheaper than hashing).
pub(super) fn kw<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= 24 { map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v) } else { map.get(key) }
}

pub(super) fn as_count(v: &Value) -> Option<usize> {
    let x = v.as_f64()?;
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    Some(if x > usize::MAX as f64 { usize::MAX } else { x.ceil() as usize })
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

impl<'d> Generator<'d> {
    /// The target of a local `$ref` ("#/a/b", "#", "urn:x#/a/b"), if it exists.
    pub(super) fn resolve_ref<'a>(&self, reference: &str) -> Option<&'a Value>
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
    pub(super) fn collect<'a>(
        &self,
        schema: &'a Value,
        flat: &mut Flat<'a>,
        ctx: &mut Ctx<'a>,
        nest: usize,
        attempt: usize,
    ) where
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
    pub(super) fn resolve_groups<'a>(&self, flat: &mut Flat<'a>, ctx: &mut Ctx<'a>, attempt: usize)
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
}

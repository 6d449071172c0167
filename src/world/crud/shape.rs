//! Fitting items to the spec's own response schemas: generating a new item, laying the
//! request's fields over it, unwrapping and re-wrapping a `{"data": …}` envelope, and
//! building list responses (a bare array, or a wrapper with totals and paging fields).
//! Every shape is checked against the operation's compiled validator; a field the schema
//! refuses is regenerated rather than stored.

use rand::rngs::ChaCha8Rng;
use serde_json::{Map, Value};

use super::infer::Binding;
use crate::contract::ValidatedRequest;
use crate::contract::coerce as coerce_types;
use crate::generate::Generator;
use crate::reply::Reply;
use crate::spec::{ApiSpec, Media, Operation, resolve};

/// Query parameters that page rather than filter.
pub(crate) const PAGING: [&str; 8] = ["limit", "offset", "skip", "page", "per_page", "page_size", "size", "cursor"];

/// Which slice of a collection a list request asks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub(crate) offset: usize,
    /// How many to show (everything when the request does not say).
    pub(crate) limit: usize,
    pub(crate) requested_limit: Option<usize>,
    pub(crate) page: Option<usize>,
}

impl Window {
    /// `limit`/`per_page`/`page_size`/`size` with `offset`/`skip` or `page`.
    pub(crate) fn of(request: &ValidatedRequest) -> Window {
        let q = |name: &str| request.query_i64(name).filter(|n| *n >= 0).map(|n| n as usize);
        let limit = q("limit").or(q("per_page")).or(q("page_size")).or(q("size"));
        let page = q("page");
        let offset = match (q("offset").or(q("skip")), page, limit) {
            (Some(offset), _, _) => offset,
            (None, Some(page), Some(limit)) => page.saturating_sub(1).saturating_mul(limit),
            _ => 0,
        };
        Window { offset, limit: limit.unwrap_or(usize::MAX), requested_limit: limit, page }
    }
}

pub(crate) struct Shaper<'a> {
    pub(crate) spec: &'a ApiSpec,
    pub(crate) now: jiff::Timestamp,
}

/// The lowest declared success status and its JSON media type.
fn success(op: &Operation) -> (u16, Option<&Media>) {
    match op.success() {
        Some((code, r)) => (code, r.content.iter().find(|m| m.media_type.ends_with("json") && m.schema.is_some())),
        None => (200, None),
    }
}

/// The id of a stored item: its `id`, or its first `…_id` / `…Id` field.
pub(crate) fn id_of(item: &Value) -> Option<String> {
    let map = item.as_object()?;
    let value =
        map.get("id").or_else(|| map.iter().find(|(k, _)| k.ends_with("_id") || k.ends_with("Id")).map(|(_, v)| v))?;
    Some(match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    })
}

impl Shaper<'_> {
    fn doc(&self) -> &Value {
        &self.spec.document
    }

    fn schema_of<'m>(&'m self, media: &'m Media) -> Option<&'m Value> {
        self.spec.schema_node(&media.schema.as_ref()?.pointer)
    }

    /// `Some("data")` when the schema wraps its payload in a `data` property.
    fn envelope(&self, schema: &Value) -> Option<&'static str> {
        let props = resolve(self.doc(), schema).get("properties")?.as_object()?;
        props.contains_key("data").then_some("data")
    }

    /// The schema of one item, inside any envelope, from the read operation.
    fn item_schema<'m>(&'m self, read_op: &'m Operation) -> Option<&'m Value> {
        let (_, media) = success(read_op);
        let schema = self.schema_of(media?)?;
        match self.envelope(schema) {
            Some(field) => resolve(self.doc(), schema).get("properties")?.get(field),
            None => Some(schema),
        }
    }

    pub(crate) fn new_item(&self, read_op: &Operation, rng: &mut ChaCha8Rng) -> Value {
        match self.item_schema(read_op) {
            Some(schema) => Generator::new(self.doc(), self.now).value(schema, rng),
            None => Value::Object(Map::new()),
        }
    }

    /// Lays the body's fields over the item: fields the item schema has, and for a
    /// Rails-style `{"thing": {…}}` body, the wrapped object's fields too.
    pub(crate) fn overlay(&self, read_op: &Operation, item: &mut Value, body: Option<&Value>) {
        let (Some(Value::Object(body)), Value::Object(target)) = (body, item) else { return };
        let schema = self.item_schema(read_op);
        let known = |name: &str| schema.is_some_and(|s| coerce_types::property(self.doc(), s, name).is_some());
        for (name, value) in body {
            if known(name) {
                target.insert(name.clone(), value.clone());
            } else if let Value::Object(inner) = value {
                for (inner_name, inner_value) in inner {
                    if known(inner_name) {
                        target.insert(inner_name.clone(), inner_value.clone());
                    }
                }
            }
        }
    }

    /// The field that holds an item's id.
    pub(crate) fn id_field(&self, read_op: &Operation, binding: &Binding, item: &Value) -> Option<String> {
        let schema = self.item_schema(read_op)?;
        let has = |name: &str| coerce_types::property(self.doc(), schema, name).is_some();
        if let Some(param) = binding.id_param.as_deref().filter(|p| has(p)) {
            return Some(param.to_string());
        }
        if has("id") {
            return Some("id".into());
        }
        item.as_object()?.keys().find(|k| k.ends_with("_id") || k.ends_with("Id")).cloned()
    }

    pub(crate) fn id_is_integer(&self, read_op: &Operation, field: &str) -> bool {
        self.item_schema(read_op)
            .and_then(|s| coerce_types::property(self.doc(), s, field))
            .map(|p| {
                let t = coerce_types::admitted(self.doc(), p);
                t.has(coerce_types::Types::INTEGER) && !t.has(coerce_types::Types::STRING)
            })
            .unwrap_or(false)
    }

    fn wrap(&self, media: Option<&Media>, payload: Value) -> Value {
        match media.and_then(|m| self.schema_of(m)).and_then(|s| self.envelope(s)) {
            Some(field) => {
                let mut map = Map::new();
                map.insert(field.into(), payload);
                Value::Object(map)
            }
            None => payload,
        }
    }

    fn valid(&self, media: Option<&Media>, value: &Value) -> bool {
        media.and_then(|m| m.schema.as_ref()).is_none_or(|s| s.validator.is_valid(value))
    }

    /// The item as the read operation would return it: fields the schema refuses are
    /// replaced by generated ones.
    pub(crate) fn fit(&self, read_op: &Operation, item: Value, rng: &mut ChaCha8Rng) -> Value {
        let (_, media) = success(read_op);
        if self.valid(media, &self.wrap(media, item.clone())) {
            return item;
        }
        let fresh = self.new_item(read_op, rng);
        let (Value::Object(mut candidate), Value::Object(fresh_map)) = (item, fresh.clone()) else { return fresh };
        let Some(validator) = media.and_then(|m| m.schema.as_ref()) else { return Value::Object(candidate) };
        let wrapped = self.wrap(media, Value::Object(candidate.clone()));
        let enveloped = wrapped != Value::Object(candidate.clone());
        for error in validator.validator.iter_errors(&wrapped) {
            let mut segments = error.instance_path().iter().map(|s| s.to_string());
            let first = if enveloped { segments.nth(1) } else { segments.next() };
            if let Some(field) = first {
                match fresh_map.get(&field) {
                    Some(v) => candidate.insert(field, v.clone()),
                    None => candidate.remove(&field),
                };
            }
        }
        let candidate = Value::Object(candidate);
        if self.valid(media, &self.wrap(media, candidate.clone())) { candidate } else { fresh }
    }

    /// One item as `op` answers it.
    pub(crate) fn single(&self, op: &Operation, item: &Value, rng: &mut ChaCha8Rng) -> Reply {
        let (status, media) = success(op);
        let Some(media) = media else { return Reply::empty(status) };
        let wrapped = self.wrap(Some(media), item.clone());
        if self.valid(Some(media), &wrapped) {
            return Reply::json(status, wrapped);
        }
        // A different shape (an acknowledgement, a summary): generate it and keep every
        // field the item has in common with it.
        let mut generated = match self.schema_of(media) {
            Some(schema) => Generator::new(self.doc(), self.now).value(schema, rng),
            None => Value::Null,
        };
        if let (Value::Object(target), Value::Object(source)) = (&mut generated, item) {
            for (k, v) in source {
                if target.contains_key(k) {
                    let before = target.insert(k.clone(), v.clone());
                    if !self.valid(Some(media), &Value::Object(target.clone())) {
                        match before {
                            Some(b) => target.insert(k.clone(), b),
                            None => target.remove(k),
                        };
                    }
                }
            }
        }
        Reply::json(status, generated)
    }

    /// A page of items as `op` answers a list: a bare array, or a wrapper whose totals and
    /// paging fields are filled in.
    pub(crate) fn list(
        &self,
        op: &Operation,
        page: Vec<Value>,
        total: usize,
        window: Window,
        rng: &mut ChaCha8Rng,
    ) -> Reply {
        let (status, media) = success(op);
        let Some(media) = media else { return Reply::empty(status) };
        let (offset, limit) = (window.offset, window.requested_limit);
        let Some(schema) = self.schema_of(media) else { return Reply::json(status, Value::Array(page)) };
        let resolved = resolve(self.doc(), schema);
        if coerce_types::admitted(self.doc(), resolved).has(coerce_types::Types::ARRAY) {
            return Reply::json(status, Value::Array(page));
        }
        // The page replaces the wrapper's array, so none is generated only to be dropped.
        let wrapper = with_empty_arrays(self.doc(), resolved);
        let mut body = Generator::new(self.doc(), self.now).value(wrapper.as_ref().unwrap_or(schema), rng);
        if let Value::Object(map) = &mut body {
            let array_field = ["items", "data", "results", "content", "records"]
                .iter()
                .find(|f| map.get(**f).is_some_and(Value::is_array))
                .map(|f| f.to_string())
                .or_else(|| map.iter().find(|(_, v)| v.is_array()).map(|(k, _)| k.clone()));
            let shown = page.len();
            if let Some(field) = array_field {
                map.insert(field, Value::Array(page));
            }
            fill_paging(map, total, offset, limit, shown, window.page);
        }
        Reply::json(status, body)
    }
}

/// `wrapper` with each array property held to no items (generating a page of fake items
/// cost a list response ~150 µs); `None` when it declares no properties of its own.
fn with_empty_arrays(doc: &Value, wrapper: &Value) -> Option<Value> {
    let properties = wrapper.get("properties")?.as_object()?;
    let mut held = properties.clone();
    for (name, property) in properties {
        if coerce_types::admitted(doc, resolve(doc, property)).has(coerce_types::Types::ARRAY) {
            held.insert(name.clone(), serde_json::json!({"type": "array", "maxItems": 0}));
        }
    }
    let mut out = wrapper.clone();
    out["properties"] = Value::Object(held);
    Some(out)
}

/// Sets totals and paging fields the wrapper (or a nested `pagination`/`meta` object) has.
fn fill_paging(
    map: &mut Map<String, Value>,
    total: usize,
    offset: usize,
    limit: Option<usize>,
    shown: usize,
    page: Option<usize>,
) {
    let per_page = limit.unwrap_or(shown.max(1));
    for (key, value) in map.iter_mut() {
        let set = match key.as_str() {
            "total" | "count" | "total_count" | "totalCount" | "total_items" => Some(Value::from(total)),
            "skip" | "offset" => Some(Value::from(offset)),
            "limit" | "per_page" | "page_size" => Some(Value::from(per_page)),
            "page" => Some(Value::from(page.unwrap_or(offset / per_page + 1))),
            "total_pages" | "pages" => Some(Value::from(total.div_ceil(per_page))),
            "has_next" | "has_more" => Some(Value::from(offset + shown < total)),
            _ => None,
        };
        match (set, value) {
            (Some(new), slot) if slot.is_number() || slot.is_boolean() => *slot = new,
            (None, Value::Object(nested)) if ["pagination", "meta", "page_info"].contains(&key.as_str()) => {
                fill_paging(nested, total, offset, limit, shown, page);
            }
            _ => {}
        }
    }
}

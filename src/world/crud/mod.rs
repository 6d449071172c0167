//! Generic stateful behaviour for any spec without handlers: collections inferred from
//! path shapes (`infer`), items shaped by the spec's own response schemas. `POST` creates
//! what `GET /{id}` then returns, `PUT`/`PATCH` update it, `DELETE` removes it (later
//! reads are 404 in the API's dialect), lists show what exists, with pagination and
//! property filters when the operation declares such query parameters. Ids and server
//! fields are generated from the schema with the store's seeded RNG.

mod infer;
mod shape;

// The contract test runner (`conformance`) plays the same collections against a real server.
pub(crate) use infer::{Binding, Role, bind};
pub(crate) use shape::id_of;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::behaviour::{ApiScenario, Behaviour, Ctx, Identity, Prepared};
use super::handlers::{api_seed, new_uuid};
use super::store::{Imported, Store, Txn};
use crate::contract::ValidatedRequest;
use crate::reply::Reply;
use crate::spec::Operation;

/// Items by collection (a concrete path such as `/projects/42/repositories`), by id.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct CrudState {
    pub collections: BTreeMap<String, IndexMap<String, Value>>,
    /// Next integer id per collection template, for integer-keyed items.
    pub counters: BTreeMap<String, i64>,
    /// For items created through a nested route but kept in a top-level collection: by
    /// collection and item id, the nested collection (`/projects/42/repositories`) the
    /// item belongs to.
    #[serde(default)]
    pub scopes: BTreeMap<String, BTreeMap<String, String>>,
}

/// A scenario section for a generic API: items per collection path.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrudScenario {
    /// Items to start with, by collection path (`/pets`, `/projects/p1/repositories`).
    #[serde(default)]
    pub collections: BTreeMap<String, Vec<Value>>,
}

/// The generic behaviour.
#[derive(Debug)]
pub struct Crud {
    store: Arc<Store<CrudState>>,
    bindings: OnceLock<HashMap<String, Binding>>,
}

impl Default for Crud {
    fn default() -> Self {
        Crud::new()
    }
}

impl Crud {
    pub fn new() -> Crud {
        Crud { store: Arc::new(Store::new(CrudState::default(), 0)), bindings: OnceLock::new() }
    }

    fn bindings(&self, ctx: &Ctx<'_>) -> &HashMap<String, Binding> {
        self.bindings.get_or_init(|| infer::bind(ctx.spec))
    }
}

impl Behaviour for Crud {
    fn handle(&self, ctx: &Ctx<'_>, op: &Operation, request: &ValidatedRequest, _caller: &Identity) -> Option<Reply> {
        let binding = self.bindings(ctx).get(&op.id)?.clone();
        let read_op = ctx.spec.operation(&binding.read_op)?;
        let key = infer::concrete(&binding.collection, |name| request.path_text(name))?;
        let scope = match &binding.scope {
            Some(template) => Some(infer::concrete(template, |name| request.path_text(name))?),
            None => None,
        };
        let reply = if parent_missing(self.bindings(ctx), &binding, request, &self.store) {
            ctx.errors.error(404, None)
        } else {
            self.store.write(|txn| answer(ctx, op, read_op, &binding, (&key, scope.as_deref()), request, txn))
        };
        // A refusal the operation does not declare (a 404 where the spec promises none)
        // is not ours to invent: decline, and the contract's own answer is used. Refusals
        // change nothing, so declining after the fact is safe.
        if reply.status.is_client_error() && op.response(reply.status.as_u16()).is_none() {
            return None;
        }
        Some(reply)
    }

    fn check(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<(), String> {
        initial_state(ctx, scenario).map(|_| ())
    }

    fn load(&self, ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<(), String> {
        let state = initial_state(ctx, scenario)?;
        self.store.reset(state, api_seed(ctx.seed, ctx.api));
        Ok(())
    }

    fn export_state(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.store.export_to(out)
    }

    fn check_state(&self, _ctx: &Ctx<'_>, state: &Value) -> Result<(), String> {
        Store::<CrudState>::check(state)
    }

    fn import_state(&self, _ctx: &Ctx<'_>, state: &Value) -> Result<(), String> {
        self.store.import(state)
    }

    fn prepare_state(&self, _ctx: &Ctx<'_>, state: &Value) -> Result<Prepared, String> {
        Store::<CrudState>::prepare_import(state, |_| Ok(()), |_| {}).map(Prepared::of)
    }

    fn install_state(&self, ctx: &Ctx<'_>, state: &Value, prepared: Prepared) -> Result<(), String> {
        match prepared.take::<Imported<CrudState>>() {
            Some(imported) => {
                self.store.install_import(imported);
                Ok(())
            }
            None => self.import_state(ctx, state),
        }
    }

    fn scenario_schema(&self) -> Value {
        serde_json::to_value(schemars::schema_for!(CrudScenario)).unwrap_or(Value::Bool(true))
    }
}

/// The state a scenario section describes: its items, keyed by their ids.
fn initial_state(ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<CrudState, String> {
    let config: CrudScenario = match scenario {
        Some(s) if !s.config.is_null() => {
            serde_json::from_value(s.config.clone()).map_err(|e| format!("generic scenario section: {e}"))?
        }
        _ => CrudScenario::default(),
    };
    let mut state = CrudState::default();
    for (path, items) in config.collections {
        let path = if path.starts_with(&ctx.spec.prefix) { path } else { format!("{}{path}", ctx.spec.prefix) };
        let collection = state.collections.entry(path.clone()).or_default();
        for (i, item) in items.into_iter().enumerate() {
            let id = shape::id_of(&item).ok_or_else(|| format!("collections.{path}[{i}] has no id field"))?;
            collection.insert(id, item);
        }
    }
    Ok(state)
}

/// For a nested collection whose parent is itself a managed collection: whether the
/// parent item is missing (then the nested collection does not exist either).
fn parent_missing(
    bindings: &HashMap<String, Binding>,
    binding: &Binding,
    request: &ValidatedRequest,
    store: &Store<CrudState>,
) -> bool {
    let parent = || {
        let (parent, _) = binding.scope.as_deref().unwrap_or(&binding.collection).rsplit_once('/')?;
        let (parent_collection, parent_param) = parent.rsplit_once('/')?;
        let param = parent_param.strip_prefix('{')?.strip_suffix('}')?;
        if !bindings.values().any(|b| b.collection == parent_collection) {
            return None;
        }
        let key = infer::concrete(parent_collection, |name| request.path_text(name))?;
        Some((key, request.path_text(param)?))
    };
    match parent() {
        Some((key, id)) => !store.read(|s| s.collections.get(&key).is_some_and(|c| c.contains_key(&id))),
        None => false,
    }
}

fn answer(
    ctx: &Ctx<'_>,
    op: &Operation,
    read_op: &Operation,
    binding: &Binding,
    (key, scope): (&str, Option<&str>),
    request: &ValidatedRequest,
    txn: Txn<'_, CrudState>,
) -> Reply {
    let Txn { state, rng, .. } = txn;
    let shape = shape::Shaper { spec: ctx.spec, now: ctx.now() };
    let item_id = binding.id_param.as_deref().and_then(|p| request.path_text(p));
    match binding.role {
        Role::Create => {
            let mut item = shape.new_item(read_op, rng);
            shape.overlay(read_op, &mut item, request.body.as_ref());
            let id_field = shape.id_field(read_op, binding, &item);
            let id = match id_field.as_deref().map(|f| shape.id_is_integer(read_op, f)) {
                Some(true) => {
                    let next = state.counters.entry(binding.collection.clone()).or_insert(0);
                    *next += 1;
                    Value::from(*next)
                }
                _ => Value::String(new_uuid(rng)),
            };
            let id_text = match &id {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let (Some(field), Value::Object(map)) = (id_field, &mut item) {
                map.insert(field, id);
            }
            let item = shape.fit(read_op, item, rng);
            if let Some(scope) = scope {
                state.scopes.entry(key.to_string()).or_default().insert(id_text.clone(), scope.to_string());
            }
            state.collections.entry(key.to_string()).or_default().insert(id_text, item.clone());
            shape.single(op, &item, rng)
        }
        Role::Read => match item_id.and_then(|id| state.collections.get(key)?.get(&id).cloned()) {
            Some(item) => shape.single(op, &item, rng),
            None => ctx.errors.error(404, None),
        },
        Role::Replace | Role::Patch => {
            let Some(existing) = item_id.as_ref().and_then(|id| state.collections.get_mut(key)?.get_mut(id)) else {
                return ctx.errors.error(404, None);
            };
            let mut updated = existing.clone();
            shape.overlay(read_op, &mut updated, request.body.as_ref());
            let updated = shape.fit(read_op, updated, rng);
            *existing = updated.clone();
            shape.single(op, &updated, rng)
        }
        Role::Delete => match item_id.and_then(|id| state.collections.get_mut(key)?.shift_remove_entry(&id)) {
            Some((id, item)) => {
                if let Some(scopes) = state.scopes.get_mut(key) {
                    scopes.remove(&id);
                }
                shape.single(op, &item, rng)
            }
            None => ctx.errors.error(404, None),
        },
        Role::List => {
            let window = shape::Window::of(request);
            let empty = IndexMap::new();
            let items = state.collections.get(key).unwrap_or(&empty);
            // Only the page is copied; without filters, neither counting nor skipping
            // walks the collection (an IndexMap iterator skips in constant time).
            let owners = state.scopes.get(key);
            let in_scope = |id: &String| scope.is_none_or(|s| owners.and_then(|o| o.get(id)).is_some_and(|o| o == s));
            let (total, page) = if filtering(request) || scope.is_some() {
                let (mut total, mut page) = (0, Vec::new());
                let matching = items.iter().filter(|(id, item)| in_scope(id) && matches_filters(item, request));
                for (_, item) in matching {
                    if total >= window.offset && page.len() < window.limit {
                        page.push(item.clone());
                    }
                    total += 1;
                }
                (total, page)
            } else {
                (items.len(), items.values().skip(window.offset).take(window.limit).cloned().collect())
            };
            shape.list(op, page, total, window, rng)
        }
    }
}

/// Whether any query parameter might filter (anything but paging).
fn filtering(request: &ValidatedRequest) -> bool {
    request.params.query.iter().any(|(name, value)| !shape::PAGING.contains(&name.as_str()) && !value.is_null())
}

/// Query parameters named like an item property filter by equality.
fn matches_filters(item: &Value, request: &ValidatedRequest) -> bool {
    let Some(fields) = item.as_object() else { return true };
    request.params.query.iter().all(|(name, wanted)| {
        if shape::PAGING.contains(&name.as_str()) || wanted.is_null() {
            return true;
        }
        match fields.get(name) {
            Some(actual) => scalar_eq(actual, wanted),
            None => true,
        }
    })
}

fn scalar_eq(a: &Value, b: &Value) -> bool {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match b {
        Value::Array(options) => options.iter().any(|o| text(a) == text(o)),
        _ => text(a) == text(b),
    }
}

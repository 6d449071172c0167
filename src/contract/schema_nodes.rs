//! The document node of a parameter's schema, found once. Validating a request reads each
//! parameter's schema node (its default, whether it is an array, its items' types); walking
//! the document to it by JSON pointer (unescaping, a map lookup per step) cost ~2.4 K
//! instructions a parameter, more than the rest of a list request's validation
//! (benches/callgrind_lists.sh, issue 14).
//!
//! Nodes are remembered by their compiled validator, which this memo also holds: a
//! validator's address cannot be reused by another schema while it is kept here, so a
//! remembered node is always the node of that schema. Bounded, and emptied when full.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;
use serde_json::Value;

use crate::spec::{ApiSpec, LazyValidator, Schema};

const CAPACITY: usize = 4096;

type Remembered = (Arc<LazyValidator>, Option<Arc<Value>>);

static NODES: LazyLock<Mutex<HashMap<usize, Remembered>>> = LazyLock::new(Default::default);

/// `schema`'s node in `spec`'s document ($refs followed), as `ApiSpec::schema_node` finds it.
pub(crate) fn node(spec: &ApiSpec, schema: &Schema) -> Option<Arc<Value>> {
    let key = Arc::as_ptr(&schema.validator) as *const () as usize;
    if let Some((_, node)) = NODES.lock().get(&key) {
        return node.clone();
    }
    let node = spec.schema_node(&schema.pointer).map(|n| Arc::new(n.clone()));
    let mut nodes = NODES.lock();
    if nodes.len() >= CAPACITY {
        nodes.clear();
    }
    nodes.insert(key, (schema.validator.clone(), node.clone()));
    node
}

//! The dryrun API's behaviour (in progress).

use std::sync::Arc;

use crate::world::{Behaviour, Handlers};

/// The dryrun behaviour.
pub fn behaviour() -> Arc<dyn Behaviour> {
    Arc::new(Handlers::<serde_json::Value>::new(|_, _| Ok(serde_json::Value::Null)))
}

//! Each API's own behaviour, one folder per API. They plug into the engine through the
//! behaviour interface (`world::Handlers`) by `operationId`, and use nothing of the
//! engine's insides. `startup` is the only place that maps API names to them.

pub(crate) mod dryrun;
pub(crate) mod kolega;
pub(crate) mod platform;
pub(crate) mod securescan;

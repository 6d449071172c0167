//! The recorder (`--record DIR`): what a proxied API's upstream answered, written as files
//! secmock can serve again.
//!
//! - `DIR/<api>/openapi.yaml`: the API's contract with every recorded answer added as a
//!   named example of its operation and status (`recorded_<n>`; a `Prefer: example=…`
//!   header picks one). Only answers that honour the contract become examples: a
//!   departing one would make the replay break its own contract (it is in `/violations`).
//!   At most `MAX_EXAMPLES` per operation and status, the first ones. Only JSON bodies
//!   are recorded (an HTML page or a streamed body is not an example a replay can give).
//! - `DIR/scenario.yaml`: a scenario whose clock starts where the recording ended, with
//!   a section for each API whose behaviour can turn what it saw into resources
//!   (`Behaviour::section_from_recording`: Kolega, SecureScan), so that
//!   `secmock serve --specs DIR --scenario DIR/scenario.yaml` answers the same calls with
//!   the same ids and lists.
//!
//! Secrets are masked before anything is kept (`world::recording`): credentials, and JSON
//! members named like secrets in both bodies. Files are rewritten whole after each
//! recorded exchange, through a rename, so a reader never sees half a file; recording is
//! meant for capturing sessions, not for load.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parking_lot::Mutex;
use serde_json::{Map, Value, json};

use crate::spec::ApiSpec;
use crate::world::recording::{RecordedExchange, mask_json};
use crate::world::scenario::ScenarioClock;
use crate::world::{Behaviour, Scenario};

/// Recorded answers kept as examples per operation and status.
const MAX_EXAMPLES: usize = 10;
/// Exchanges kept per API for its scenario section (the oldest go first beyond it).
const MAX_EXCHANGES: usize = 10_000;

/// Writes what the proxy saw under one folder.
#[derive(Debug)]
pub(crate) struct Recorder {
    dir: PathBuf,
    inner: Mutex<BTreeMap<String, ApiRecording>>,
}

#[derive(Default)]
struct ApiRecording {
    behaviour: Option<std::sync::Arc<dyn Behaviour>>,
    exchanges: Vec<RecordedExchange>,
    /// The contract with the examples recorded so far.
    document: Option<Value>,
    examples: BTreeMap<(String, String), usize>,
}

impl std::fmt::Debug for ApiRecording {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRecording").field("exchanges", &self.exchanges.len()).finish()
    }
}

/// One answer to record: the exchange, and the media type and status key it goes under.
#[derive(Debug)]
pub(crate) struct Answered {
    pub exchange: RecordedExchange,
    /// The declared status key it matched (`200`, `4XX`, `default`).
    pub status_key: String,
    /// The media type it was sent as, as declared (its essence).
    pub media_type: String,
    /// Whether it honoured the contract (only such answers become examples).
    pub conforms: bool,
}

impl Recorder {
    /// A recorder writing under `dir`, which is created if need be.
    pub(crate) fn new(dir: &Path) -> std::io::Result<Recorder> {
        std::fs::create_dir_all(dir)?;
        Ok(Recorder { dir: dir.to_path_buf(), inner: Mutex::new(BTreeMap::new()) })
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records one exchange of `spec`'s API and rewrites that API's files and the scenario.
    pub(crate) fn record(
        &self,
        spec: &ApiSpec,
        behaviour: std::sync::Arc<dyn Behaviour>,
        answered: Answered,
    ) -> std::io::Result<()> {
        let Answered { mut exchange, status_key, media_type, conforms } = answered;
        if let Some(body) = exchange.request.as_mut() {
            mask_json(body);
        }
        if let Some(body) = exchange.response.as_mut() {
            mask_json(body);
        }
        let mut inner = self.inner.lock();
        let api = inner.entry(spec.name.clone()).or_default();
        api.behaviour = Some(behaviour);
        if api.document.is_none() {
            api.document = Some(serde_json::from_slice(&spec.served()).unwrap_or(Value::Null));
        }
        let mut wrote_example = false;
        if conforms && let (Some(body), Some(document)) = (&exchange.response, api.document.as_mut()) {
            let count = api.examples.entry((exchange.operation_id.clone(), status_key.clone())).or_default();
            if *count < MAX_EXAMPLES {
                *count += 1;
                let name = format!("recorded_{count}");
                let summary =
                    format!("{} {} → {}, recorded {}", exchange.method, exchange.path, exchange.status, exchange.at);
                let pointer = spec.operations.iter().find(|o| o.id == exchange.operation_id).map(|o| o.pointer.clone());
                if let Some(pointer) = pointer {
                    wrote_example = add_example(
                        document,
                        &pointer,
                        &status_key,
                        &media_type,
                        &name,
                        json!({"summary": summary, "value": body}),
                    );
                }
            }
        }
        if api.exchanges.len() == MAX_EXCHANGES {
            api.exchanges.remove(0);
        }
        api.exchanges.push(exchange);
        if wrote_example && let Some(document) = &api.document {
            let folder = self.dir.join(&spec.name);
            std::fs::create_dir_all(&folder)?;
            write_whole(&folder.join("openapi.yaml"), &to_yaml(document)?)?;
        }
        // Everything recorded happened before the replay's clock starts.
        let end = inner.values().flat_map(|a| a.exchanges.last()).map(|e| e.at).max();
        let sections = match end {
            Some(end) => inner
                .iter()
                .filter_map(|(name, a)| {
                    Some((name.clone(), a.behaviour.as_ref()?.section_from_recording(end, &a.exchanges)?))
                })
                .collect(),
            None => BTreeMap::new(),
        };
        let scenario = Scenario {
            name: Some("recorded".into()),
            description: Some(format!(
                "Recorded by secmock's proxy from {}",
                inner.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
            clock: ScenarioClock { start: end },
            apis: sections,
            ..Scenario::default()
        };
        let scenario = serde_json::to_value(&scenario).map_err(std::io::Error::other)?;
        write_whole(&self.dir.join("scenario.yaml"), &to_yaml(&scenario)?)
    }
}

/// Adds a named example under an operation's response; `false` when the contract has no
/// place for it (a status or media type it does not declare). A response given by `$ref`
/// is copied into place first, so the example belongs to this operation alone; a single
/// `example` becomes the named example `original`.
fn add_example(
    document: &mut Value,
    op_pointer: &str,
    status: &str,
    media_type: &str,
    name: &str,
    example: Value,
) -> bool {
    let referenced = document
        .pointer(&format!("{op_pointer}/responses/{status}/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .map(str::to_string);
    if let Some(target) = referenced {
        let Some(copy) = document.pointer(&target).cloned() else { return false };
        let Some(slot) = document.pointer_mut(&format!("{op_pointer}/responses/{status}")) else { return false };
        *slot = copy;
    }
    let media = media_type.replace('~', "~0").replace('/', "~1");
    let Some(Value::Object(media)) = document.pointer_mut(&format!("{op_pointer}/responses/{status}/content/{media}"))
    else {
        return false;
    };
    if let Some(single) = media.remove("example") {
        media.entry("examples").or_insert_with(|| Value::Object(Map::new()));
        if let Some(Value::Object(examples)) = media.get_mut("examples") {
            examples.insert("original".into(), json!({"value": single}));
        }
    }
    let examples = media.entry("examples").or_insert_with(|| Value::Object(Map::new()));
    match examples {
        Value::Object(examples) => {
            examples.insert(name.to_string(), example);
            true
        }
        _ => false,
    }
}

fn to_yaml(value: &Value) -> std::io::Result<String> {
    yaml_serde::to_string(value).map_err(std::io::Error::other)
}

/// Writes beside the file and renames into place: a reader sees the old file or the new.
fn write_whole(file: &Path, text: &str) -> std::io::Result<()> {
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, file)
}

//! Scenario files (`scenarios/*.yaml`): what exists when the server starts or resets.
//! The envelope is generic (seed, clock start, standing faults); each API's own section
//! under `apis.<name>` is its behaviour's business, and so is its schema. The composed
//! JSON Schema is what `secmock validate` checks files against; a file that parses but
//! describes data the API's contract refuses is rejected when its behaviour loads it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::faults::FaultSpec;

/// A scenario, as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name (defaults to the file name).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Seeds every generator, so the same scenario gives the same data, ids included.
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub clock: ScenarioClock,
    /// Faults in force from the start.
    #[serde(default)]
    pub faults: Vec<FaultSpec>,
    /// Where APIs may deliver webhooks besides loopback.
    #[serde(default)]
    pub outbound: ScenarioOutbound,
    /// Each API's own section, by API name.
    #[serde(default)]
    pub apis: BTreeMap<String, Value>,
    /// The file it was read from; `None` for a shipped scenario or one sent over HTTP.
    /// What `--watch` follows.
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<PathBuf>,
}

/// Where virtual time starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioClock {
    /// RFC 3339 instant at which the world starts (default: the real time at start-up).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub start: Option<Timestamp>,
}

/// Outbound deliveries (webhooks): loopback may always receive them; these hosts too.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOutbound {
    /// Host names (`hooks.example.test`), wildcards for the names under one
    /// (`*.example.test`), IP addresses and CIDR blocks (`10.0.0.0/8`), for every API.
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub allow_hosts: Vec<String>,
}

/// Why a scenario could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("no scenario named '{name}' (see GET /scenarios)")]
    Unknown { name: String },
    /// A name that is not a name (a path, `..`, a separator): refused before any file is
    /// touched, so that naming a scenario over HTTP can never read a file elsewhere.
    #[error(
        "'{0}' is not a scenario name: a name is 1 to 64 letters, digits, '-' or '_' (load a file by path with --scenario FILE on the command line)"
    )]
    BadName(String),
    #[error("{source_name}: {message}")]
    Invalid { source_name: String, message: String },
}

impl Scenario {
    /// Parses a scenario from a JSON value; errors name the path of the bad field.
    pub fn from_value(source_name: &str, value: Value) -> Result<Scenario, ScenarioError> {
        serde_path_to_error::deserialize(value).map_err(|e| ScenarioError::Invalid {
            source_name: source_name.to_string(),
            message: format!("at {}: {}", e.path(), clip_quoted(&e.inner().to_string())),
        })
    }

    /// Reads a scenario file (YAML or JSON).
    pub fn from_file(file: &Path) -> Result<Scenario, ScenarioError> {
        let source_name = file.display().to_string();
        let value = crate::spec::read_document(file).map_err(|e| ScenarioError::Invalid {
            source_name: source_name.clone(),
            message: clip_quoted(&e.to_string()),
        })?;
        let mut scenario = Scenario::from_value(&source_name, value)?;
        if scenario.name.is_none() {
            scenario.name = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        }
        scenario.origin = Some(file.to_path_buf());
        Ok(scenario)
    }

    /// A scenario shipped in the binary (`bundled`), by name.
    pub fn bundled(name: &str) -> Option<Result<Scenario, ScenarioError>> {
        let text = crate::bundled::scenario(name)?;
        let source_name = format!("{}/scenarios/{name}.yaml", crate::bundled::BUNDLED_SPECS);
        let parsed = crate::spec::parse_document(Path::new(&source_name), text)
            .map_err(|e| ScenarioError::Invalid {
                source_name: source_name.clone(),
                message: clip_quoted(&e.to_string()),
            })
            .and_then(|value| Scenario::from_value(&source_name, value));
        Some(parsed.map(|mut scenario| {
            scenario.name.get_or_insert_with(|| name.to_string());
            scenario
        }))
    }

    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or("inline")
    }

    /// The JSON Schema of scenario files, with each API's section schema plugged in.
    pub fn json_schema(api_sections: &BTreeMap<String, Value>) -> Value {
        let mut schema = serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or(Value::Bool(true));
        if let Some(apis) = schema.pointer_mut("/properties/apis") {
            let mut properties = serde_json::Map::new();
            for (name, section) in api_sections {
                properties.insert(name.clone(), section.clone());
            }
            *apis = serde_json::json!({
                "type": "object",
                "description": "Each API's own section, by API name.",
                "properties": properties,
                "additionalProperties": false,
            });
        }
        schema
    }
}

/// Cuts every quoted stretch of an error message to a few characters: parser and serde
/// errors quote the value they refused (`invalid type: string "…"`), and a message must
/// never carry more of a file than the offending token.
pub(crate) fn clip_quoted(message: &str) -> String {
    const KEEP: usize = 40;
    let mut out = String::with_capacity(message.len().min(512));
    let mut quoted = false;
    let mut run = 0usize;
    for c in message.chars() {
        if c == '"' {
            if quoted && run > KEEP {
                out.push('…');
            }
            quoted = !quoted;
            run = 0;
            out.push(c);
        } else if quoted {
            run += 1;
            if run <= KEEP {
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    if quoted && run > KEEP {
        out.push('…');
    }
    out
}

/// Whether `name` is a scenario name: what `GET /scenarios` lists, never a path.
pub fn is_scenario_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The scenarios a server can load by name: those of its scenarios folder (`dir`,
/// `--scenarios-dir`), then those shipped in the binary; a file in the folder wins over
/// a shipped scenario of the same name.
#[derive(Debug, Clone, Default)]
pub struct ScenarioLibrary {
    pub dir: Option<PathBuf>,
}

impl ScenarioLibrary {
    /// A scenario by name (`default` → `<dir>/default.yaml`). Only names are looked up:
    /// anything with a separator, `..` or a drive is refused before the disk is touched.
    pub fn load(&self, name: &str) -> Result<Scenario, ScenarioError> {
        if !is_scenario_name(name) {
            return Err(ScenarioError::BadName(name.chars().take(64).collect()));
        }
        for ext in ["yaml", "yml", "json"] {
            let Some(dir) = &self.dir else { break };
            let file = dir.join(format!("{name}.{ext}"));
            if file.is_file() {
                return Scenario::from_file(&file);
            }
        }
        Scenario::bundled(name).unwrap_or_else(|| Err(ScenarioError::Unknown { name: name.to_string() }))
    }

    /// A scenario by name, or by path when it is not a name: the command line's
    /// privilege (`--scenario FILE`), never an HTTP one.
    pub fn load_name_or_file(&self, name_or_path: &str) -> Result<Scenario, ScenarioError> {
        if is_scenario_name(name_or_path) {
            return self.load(name_or_path);
        }
        Scenario::from_file(Path::new(name_or_path))
    }

    /// Every scenario, the folder's and the shipped ones: (name, description), by name.
    pub fn list(&self) -> Vec<(String, Option<String>)> {
        let mut out: BTreeMap<String, Option<String>> = BTreeMap::new();
        for name in crate::bundled::scenario_names() {
            let description = Scenario::bundled(name).and_then(Result::ok).and_then(|s| s.description);
            out.insert(name.to_string(), description);
        }
        let entries = self.dir.as_ref().and_then(|dir| std::fs::read_dir(dir).ok());
        for file in entries.into_iter().flatten().filter_map(Result::ok).map(|e| e.path()) {
            let scenario_file = file.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
                && !file.to_string_lossy().ends_with(".schema.json");
            if let (true, Some(name)) = (scenario_file, file.file_stem()) {
                let description = Scenario::from_file(&file).ok().and_then(|s| s.description);
                out.insert(name.to_string_lossy().into_owned(), description);
            }
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_name_the_bad_field() {
        let err = Scenario::from_value("s.yaml", json!({"seed": 1, "faults": [{"action": {"kind": "nope"}}]}))
            .expect_err("unknown fault kind");
        assert!(err.to_string().starts_with("s.yaml: at faults[0].action"), "{err}");
        let err = Scenario::from_value("s.yaml", json!({"sede": 1})).expect_err("typo");
        assert!(err.to_string().contains("sede"), "{err}");
    }

    #[test]
    fn only_names_are_looked_up() {
        let library = ScenarioLibrary { dir: None };
        for bad in ["/etc/passwd", "../Cargo", "a/b", "..", "", "default.yaml", "C:x", "a\\b", "dé"] {
            assert!(matches!(library.load(bad), Err(ScenarioError::BadName(_))), "{bad}");
        }
        assert!(library.load("default").is_ok());
        assert!(matches!(library.load("nope"), Err(ScenarioError::Unknown { .. })));
    }

    #[test]
    fn quoted_values_are_clipped() {
        let long = "x".repeat(500);
        let clipped = clip_quoted(&format!("invalid type: string \"{long}\", expected a map"));
        assert_eq!(clipped, format!("invalid type: string \"{}…\", expected a map", "x".repeat(40)));
        assert_eq!(clip_quoted("unknown field `sede`"), "unknown field `sede`");
    }

    #[test]
    fn schema_plugs_in_api_sections() {
        let mut sections = BTreeMap::new();
        sections.insert("kolega".to_string(), json!({"type": "object"}));
        let schema = Scenario::json_schema(&sections);
        assert_eq!(schema.pointer("/properties/apis/properties/kolega"), Some(&json!({"type": "object"})));
        assert_eq!(schema.pointer("/properties/apis/additionalProperties"), Some(&json!(false)));
    }
}

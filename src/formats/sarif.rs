//! SARIF 2.1.0 logs: one run, one rule per rule id (the first result's words), results in
//! the order given. Fields are declared in alphabetical order, so the log serialises with
//! sorted keys, as the tools that write SARIF with `sort_keys` do.

use std::collections::BTreeMap;

use serde::Serialize;

/// The tool that wrote the log.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ToolInfo {
    pub(crate) name: &'static str,
    pub(crate) version: &'static str,
    pub(crate) information_uri: &'static str,
}

/// A result's `level` and its rule's `security-severity` for a severity named `critical`,
/// `high`, `medium`, `low` or `info` (the five every API here grades by); an unknown name
/// is read as `info`.
pub(crate) fn grade(severity: &str) -> (&'static str, &'static str) {
    match severity {
        "critical" => ("error", "9.5"),
        "high" => ("error", "7.5"),
        "medium" => ("warning", "5.0"),
        "low" => ("note", "2.5"),
        _ => ("note", "0.5"),
    }
}

/// One result, in the exporting API's words.
#[derive(Debug)]
pub(crate) struct Finding<'a> {
    pub(crate) rule_id: String,
    /// The rule's name (the first result of a rule names it).
    pub(crate) rule_name: String,
    /// `error`, `warning` or `note`.
    pub(crate) level: &'static str,
    /// CVSS-like score, as GitHub code scanning reads `security-severity`.
    pub(crate) security_severity: &'static str,
    pub(crate) tags: Vec<String>,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) path: Option<&'a str>,
    pub(crate) start_line: Option<u32>,
    pub(crate) end_line: Option<u32>,
    /// `partialFingerprints`: the key (`securescan/v1`) and the value.
    pub(crate) fingerprint: Option<(&'static str, &'a str)>,
    pub(crate) remediation: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Debug, Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Debug, Serialize)]
struct RuleProperties {
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    tags: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    default_configuration: Level,
    full_description: Text<'a>,
    id: String,
    name: String,
    properties: RuleProperties,
    short_description: Text<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    start_line: u32,
}

#[derive(Debug, Serialize)]
struct Uri<'a> {
    uri: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Uri<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical<'a>,
}

#[derive(Debug, Serialize)]
struct ResultProperties<'a> {
    remediation: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<Vec<Location<'a>>>,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_fingerprints: Option<BTreeMap<&'static str, &'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
    rule_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<Rule<'a>>,
    version: &'static str,
}

#[derive(Debug, Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Debug, Serialize)]
struct Run<'a> {
    invocations: Vec<Invocation>,
    results: Vec<SarifResult<'a>>,
    tool: Tool<'a>,
}

/// A SARIF 2.1.0 log of one run.
#[derive(Debug, Serialize)]
pub(crate) struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: Vec<Run<'a>>,
    version: &'static str,
}

impl<'a> Log<'a> {
    /// The log of one run of `tool`; rules are listed by id.
    pub(crate) fn new(tool: ToolInfo, successful: bool, findings: Vec<Finding<'a>>) -> Log<'a> {
        let mut rules: BTreeMap<String, Rule<'a>> = BTreeMap::new();
        let mut results = Vec::with_capacity(findings.len());
        for f in findings {
            rules.entry(f.rule_id.clone()).or_insert_with(|| Rule {
                default_configuration: Level { level: f.level },
                full_description: Text { text: f.description },
                id: f.rule_id.clone(),
                name: f.rule_name,
                properties: RuleProperties { security_severity: f.security_severity, tags: f.tags },
                short_description: Text { text: f.title },
            });
            let locations = f.path.map(|uri| {
                let region =
                    f.start_line.filter(|l| *l > 0).map(|start| Region { end_line: f.end_line, start_line: start });
                vec![Location { physical_location: Physical { artifact_location: Uri { uri }, region } }]
            });
            results.push(SarifResult {
                level: f.level,
                locations,
                message: Text { text: f.description },
                partial_fingerprints: f.fingerprint.map(|(key, value)| BTreeMap::from([(key, value)])),
                properties: f.remediation.map(|remediation| ResultProperties { remediation }),
                rule_id: f.rule_id,
            });
        }
        let driver = Driver {
            information_uri: tool.information_uri,
            name: tool.name,
            rules: rules.into_values().collect(),
            version: tool.version,
        };
        Log {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            runs: vec![Run {
                invocations: vec![Invocation { execution_successful: successful }],
                results,
                tool: Tool { driver },
            }],
            version: "2.1.0",
        }
    }
}

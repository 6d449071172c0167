//! One run: chains first (lists run before them, so nested collections find their
//! parents' ids), then a valid request for every operation not yet exercised, then the
//! negative requests, until `max_cases`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::cases::{Builder, Prepared, Variant};
use super::report::{CaseResult, Outcome, Report};
use crate::contract::{Verdicts, response};
use crate::proxy::{ProxyOptions, Upstream};
use crate::reply::Body;
use crate::spec::{ApiSpec, Operation};
use crate::world::crud::{Role, bind, id_of};

/// How to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The server under test (`http://…` or `https://…`, with any path prefix).
    pub target: String,
    /// The credential presented in each operation's first security scheme.
    pub key: Option<String>,
    /// operationId globs; empty runs every operation.
    pub operations: Vec<String>,
    pub seed: u64,
    pub max_cases: usize,
    /// Longest wait for one answer.
    pub timeout: Duration,
    /// Where generated timestamps cluster (the run's start).
    pub anchor: jiff::Timestamp,
    /// CA certificates trusted for an HTTPS target besides the public roots.
    pub ca_files: Vec<PathBuf>,
}

/// What a case expects beyond honouring the contract.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Anything but a server error.
    Answer,
    /// A create that opens a chain: a declared refusal (the generated body is not one the
    /// server takes: a path that must exist on its disk, say) skips the chain instead.
    Created,
    Success,
    ClientError,
    /// 404 or 410: what was deleted is gone.
    Gone,
}

struct Runner<'s> {
    spec: &'s ApiSpec,
    upstream: Upstream,
    builder: Builder<'s>,
    verdicts: Verdicts,
    report: Report,
    max_cases: usize,
    exercised: BTreeSet<String>,
}

/// Runs the contract of `spec` against `options.target`.
pub async fn run(spec: &ApiSpec, options: &RunOptions) -> Result<Report, String> {
    let upstream = Upstream::new(
        &options.target,
        ProxyOptions { timeout: options.timeout, buffer_limit: 16 * 1024 * 1024, ca_files: options.ca_files.clone() },
    )?;
    let filters = options
        .operations
        .iter()
        .map(|p| crate::world::glob::matcher(p).map_err(|e| format!("--operations {p}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let selected: Vec<&Operation> =
        spec.operations.iter().filter(|op| filters.is_empty() || filters.iter().any(|f| f.is_match(&op.id))).collect();
    if selected.is_empty() {
        return Err(format!("--operations: no operation of {} matches {:?}", spec.name, options.operations));
    }
    let mut runner = Runner {
        spec,
        upstream,
        builder: Builder::new(spec, options.seed, options.anchor, options.key.clone()),
        verdicts: Verdicts::default(),
        report: Report {
            api: spec.name.clone(),
            target: options.target.clone(),
            seed: options.seed,
            results: Vec::new(),
        },
        max_cases: options.max_cases,
        exercised: BTreeSet::new(),
    };
    // Lists without parameters in their path first: their ids feed every later path.
    let mut lists: Vec<&Operation> =
        selected.iter().copied().filter(|op| op.method == http::Method::GET && !op.route.contains('{')).collect();
    lists.sort_by_key(|op| op.route.len());
    for op in lists {
        runner.case(op, &[], &Variant::Valid, Expect::Answer, "valid").await;
    }
    runner.chains(&selected).await;
    let mut rest: Vec<&Operation> = selected.iter().copied().filter(|op| !runner.exercised.contains(&op.id)).collect();
    // Reads before writes, shallow paths before deep ones.
    rest.sort_by_key(|op| (op.method != http::Method::GET, op.route.matches('{').count()));
    for op in rest {
        if op.method == http::Method::DELETE {
            runner.skip(op, "valid", "a DELETE runs only on what the run created (in a chain)");
            continue;
        }
        runner.case(op, &[], &Variant::Valid, Expect::Answer, "valid").await;
    }
    for op in &selected {
        for variant in runner.builder.negatives(op) {
            runner.case(op, &[], &variant, Expect::ClientError, &variant.name()).await;
        }
    }
    Ok(runner.report)
}

impl Runner<'_> {
    /// Create, read, list, delete and read again, for each collection the paths declare.
    async fn chains(&mut self, selected: &[&Operation]) {
        let bindings = bind(self.spec);
        let chosen = |id: &str| selected.iter().any(|op| op.id == id);
        let mut creates: Vec<(&Operation, String)> = self
            .spec
            .operations
            .iter()
            .filter_map(|op| {
                let b = bindings.get(&op.id)?;
                (b.role == Role::Create && chosen(&op.id)).then(|| (op, b.collection.clone()))
            })
            .collect();
        creates.sort_by_key(|(op, _)| op.route.matches('{').count());
        for (create, collection) in creates {
            let with_role = |role: Role| {
                self.spec.operations.iter().find(|op| {
                    bindings
                        .get(&op.id)
                        .is_some_and(|b| b.role == role && b.collection == collection && b.scope.is_none())
                })
            };
            let (read, list, delete) = (with_role(Role::Read), with_role(Role::List), with_role(Role::Delete));
            let Some(created) = self.case(create, &[], &Variant::Valid, Expect::Created, "chain: create").await else {
                continue;
            };
            let Some(id) = id_of(&created) else {
                self.note_failure("the created resource carries no id, so the chain stops");
                continue;
            };
            self.builder.remember(&collection, id.clone());
            let id_param = read.or(delete).and_then(|op| bindings.get(&op.id)).and_then(|b| b.id_param.clone());
            let fixed: Vec<(String, String)> = id_param.into_iter().map(|p| (p, id.clone())).collect();
            if let Some(read) = read {
                self.case(read, &fixed, &Variant::Valid, Expect::Success, "chain: read what was created").await;
            }
            if let Some(list) = list {
                self.case(list, &[], &Variant::Valid, Expect::Success, "chain: list").await;
            }
            if let Some(delete) = delete {
                self.case(delete, &fixed, &Variant::Valid, Expect::Success, "chain: delete what was created").await;
                self.builder.forget(&collection, &id);
                if let Some(read) = read {
                    self.case(read, &fixed, &Variant::Valid, Expect::Gone, "chain: read what was deleted").await;
                }
            }
        }
    }

    fn full(&self) -> bool {
        self.report.results.len() >= self.max_cases
    }

    fn skip(&mut self, op: &Operation, case: &str, why: &str) {
        if self.full() {
            return;
        }
        self.report.results.push(CaseResult {
            operation_id: op.id.clone(),
            case: case.into(),
            request: format!("{} {}", op.method, op.route),
            status: None,
            violations: Vec::new(),
            known: Vec::new(),
            outcome: Outcome::Skipped(why.into()),
            millis: 0,
        });
    }

    /// Adds a line to the last case's failure.
    fn note_failure(&mut self, line: &str) {
        if let Some(last) = self.report.results.last_mut() {
            match &mut last.outcome {
                Outcome::Failed(lines) => lines.push(line.into()),
                other => *other = Outcome::Failed(vec![line.into()]),
            }
        }
    }

    /// Plays one case; the answer's JSON body, when it was a success with one.
    async fn case(
        &mut self,
        op: &Operation,
        fixed: &[(String, String)],
        variant: &Variant,
        expect: Expect,
        name: &str,
    ) -> Option<Value> {
        if self.full() {
            return None;
        }
        self.exercised.insert(op.id.clone());
        let Some(prepared) = self.builder.request(op, fixed, variant) else {
            if *variant == Variant::Valid {
                self.skip(op, name, "the request body's media type is not JSON; the runner sends JSON only");
            }
            return None;
        };
        let started = Instant::now();
        let Prepared { method, path_and_query, headers, body } = prepared.clone();
        let forwarded = self.upstream.forward(&method, &path_and_query, &headers, body).await;
        let millis = started.elapsed().as_millis() as u64;
        let mut result = CaseResult {
            operation_id: op.id.clone(),
            case: name.into(),
            request: prepared.line(),
            status: None,
            violations: Vec::new(),
            known: Vec::new(),
            outcome: Outcome::Passed,
            millis,
        };
        let forwarded = match forwarded {
            Ok(forwarded) => forwarded,
            Err(failure) => {
                result.outcome = Outcome::Failed(vec![format!("no answer: {failure}")]);
                self.report.results.push(result);
                return None;
            }
        };
        let reply = forwarded.reply;
        let status = reply.status.as_u16();
        result.status = Some(status);
        let found = response::validate(op, &reply, method == http::Method::HEAD, None, &self.verdicts);
        for v in found {
            match op.known_departures.iter().find(|d| d.covers(v.status, &v.pointer)) {
                Some(known) => result.known.push((v, known.note.clone())),
                None => result.violations.push(v),
            }
        }
        let mut lines: Vec<String> = result
            .violations
            .iter()
            .map(|v| match v.pointer.as_str() {
                "" => format!("{} (schema {})", v.message, v.schema_pointer),
                pointer => format!("at {pointer}: {} (schema {})", v.message, v.schema_pointer),
            })
            .collect();
        let unmet = match expect {
            Expect::Answer if status >= 500 => Some("a server error"),
            Expect::Created if (400..500).contains(&status) && lines.is_empty() => {
                result.outcome = Outcome::Skipped(format!(
                    "the create was refused with {status}, so the chain stops (a generated body is not one this \
                     server takes; a request example in the contract would be)"
                ));
                None
            }
            Expect::Success | Expect::Created if !(200..300).contains(&status) => Some("expected a success"),
            Expect::ClientError if (200..300).contains(&status) => {
                Some("expected a 4xx: the server accepted a request its contract refuses")
            }
            Expect::ClientError if !(400..500).contains(&status) => Some("expected a 4xx"),
            Expect::Gone if status != 404 && status != 410 => Some("expected 404 or 410 for what was deleted"),
            _ => None,
        };
        if let Some(unmet) = unmet {
            lines.push(format!("{unmet}, got {status}"));
        }
        if !lines.is_empty() {
            result.outcome = Outcome::Failed(lines);
        }
        let value = match &reply.body {
            Body::Bytes { bytes, .. } if (200..300).contains(&status) => serde_json::from_slice::<Value>(bytes).ok(),
            Body::Json { value, .. } if (200..300).contains(&status) => Some(value.clone()),
            _ => None,
        };
        if let Some(value) = &value
            && op.method == http::Method::GET
        {
            self.builder.harvest(&op.route, value);
        }
        self.report.results.push(result);
        value
    }
}

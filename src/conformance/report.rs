//! What a run found: one result per case, a printed summary, and JUnit XML for CI (one
//! `<testsuite>` for the API, one `<testcase>` per case, classname = operationId).

use std::fmt::Write as _;

use crate::contract::Violation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// Violations and unmet expectations, one line each.
    Failed(Vec<String>),
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct CaseResult {
    pub operation_id: String,
    /// `valid`, `example`, `chain create`, `missing body member name`, …
    pub case: String,
    /// `METHOD /path?query`.
    pub request: String,
    pub status: Option<u16>,
    /// Violations the contract does not expect (each fails the case).
    pub violations: Vec<Violation>,
    /// Violations the operation lists as known departures of the real service
    /// (`x-secmock.upstream_departures`), with their note; they do not fail the case.
    pub known: Vec<(Violation, String)>,
    pub outcome: Outcome,
    pub millis: u64,
}

#[derive(Debug, Default)]
pub struct Report {
    pub api: String,
    pub target: String,
    pub seed: u64,
    pub results: Vec<CaseResult>,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|r| matches!(r.outcome, Outcome::Failed(_))).count()
    }

    pub fn skipped(&self) -> usize {
        self.results.iter().filter(|r| matches!(r.outcome, Outcome::Skipped(_))).count()
    }

    /// Every violation found, with the case it came from.
    pub fn violations(&self) -> impl Iterator<Item = (&CaseResult, &Violation)> {
        self.results.iter().flat_map(|r| r.violations.iter().map(move |v| (r, v)))
    }

    /// The summary printed at the end of a run.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for r in &self.results {
            let status = r.status.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
            for (v, note) in &r.known {
                let _ = writeln!(out, "known {} [{}] {} → {status}: {v} — {note}", r.operation_id, r.case, r.request);
            }
            match &r.outcome {
                Outcome::Passed => {
                    let _ = writeln!(out, "ok    {} [{}] {} → {status}", r.operation_id, r.case, r.request);
                }
                Outcome::Skipped(why) => {
                    let _ = writeln!(out, "skip  {} [{}]: {why}", r.operation_id, r.case);
                }
                Outcome::Failed(lines) => {
                    let _ = writeln!(out, "FAIL  {} [{}] {} → {status}", r.operation_id, r.case, r.request);
                    for line in lines {
                        let _ = writeln!(out, "        {line}");
                    }
                }
            }
        }
        let total = self.results.len();
        let _ = writeln!(
            out,
            "\n{}: {total} cases against {} (seed {}): {} passed, {} failed, {} skipped; {} violations, {} known departures",
            self.api,
            self.target,
            self.seed,
            total - self.failed() - self.skipped(),
            self.failed(),
            self.skipped(),
            self.violations().count(),
            self.results.iter().map(|r| r.known.len()).sum::<usize>()
        );
        out
    }

    /// JUnit XML, as CI systems read it.
    pub fn junit(&self) -> String {
        let time = |ms: u64| format!("{:.3}", ms as f64 / 1000.0);
        let total_ms: u64 = self.results.iter().map(|r| r.millis).sum();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"secmock contract tests\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{}\">",
            self.results.len(),
            self.failed(),
            self.skipped(),
            time(total_ms)
        );
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{}\">",
            xml(&self.api),
            self.results.len(),
            self.failed(),
            self.skipped(),
            time(total_ms)
        );
        let _ = writeln!(
            out,
            "    <properties><property name=\"target\" value=\"{}\"/><property name=\"seed\" value=\"{}\"/></properties>",
            xml(&self.target),
            self.seed
        );
        for r in &self.results {
            let name = format!("{} {}", r.case, r.request);
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"",
                xml(&r.operation_id),
                xml(&name),
                time(r.millis)
            );
            match &r.outcome {
                Outcome::Passed => out.push_str("/>\n"),
                Outcome::Skipped(why) => {
                    let _ = writeln!(out, ">\n      <skipped message=\"{}\"/>\n    </testcase>", xml(why));
                }
                Outcome::Failed(lines) => {
                    let first = lines.first().cloned().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"contract\">{}</failure>\n    </testcase>",
                        xml(&first),
                        xml(&lines.join("\n"))
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }
}

/// Text as XML character data or an attribute value.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

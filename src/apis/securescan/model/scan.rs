//! A scan and its plan on the virtual clock. When a scan is created everything it will
//! do is decided: when it starts, which scanners are skipped (not installed), how long
//! each of the others runs and whether it fails, and whether the scan itself fails.
//! The scan's status and its results are written when the clock passes those instants
//! (by `catch_up`), its event log is read from the plan (`events`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::findings::{self, Draft};
use super::scanners::{self, ScannerSpec};
use super::targets::Target;
use super::time::after;
use super::{ScanStatus, ScanType};

/// The pause between a scan being created and its background task starting it.
pub(crate) const START_DELAY_MS: u64 = 250;
/// Deduplication, tagging and saving after the last scanner.
pub(crate) const SETTLE_MS: u64 = 120;
/// What a cancelled scan's `error` says.
pub(crate) const CANCELLED_BY_USER: &str = "Scan cancelled by user";

/// A scanner not run, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Skip {
    pub(crate) name: String,
    pub(crate) reason: String,
    pub(crate) install_hint: Option<String>,
}

/// One scanner's part in a scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Step {
    Skipped(Skip),
    Runs {
        scanner: String,
        finishes_at: Timestamp,
        /// Findings it reports (before deduplication).
        findings: u32,
        /// The error it fails with, if the scenario makes it fail.
        error: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub(crate) starts_at: Timestamp,
    pub(crate) steps: Vec<Step>,
    pub(crate) ends_at: Timestamp,
    /// The error the whole scan fails with, if the scenario makes it fail.
    pub(crate) error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Scan {
    pub(crate) id: String,
    pub(crate) target_path: String,
    pub(crate) scan_types: Vec<ScanType>,
    pub(crate) target_url: Option<String>,
    pub(crate) target_host: Option<String>,
    pub(crate) created_at: Timestamp,
    pub(crate) plan: Plan,
    pub(crate) status: ScanStatus,
    pub(crate) started_at: Option<Timestamp>,
    pub(crate) completed_at: Option<Timestamp>,
    pub(crate) findings_count: u64,
    pub(crate) risk_score: Option<f64>,
    pub(crate) error: Option<String>,
    pub(crate) scanners_run: Vec<String>,
    pub(crate) scanners_skipped: Vec<Skip>,
    /// When it was cancelled (the event log stops there).
    pub(crate) cancelled_at: Option<Timestamp>,
    /// The target as it was when the scan was made (what its findings are drawn from).
    pub(crate) target: Target,
}

/// What a new scan is asked to do.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) target_path: String,
    pub(crate) scan_types: Vec<ScanType>,
    pub(crate) target_url: Option<String>,
    pub(crate) target_host: Option<String>,
}

/// Whether a scanner is available: built in, or installed according to the scenario.
pub(crate) fn available(spec: &ScannerSpec, installed: &[String]) -> bool {
    spec.builtin || installed.iter().any(|i| i == spec.name)
}

/// The drafts the scanners that run on `target` report, deduplicated, in registry order.
pub(crate) fn drafts(types: &[ScanType], target: &Target, installed: &[String]) -> Vec<Draft> {
    let ran = scanners::for_types(types)
        .filter(|s| available(s, installed) && !target.scanner_errors.contains_key(s.name))
        .flat_map(|s| findings::draw(s, target))
        .collect();
    findings::dedup(ran)
}

impl Scan {
    /// A pending scan, planned from `created_at`.
    pub(crate) fn plan(
        id: String,
        request: Request,
        target: &Target,
        installed: &[String],
        created_at: Timestamp,
    ) -> Scan {
        let starts_at = after(created_at, START_DELAY_MS);
        let mut ends_at = starts_at;
        let steps: Vec<Step> = scanners::for_types(&request.scan_types)
            .map(|spec| {
                if !available(spec, installed) {
                    return Step::Skipped(Skip {
                        name: spec.name.to_string(),
                        reason: "not installed".to_string(),
                        install_hint: Some(spec.install_hint.to_string()),
                    });
                }
                let finishes_at = after(starts_at, spec.millis);
                ends_at = ends_at.max(finishes_at);
                Step::Runs {
                    scanner: spec.name.to_string(),
                    finishes_at,
                    findings: u32::try_from(findings::draw(spec, target).len()).unwrap_or(u32::MAX),
                    error: target.scanner_errors.get(spec.name).cloned(),
                }
            })
            .collect();
        Scan {
            id,
            target_path: request.target_path,
            scan_types: request.scan_types,
            target_url: request.target_url,
            target_host: request.target_host,
            created_at,
            plan: Plan { starts_at, steps, ends_at: after(ends_at, SETTLE_MS), error: target.scan_error.clone() },
            status: ScanStatus::Pending,
            started_at: None,
            completed_at: None,
            findings_count: 0,
            risk_score: None,
            error: None,
            scanners_run: Vec::new(),
            scanners_skipped: Vec::new(),
            cancelled_at: None,
            target: target.clone(),
        }
    }

    /// The scanners that ran to the end, by name.
    fn ran(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .plan
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Runs { scanner, error: None, .. } => Some(scanner.clone()),
                _ => None,
            })
            .collect();
        names.sort();
        names
    }

    fn skipped(&self) -> Vec<Skip> {
        let mut skips: Vec<Skip> = self
            .plan
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Skipped(skip) => Some(skip.clone()),
                Step::Runs { .. } => None,
            })
            .collect();
        skips.sort_by(|a, b| a.name.cmp(&b.name));
        skips
    }

    /// The instants something happens that webhooks and notifications react to: each
    /// failing scanner's end, and the scan's.
    pub(crate) fn wake_ups(&self) -> Vec<Timestamp> {
        let mut at: Vec<Timestamp> = self
            .plan
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Runs { finishes_at, error: Some(_), .. } => Some(*finishes_at),
                _ => None,
            })
            .collect();
        at.push(self.plan.ends_at);
        at
    }

    /// Moves a pending scan to running once its start is due; whether it did.
    pub(crate) fn start_if_due(&mut self, now: Timestamp) -> bool {
        if self.status != ScanStatus::Pending || now < self.plan.starts_at {
            return false;
        }
        self.status = ScanStatus::Running;
        self.started_at = Some(self.plan.starts_at);
        true
    }

    /// Whether a running scan's end is due.
    pub(crate) fn end_is_due(&self, now: Timestamp) -> bool {
        self.status == ScanStatus::Running && now >= self.plan.ends_at
    }

    /// Ends a running scan: completed with its findings' count and score, or failed with
    /// the scenario's error.
    pub(crate) fn finish(&mut self, findings_count: u64, risk_score: f64) {
        self.completed_at = Some(self.plan.ends_at);
        self.scanners_run = self.ran();
        self.scanners_skipped = self.skipped();
        match &self.plan.error {
            Some(error) => {
                self.status = ScanStatus::Failed;
                self.error = Some(error.clone());
            }
            None => {
                self.status = ScanStatus::Completed;
                self.findings_count = findings_count;
                self.risk_score = Some(risk_score);
            }
        }
    }

    /// Cancels a pending or running scan; a terminal one is refused with its status.
    pub(crate) fn cancel(&mut self, now: Timestamp) -> Result<(), ScanStatus> {
        if self.status.is_terminal() {
            return Err(self.status);
        }
        self.status = ScanStatus::Cancelled;
        self.error = Some(CANCELLED_BY_USER.to_string());
        self.completed_at = Some(now);
        self.cancelled_at = Some(now);
        Ok(())
    }
}

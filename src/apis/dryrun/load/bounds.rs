//! How big a DryRun section may make the world, checked before anything is built. Each
//! field's own bound is in the section's schema (`SectionBounds`), but a small section
//! multiplies: `generated_repositories` × branches × (`days` / `deepscan_every`) DeepScans,
//! each reporting every finding its branch still has. So the totals are projected from
//! the section first, each an upper bound of what loading (`history` included) would create:
//! repositories, scans, findings, and reports (a scan's reference to a finding: what the
//! scans' finding lists hold in memory).

use jiff::SignedDuration;
use serde_json::Value;

use super::scenario::{AccountSpec, Section, duration};
use super::scenario_history::History;
use crate::world::section::SectionBounds;

pub(crate) const MAX_REPOSITORIES: f64 = 10_000.0;
pub(crate) const MAX_SCANS: f64 = 1_000_000.0;
pub(crate) const MAX_FINDINGS: f64 = 1_000_000.0;
pub(crate) const MAX_REPORTS: f64 = 10_000_000.0;

/// Scans of one pull request at most (a first scan and up to three re-scans).
const SCANS_PER_PULL_REQUEST: f64 = 4.0;

static SCHEMA: SectionBounds = SectionBounds::of::<Section>();

#[derive(Default)]
struct Totals {
    repositories: f64,
    scans: f64,
    findings: f64,
    reports: f64,
}

impl Totals {
    fn within(&self, at: &str) -> Result<(), String> {
        for (what, n, max) in [
            ("repositories", self.repositories, MAX_REPOSITORIES),
            ("scans", self.scans, MAX_SCANS),
            ("findings", self.findings, MAX_FINDINGS),
            ("reports of findings by scans", self.reports, MAX_REPORTS),
        ] {
            if n > max {
                return Err(format!(
                    "{at}: the section would hold up to {n:.0} {what} by here (counting generated history at its \
                     largest); a section holds at most {max:.0}"
                ));
            }
        }
        Ok(())
    }
}

/// Checks `raw` (the section as written) against its schema's bounds and `section`'s
/// projected totals against the limits above.
pub(crate) fn check(raw: &Value, section: &Section) -> Result<(), String> {
    SCHEMA.check(raw)?;
    let mut totals = Totals::default();
    for (a, account) in section.accounts.iter().enumerate() {
        let at = format!("accounts[{a}]");
        totals.repositories += account.repositories.len() as f64 + account.generated_repositories as f64;
        totals.within(&format!("{at}.generated_repositories"))?;
        explicit(account, &at, &mut totals)?;
        if let Some(history) = &account.history {
            generated(account, history, &mut totals, &format!("{at}.history"))?;
            totals.within(&format!("{at}.history"))?;
        }
    }
    Ok(())
}

/// Scans and findings written out under the account's repositories.
fn explicit(account: &AccountSpec, at: &str, totals: &mut Totals) -> Result<(), String> {
    for (r, repo) in account.repositories.iter().enumerate() {
        for scan in &repo.pr_scans {
            let findings = scan.findings.len() as f64 + scan.generated_findings as f64;
            totals.scans += 1.0;
            totals.findings += findings;
            totals.reports += findings + scan.carry_over.len() as f64;
        }
        for scan in &repo.deepscans {
            let findings = (scan.findings.len() + scan.sca.len()) as f64
                + scan.generated_findings as f64
                + scan.generated_sca as f64;
            totals.scans += 1.0;
            totals.findings += findings;
            totals.reports += findings + scan.carry_over.len() as f64;
        }
        totals.within(&format!("{at}.repositories[{r}]"))?;
    }
    Ok(())
}

/// The account's generated history at its largest: every random count at its maximum.
fn generated(account: &AccountSpec, history: &History, totals: &mut Totals, at: &str) -> Result<(), String> {
    // `history` refuses a cadence outside an hour to a year; an hour bounds the count.
    let every = duration(&history.deepscan_every).unwrap_or(SignedDuration::from_hours(1));
    let every_hours = (every.as_secs_f64() / 3600.0).max(1.0);
    let per_branch = (f64::from(history.days) * 24.0 / every_hours).floor() + 2.0;
    let branches = account.generated_repositories as f64
        + account
            .repositories
            .iter()
            .filter(|r| r.enabled && r.history)
            .map(|r| 1.0 + r.branches.len() as f64)
            .sum::<f64>();
    if branches == 0.0 {
        return Ok(());
    }
    let pr_scans = history.pr_scans as f64;
    let per_pr_scan = 2.0 * history.findings_per_pr_scan + 1.0;
    let per_deepscan = 2.0 * history.new_per_deepscan + 1.0;
    let first = (history.code_findings + history.sca_findings) as f64;
    totals.scans += pr_scans + branches * per_branch;
    totals.findings += pr_scans * per_pr_scan + branches * (first + per_branch * per_deepscan);
    // A re-scan reports what the pull request still has; a DeepScan what its branch has.
    totals.reports += pr_scans * SCANS_PER_PULL_REQUEST * per_pr_scan
        + branches * (per_branch * first + per_branch * (per_branch + 1.0) / 2.0 * per_deepscan);
    totals.within(at)
}

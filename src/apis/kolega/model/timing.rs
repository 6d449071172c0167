//! How long things take, per scan type and for fixes, and how often they fail: the
//! profiles plans are drawn from. The defaults are sized so a demo on the real clock
//! shows every state within minutes (a deep AI scan is the slow one, as it is on the real
//! service) and a CI suite on the manual clock jumps through them with one `advance`; a
//! scenario may override any field (`load/timing.rs`).

use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

use super::ids::fingerprint;
use super::vocabulary::ScanType;

/// One scan type's profile, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct ScanTiming {
    pub(crate) queued: SignedDuration,
    pub(crate) creating: SignedDuration,
    /// One source repository's scan, before jitter.
    pub(crate) scanning: SignedDuration,
    pub(crate) assessing: SignedDuration,
    /// Each source scan lasts `scanning` × (1 ± jitter).
    pub(crate) jitter: f64,
    /// Chance that every source scan of a batch fails (the batch ends `failed`).
    pub(crate) failure_rate: f64,
    /// Chance that some but not all source scans fail (`partial_failure`; needs two or
    /// more sources).
    pub(crate) partial_failure_rate: f64,
    /// Chance that a scan reports a catalog issue of its source's pool that no finding
    /// has yet (known findings are reported while the code holds them).
    #[serde(default = "default_detect_rate")]
    pub(crate) detect_rate: f64,
    /// Mean time an issue stays in the code before its developers fix it outside Kolega
    /// (each finding's own time is drawn from its id); the next scan after that no
    /// longer reports it and resolves it (`resolved_auto`).
    #[serde(default = "default_finding_lifetime")]
    pub(crate) finding_lifetime: SignedDuration,
}

fn default_detect_rate() -> f64 {
    0.8
}

fn default_finding_lifetime() -> SignedDuration {
    SignedDuration::from_hours(5 * 24)
}

impl ScanTiming {
    /// How long the issue behind finding `id` stays in the code: exponential around
    /// `finding_lifetime`, drawn from the id so it never depends on request order.
    pub(crate) fn lifetime_of(&self, id: &str) -> SignedDuration {
        let u = (fingerprint(&[id.as_bytes(), b"lifetime"]) % 1_000_000) as f64 / 1_000_000.0;
        scaled(self.finding_lifetime, -(1.0 - u).ln())
    }
}

/// The fix agent's profile, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct FixTiming {
    /// Waiting for an agent (first run only; a refine starts at once).
    pub(crate) pending: SignedDuration,
    pub(crate) running: SignedDuration,
    pub(crate) jitter: f64,
    /// Mean time between agent steps.
    pub(crate) step_every: SignedDuration,
    pub(crate) failure_rate: f64,
    /// How the fix's pull request fares; older snapshots lack it and get the defaults.
    #[serde(default)]
    pub(crate) pull_requests: PullRequestTiming,
}

/// What happens to a fix's pull request once opened (`pull_request`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct PullRequestTiming {
    /// Chance that an opened pull request is merged.
    pub(crate) merge_rate: f64,
    /// Mean time from opening to merge (each drawn ± half of it).
    pub(crate) merge_after: SignedDuration,
    /// Chance that a merge lands through a developer's own pull request linked to the
    /// findings (`resolved_pr_linked`) rather than the fix's (`resolved_pr_merged`).
    pub(crate) link_rate: f64,
    /// Chance that opening the pull requests fails (`pr_creation_failed`).
    pub(crate) creation_failure_rate: f64,
    /// Chance that pushing a refined run to the pull request fails (`pr_update_failed`).
    pub(crate) update_failure_rate: f64,
}

impl Default for PullRequestTiming {
    fn default() -> Self {
        PullRequestTiming {
            merge_rate: 0.6,
            merge_after: SignedDuration::from_hours(20),
            link_rate: 0.15,
            creation_failure_rate: 0.0,
            update_failure_rate: 0.0,
        }
    }
}

/// Every profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Timing {
    pub(crate) scans: [ScanTiming; 4],
    pub(crate) fixes: FixTiming,
}

impl Default for Timing {
    fn default() -> Self {
        let scan = |queued, creating, scanning, assessing| ScanTiming {
            queued: SignedDuration::from_secs(queued),
            creating: SignedDuration::from_secs(creating),
            scanning: SignedDuration::from_secs(scanning),
            assessing: SignedDuration::from_secs(assessing),
            jitter: 0.2,
            failure_rate: 0.0,
            partial_failure_rate: 0.0,
            detect_rate: default_detect_rate(),
            finding_lifetime: default_finding_lifetime(),
        };
        Timing {
            // Indexed by `ScanType::rank()`: secrets, semgrep, deep AI, SBOM.
            scans: [scan(2, 3, 45, 5), scan(3, 4, 150, 20), scan(5, 5, 480, 90), scan(2, 3, 60, 10)],
            fixes: FixTiming {
                pending: SignedDuration::from_secs(4),
                running: SignedDuration::from_secs(180),
                jitter: 0.3,
                step_every: SignedDuration::from_secs(8),
                failure_rate: 0.0,
                pull_requests: PullRequestTiming::default(),
            },
        }
    }
}

impl Timing {
    pub(crate) fn scan(&self, scan_type: ScanType) -> &ScanTiming {
        &self.scans[scan_type.rank()]
    }
}

/// `base` × (1 ± jitter), with `u` uniform in [0, 1).
pub(crate) fn jittered(base: SignedDuration, jitter: f64, u: f64) -> SignedDuration {
    let factor = 1.0 + jitter * (2.0 * u - 1.0);
    scaled(base, factor.max(0.05))
}

/// `base` × `factor`, to the millisecond (timestamps then read like a real service's).
pub(crate) fn scaled(base: SignedDuration, factor: f64) -> SignedDuration {
    SignedDuration::from_millis((base.as_millis() as f64 * factor).round() as i64)
}

//! SecureScan's whole world, one value per scenario: its credentials, declared targets
//! and installed scanners, scans and their findings, triage, notifications and webhooks.
//! Lists keep creation order; lookups are by id (the lists are small enough that a scan
//! is cheaper than an index to keep in step).

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::findings::Finding;
use super::keys::Keys;
use super::notifications::Notification;
use super::sbom::Sbom;
use super::scan::Scan;
use super::targets::Target;
use super::triage::{Comment, State};
use super::webhooks::{Delivery, Webhook};
use crate::fragments::Stamped;

/// Sustained POST /scans rate per key (per minute) and its burst, SecureScan's defaults.
pub(crate) const RATE_PER_MIN: u32 = 60;

/// One key's token bucket for POST /scans.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Bucket {
    pub(crate) tokens: f64,
    pub(crate) at: Timestamp,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct SecureScanState {
    pub(crate) keys: Keys,
    pub(crate) targets: Vec<Target>,
    /// External scanners that are installed (built-in ones always are).
    pub(crate) installed: Vec<String>,
    pub(crate) scans: Vec<Scan>,
    /// Stamped as a whole too: any change to the collection (membership, order, an item)
    /// draws a new stamp, which keys the list's remembered page index.
    pub(crate) findings: Stamped<Vec<Stamped<Finding>>>,
    pub(crate) triage: BTreeMap<String, Stamped<State>>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) notifications: Vec<Notification>,
    pub(crate) webhooks: Vec<Webhook>,
    pub(crate) deliveries: Vec<Delivery>,
    pub(crate) sboms: Vec<Sbom>,
    /// The secret event tokens are signed with.
    pub(crate) token_secret: String,
    /// POST /scans buckets, by the key that posted.
    pub(crate) buckets: BTreeMap<String, Bucket>,
    /// How far catch-up has brought the world.
    pub(crate) caught_up_to: Option<Timestamp>,
}

impl SecureScanState {
    pub(crate) fn scan(&self, id: &str) -> Option<&Scan> {
        self.scans.iter().find(|s| s.id == id)
    }

    pub(crate) fn scan_mut(&mut self, id: &str) -> Option<&mut Scan> {
        self.scans.iter_mut().find(|s| s.id == id)
    }

    pub(crate) fn target(&self, path: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.path == path)
    }

    pub(crate) fn findings_of<'a>(&'a self, scan_id: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.placed_findings_of(scan_id).map(|(_, f)| &**f)
    }

    /// The same, each with its position in `findings` (what a remembered page index
    /// holds) and its version (what keys the fragment rendered of it).
    pub(crate) fn placed_findings_of<'a>(
        &'a self,
        scan_id: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Stamped<Finding>)> + 'a {
        self.findings.iter().enumerate().filter(move |(_, f)| f.scan_id == scan_id)
    }

    /// Deletes a scan and everything that belongs to it.
    pub(crate) fn delete_scan(&mut self, id: &str) {
        self.scans.retain(|s| s.id != id);
        self.findings.retain(|f| f.scan_id != id);
    }

    /// Takes one POST /scans token for `key` at `now`: `Ok(remaining)` or
    /// `Err(seconds until one is back)`. Capacity is the per-minute rate.
    pub(crate) fn take_scan_token(&mut self, key: &str, now: Timestamp) -> Result<u32, u64> {
        let capacity = f64::from(RATE_PER_MIN);
        let per_sec = capacity / 60.0;
        let bucket = self.buckets.entry(key.to_string()).or_insert(Bucket { tokens: capacity, at: now });
        let elapsed = now.duration_since(bucket.at).as_secs_f64().max(0.0);
        bucket.tokens = (bucket.tokens + elapsed * per_sec).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(bucket.tokens.floor() as u32)
        } else {
            Err((((1.0 - bucket.tokens) / per_sec).ceil() as u64).max(1))
        }
    }

    /// The unix second at which the caller's bucket holds a whole token again.
    pub(crate) fn bucket_reset(&self, key: &str, now: Timestamp) -> i64 {
        let per_sec = f64::from(RATE_PER_MIN) / 60.0;
        let missing = self.buckets.get(key).map_or(0.0, |b| (1.0 - b.tokens).max(0.0));
        now.as_second() + (missing / per_sec) as i64
    }

    /// Lines for the start-up banner.
    pub(crate) fn banner(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(env) = &self.keys.env_key {
            lines.push(format!("securescan env key (all scopes): {env}"));
        }
        for key in self.keys.issued.iter().filter(|k| k.is_active()) {
            let scopes: Vec<&str> = key.scopes.iter().map(|s| s.as_str()).collect();
            lines.push(format!("securescan key {} ({}): {}", key.name, scopes.join(","), key.key));
        }
        lines
    }
}

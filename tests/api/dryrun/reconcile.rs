//! The insights digest reconciles, on every day of every shipped scenario with a DryRun
//! section (issue 19, item 9):
//! - `open(d) = open(d − 1) + new(d) − resolved(d)`, by severity;
//! - `new(d)` is what `all_findings?all_results=true` lists as created that day, by
//!   severity and by type;
//! - `open(d)` is what `all_findings` lists (as in the latest scan) at the end of the day,
//!   less what is triaged to a closing category by then;
//! - a day's digest asked for that day at its last instant is the digest asked for it
//!   later (what happened at the current instant counts, and nothing changes afterwards).
//!
//! The clock is set to the last instant of each day in turn. On the 100,000-finding
//! scenario, listing the open findings of every day would take minutes, so there the
//! `open` agreement is left to the identity (checked on every day) and the smaller worlds.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use super::{admin, send};

const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];
const TYPES: [&str; 4] = ["pullrequest", "deepscan", "sca", "code_policy"];
const CLOSING: [&str; 3] = ["false_positive", "wont_fix", "accepted_risk"];

type Counts = [u64; 4];

fn counts(by_severity: &Value) -> Counts {
    SEVERITIES.map(|s| by_severity[s].as_u64().unwrap_or(u64::MAX))
}

fn position(names: &[&str], name: &Value) -> usize {
    names.iter().position(|n| name == n).unwrap_or_else(|| panic!("unexpected {name}"))
}

fn time(value: &Value) -> Timestamp {
    value.as_str().and_then(|t| t.parse().ok()).unwrap_or_else(|| panic!("not a timestamp: {value}"))
}

fn start_of(day: Date) -> Timestamp {
    day.to_zoned_datetime(TimeZone::UTC).expect("a day in range").timestamp()
}

/// A finding as `all_findings` lists it with `all_results=true`.
struct Listed {
    created: Timestamp,
    severity: usize,
    kind: usize,
}

struct World {
    server: MockServer,
    key: &'static str,
}

impl World {
    async fn start(scenario: &str, key: &'static str) -> World {
        let server =
            MockServer::builder().scenario(Some(scenario)).strict(true).start().await.expect("the scenario loads");
        let (status, _) = admin(&server, Method::PATCH, "/clock", Some(json!({"mode": "manual"}))).await;
        assert_eq!(status, 200);
        World { server, key }
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = send(&self.server, Method::GET, Some(self.key), path, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    async fn now(&self) -> Timestamp {
        let (_, clock) = admin(&self.server, Method::GET, "/clock", None).await;
        time(&clock["now"])
    }

    async fn set_clock(&self, to: Timestamp) {
        let (status, body) = admin(&self.server, Method::PATCH, "/clock", Some(json!({"now": to.to_string()}))).await;
        assert_eq!(status, 200, "{body}");
    }

    /// Every item of a paginated list (`query` without `page`/`per_page`).
    async fn all_pages(&self, query: &str) -> Vec<Value> {
        let mut items = Vec::new();
        for page in 1.. {
            let body = self.get(&format!("{query}&per_page=100&page={page}")).await;
            items.extend(body["data"].as_array().cloned().unwrap_or_default());
            if page >= body["pagination"]["total_pages"].as_u64().unwrap_or(0) {
                break;
            }
        }
        items
    }

    /// Every finding of the account ever reported, and (when `triage` says so) when each
    /// finding with a closing triage was triaged: it is closed from then.
    async fn findings(&self, account: &str, triage: bool) -> (Vec<Listed>, HashMap<String, Timestamp>) {
        let (mut listed, mut closed_by_triage) = (Vec::new(), HashMap::new());
        for f in self.all_pages(&format!("/accounts/{account}/all_findings?days=365&all_results=true")).await {
            let id = f["id"].as_str().unwrap_or_default();
            if triage && CLOSING.iter().any(|c| f["triage_category"] == *c) {
                let body = self.get(&format!("/accounts/{account}/findings/{id}/triage")).await;
                closed_by_triage.insert(id.to_string(), time(&body["data"]["updated_at"]));
            }
            listed.push(Listed {
                created: time(&f["created_at"]),
                severity: position(&SEVERITIES, &f["severity"]),
                kind: position(&TYPES, &f["finding_type"]),
            });
        }
        (listed, closed_by_triage)
    }
}

/// Checks every day of `scenario`'s accounts (the open findings listed each day when
/// `list_open`); how many account-days were checked.
async fn reconcile(scenario: &str, key: &'static str, list_open: bool) -> usize {
    let world = World::start(scenario, key).await;
    let now = world.now().await;
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    let accounts = world.get("/accounts").await;
    let mut checked = 0;
    for account in accounts["data"].as_array().into_iter().flatten() {
        let account = account["account_id"].as_str().expect("an id");
        let at = |day: Date| format!("{scenario}, account {account}, {day}");
        let insights = |day: Date| format!("/accounts/{account}/insights?date={day}");
        world.set_clock(now).await;
        let (listed, closed_by_triage) = world.findings(account, list_open).await;
        let first = listed.iter().map(|f| f.created.to_zoned_datetime(TimeZone::UTC).date()).min().unwrap_or(today);
        assert!(first >= today.checked_sub(364.days()).expect("in range"), "{scenario}: history beyond days=365");

        let mut day = first.yesterday().expect("in range");
        let before = world.get(&insights(day)).await;
        assert_eq!(before["data"]["findings"]["open"]["total"], 0, "{}: open before anything appeared", at(day));
        let mut open: Counts = [0; 4];
        let mut as_of_the_day: HashMap<Date, Value> = HashMap::new();
        while day < today {
            day = day.tomorrow().expect("in range");
            let end = start_of(day.tomorrow().expect("in range")) - SignedDuration::from_nanos(1);
            let last_instant = end.min(now);
            world.set_clock(last_instant).await;
            let digest = world.get(&insights(day)).await["data"]["findings"].clone();

            let (new, resolved) = (counts(&digest["new"]["by_severity"]), counts(&digest["resolved"]["by_severity"]));
            let reported = counts(&digest["open"]["by_severity"]);
            let expected: Counts = std::array::from_fn(|s| (open[s] + new[s]).wrapping_sub(resolved[s]));
            assert_eq!(reported, expected, "{}: open = open(d-1) + new - resolved, in {digest}", at(day));
            open = reported;

            let in_day = |f: &&Listed| f.created >= start_of(day) && f.created <= last_instant;
            let (mut listed_new, mut listed_types) = ([0u64; 4], [0u64; 4]);
            for f in listed.iter().filter(in_day) {
                listed_new[f.severity] += 1;
                listed_types[f.kind] += 1;
            }
            assert_eq!(new, listed_new, "{}: new agrees with all_findings", at(day));
            let types = TYPES.map(|t| digest["new"]["by_type"][t].as_u64().unwrap_or(u64::MAX));
            assert_eq!(types, listed_types, "{}: new by type agrees with all_findings", at(day));

            if list_open {
                let latest = world.all_pages(&format!("/accounts/{account}/all_findings?days=365")).await;
                let mut listed_open = [0u64; 4];
                for f in &latest {
                    let id = f["id"].as_str().unwrap_or_default();
                    if closed_by_triage.get(id).is_none_or(|&t| t > last_instant) {
                        listed_open[position(&SEVERITIES, &f["severity"])] += 1;
                    }
                }
                assert_eq!(open, listed_open, "{}: open agrees with all_findings", at(day));
            }
            as_of_the_day.insert(day, digest);
            checked += 1;
        }

        world.set_clock(now).await;
        for (day, digest) in &as_of_the_day {
            let later = world.get(&insights(*day)).await;
            assert_eq!(&later["data"]["findings"], digest, "{}: the digest asked later", at(*day));
        }
    }
    checked
}

#[tokio::test]
async fn insights_reconcile_on_every_day_of_the_ci_scenario() {
    let days = reconcile("dryrun-ci", "ci-all", true).await;
    assert!(days >= 40, "{days} account-days");
}

#[tokio::test]
async fn insights_reconcile_on_every_day_of_the_demo_scenarios() {
    for scenario in ["dryrun-demo", "default"] {
        let days = reconcile(scenario, "drs_demo_7f3c9a1e5b2d", true).await;
        assert!(days >= 180, "{scenario}: {days} account-days");
    }
}

#[tokio::test]
async fn insights_reconcile_on_every_day_of_the_100k_scenario() {
    let days = reconcile("dryrun-100k", "drs_load_test", false).await;
    assert!(days >= 90, "{days} account-days");
}

//! A repository's past findings, from the scenario: written out one by one (a catalog
//! check id fills in what the scenario leaves out), or generated in bulk with a severity
//! and status mix, spread over a window before the clock start.

use jiff::{SignedDuration, Timestamp};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::builder::Loader;
use super::section::{FindingInput, GeneratedInput};
use crate::apis::kolega::model::detect;
use crate::apis::kolega::model::finding::{CustomFinding, Finding, FindingContent};
use crate::apis::kolega::model::ids::{fingerprint, uuid_from};
use crate::apis::kolega::model::rules;
use crate::apis::kolega::model::{FindingStatus, ScanType, Severity};

/// A finding written out in the scenario, with its status and when that was set; with a catalog check id, what it leaves out
/// comes from the catalog rule.
pub(crate) fn written(
    l: &Loader,
    o: usize,
    repo_idx: u32,
    id: String,
    input: &FindingInput,
    at: &str,
) -> Result<(Finding, FindingStatus, Timestamp), String> {
    let repo = &l.state.orgs[o].repositories[repo_idx as usize];
    let rule_idx = rules::find(&input.check_id);
    let rule = rule_idx.and_then(rules::rule);
    let need = |field: &str| {
        format!("{at}.{field} is required for a check_id that is not in the catalog ({})", input.check_id)
    };
    let scan_type = input.scan_type.or(rule.map(rules::scan_type)).ok_or_else(|| need("scan_type"))?;
    let severity = input.severity.or(rule.map(rules::severity)).ok_or_else(|| need("severity"))?;
    let custom = input.file_path.is_some()
        || input.message.is_some()
        || input.title.is_some()
        || input.category.is_some()
        || input.cwe.is_some()
        || input.owasp.is_some()
        || input.references.is_some()
        || input.cvss_base_score.is_some()
        || input.cvss_vector.is_some();
    let content = match (rule_idx, rule, custom) {
        (Some(r), Some(_), false) => FindingContent::Catalog { rule: r, path: 0 },
        _ => {
            let (owner, pkg) = repo.owner_and_package();
            FindingContent::Custom(Box::new(CustomFinding {
                check_id: input.check_id.clone(),
                file_path: input
                    .file_path
                    .clone()
                    .or(rule.and_then(|r| r.paths.first()).map(|p| rules::expand(p, &owner, &pkg)))
                    .ok_or_else(|| need("file_path"))?,
                message: input
                    .message
                    .clone()
                    .or(rule.map(|r| r.message.to_string()))
                    .ok_or_else(|| need("message"))?,
                title: input.title.clone().or(rule.map(|r| r.title.to_string())),
                category: input
                    .category
                    .clone()
                    .or(rule.map(|r| r.category.to_string()))
                    .ok_or_else(|| need("category"))?,
                cwe: input.cwe.clone().or(rule.map(|r| r.cwe.clone())).unwrap_or_default(),
                owasp: input.owasp.clone().or(rule.map(|r| r.owasp.clone())).unwrap_or_default(),
                references: input.references.clone().or(rule.map(|r| r.references.clone())).unwrap_or_default(),
                cvss_base_score: input.cvss_base_score.or(rule.and_then(|r| r.cvss.as_ref().map(|c| c.score))),
                cvss_vector: input.cvss_vector.clone().or(rule.and_then(|r| r.cvss.as_ref().map(|c| c.vector.clone()))),
            }))
        }
    };
    let source = match &input.source {
        Some(name) => repo
            .sources
            .iter()
            .position(|s| &s.full_name == name)
            .ok_or_else(|| format!("{at}.source: {name} is not one of the repository's sources"))?,
        None => 0,
    };
    let first = l.ago(input.detected_ago.0, &format!("{at}.detected_ago"))?;
    let last = match input.last_detected_ago {
        Some(d) => l.ago(d.0, &format!("{at}.last_detected_ago"))?,
        None => first,
    };
    if last < first {
        return Err(format!("{at}.last_detected_ago: a finding cannot be last detected before it was first detected"));
    }
    let status = input.status.unwrap_or(FindingStatus::Open);
    let changed_at = match input.status_changed_ago {
        Some(d) => l.ago(d.0, &format!("{at}.status_changed_ago"))?,
        None => first + SignedDuration::from_secs(l.now.duration_since(first).as_secs() / 2),
    };
    let line = input.line.unwrap_or((fingerprint(&[id.as_bytes()]) % 60 + 4) as u32);
    // The same identity a scan would give it, so later scans re-detect it.
    let finding = Finding {
        fingerprint: detect::location(&repo.id, source as u16, &input.check_id, &content.file_path(repo)),
        id,
        repo: repo_idx,
        source: source as u16,
        scan_type,
        severity,
        status,
        content,
        line,
        scan_id: None,
        first_detected_at: first,
        last_detected_at: last,
        resolved_at: (status == FindingStatus::Resolved).then_some(changed_at),
        updated_at: if status == FindingStatus::Open { last } else { last.max(changed_at) },
        fixed_at: None,
    };
    Ok((finding, status, changed_at))
}

/// Bulk findings with the requested mixes, spread over the window before the start.
pub(crate) fn generate(
    l: &mut Loader,
    o: usize,
    repo_idx: u32,
    input: &GeneratedInput,
    at: &str,
) -> Result<(), String> {
    let severities: Vec<(Severity, u32)> = match &input.severity_mix {
        Some(mix) => mix.iter().map(|(s, w)| (*s, *w)).collect(),
        None => vec![(Severity::Critical, 1), (Severity::High, 4), (Severity::Medium, 8), (Severity::Low, 5)],
    };
    let statuses: Vec<(FindingStatus, u32)> = match &input.status_mix {
        Some(mix) => mix.iter().map(|(s, w)| (*s, *w)).collect(),
        None => vec![
            (FindingStatus::Open, 14),
            (FindingStatus::Resolved, 4),
            (FindingStatus::Ignored, 1),
            (FindingStatus::FalsePositive, 1),
        ],
    };
    let scan_types = input.scan_types.clone().unwrap_or_else(|| ScanType::ALL.to_vec());
    if scan_types.is_empty() || severities.iter().all(|(_, w)| *w == 0) || statuses.iter().all(|(_, w)| *w == 0) {
        return Err(format!("{at}: scan_types, severity_mix and status_mix must each allow something"));
    }
    let over = input.over.map_or(SignedDuration::from_hours(90 * 24), |d| d.0);
    l.ago(over, &format!("{at}.over"))?;
    let window = over.as_secs_f64();
    let repo = l.state.orgs[o].repositories[repo_idx as usize].clone();
    let mut rng = ChaCha8Rng::seed_from_u64(fingerprint(&[repo.id.as_bytes(), b"generated"]));
    let rules = rules::rules();
    let by_type: Vec<Vec<u16>> = ScanType::ALL.iter().map(|t| rules::candidates(*t, repo.stack)).collect();
    let now = l.now;
    for i in 0..input.count {
        let scan_type = scan_types[rng.random_range(0..scan_types.len())];
        let severity = weighted(&mut rng, &severities).unwrap_or(Severity::Medium);
        let status = weighted(&mut rng, &statuses).unwrap_or(FindingStatus::Open);
        let candidates = &by_type[scan_type.rank()];
        let same: Vec<u16> =
            candidates.iter().copied().filter(|r| rules::severity(&rules[*r as usize]) == severity).collect();
        let pool = if same.is_empty() { candidates } else { &same };
        let rule = pool[rng.random_range(0..pool.len())];
        let path = rng.random_range(0..rules[rule as usize].paths.len()) as u16;
        // Whole seconds, like the rest of the history.
        let secs = |f: f64| SignedDuration::from_secs(f as i64);
        let first = now - secs(window * rng.random::<f64>());
        let span = now.duration_since(first).as_secs_f64();
        let last = first + secs(span * rng.random::<f64>() * 0.5);
        let changed = last + secs(span * 0.5 * rng.random::<f64>());
        let seq = u64::from(i).to_le_bytes();
        let finding = Finding {
            id: uuid_from(&[repo.id.as_bytes(), b"generated", &seq]),
            repo: repo_idx,
            source: rng.random_range(0..repo.sources.len()) as u16,
            scan_type,
            severity,
            status,
            content: FindingContent::Catalog { rule, path },
            line: rng.random_range(8..600),
            fingerprint: fingerprint(&[repo.id.as_bytes(), b"generated", &seq]),
            scan_id: None,
            first_detected_at: first,
            last_detected_at: last,
            resolved_at: (status == FindingStatus::Resolved).then_some(changed),
            updated_at: if status == FindingStatus::Open { last } else { changed },
            fixed_at: None,
        };
        l.add_past_finding(o, finding, status, changed);
    }
    Ok(())
}

/// Picks from relative weights.
fn weighted<T: Copy>(rng: &mut ChaCha8Rng, choices: &[(T, u32)]) -> Option<T> {
    // Summed as u64: a mix of large u32 weights must not overflow.
    let total: u64 = choices.iter().map(|(_, w)| u64::from(*w)).sum();
    if total == 0 {
        return None;
    }
    // Drawn as u32 when the total fits, so seeded scenarios keep their data.
    let mut pick = match u32::try_from(total) {
        Ok(total) => u64::from(rng.random_range(0..total)),
        Err(_) => rng.random_range(0..total),
    };
    for (value, weight) in choices {
        let weight = u64::from(*weight);
        if pick < weight {
            return Some(*value);
        }
        pick -= weight;
    }
    None
}

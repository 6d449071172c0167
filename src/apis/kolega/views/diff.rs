//! The unified diff a completed fix shows: one `git diff` section per file its findings
//! are in, each hunk the finding's rule patch placed at the finding's line, plus a new
//! regression test once the fix has been refined. Deterministic per fix.

use std::collections::BTreeMap;

use crate::apis::kolega::model::finding::FindingContent;
use crate::apis::kolega::model::fix::Fix;
use crate::apis::kolega::model::ids::{hex, rng_for};
use crate::apis::kolega::model::rules::{self, Stack};
use crate::apis::kolega::model::state::Organization;

/// One change: where, and the lines around and in it.
struct Hunk {
    line: u32,
    function: String,
    before: Vec<String>,
    removed: Vec<String>,
    added: Vec<String>,
    after: Vec<String>,
}

fn owned(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

/// A hunk for a finding whose text came from the scenario: a guard at its line, in the
/// file's own language.
fn guard(path: &str, check_id: &str, line: u32) -> Hunk {
    let ext = path.rsplit('.').next().unwrap_or("");
    let (comment, call) = match ext {
        "py" => ("    #", "    ensure_trusted(value)"),
        "ts" | "js" => ("  //", "  ensureTrusted(value);"),
        "java" => ("        //", "        Guards.ensureTrusted(value);"),
        "go" => ("\t//", "\tif err := ensureTrusted(value); err != nil {\n\t\treturn err\n\t}"),
        _ => ("#", ""),
    };
    let mut added = vec![format!("{comment} {check_id}: reject untrusted input before it is used")];
    added.extend(call.lines().filter(|l| !l.is_empty()).map(str::to_string));
    Hunk { line, function: String::new(), before: Vec::new(), removed: Vec::new(), added, after: Vec::new() }
}

/// A hardening change for a fix driven by instructions alone.
fn hardening(stack: Stack) -> (String, Hunk) {
    let (path, before, removed, added, after): (&str, &[&str], &[&str], &[&str], &[&str]) = match stack {
        Stack::Python => (
            "config/settings/base.py",
            &["CSRF_COOKIE_HTTPONLY = True"],
            &["SESSION_COOKIE_SECURE = False"],
            &["SESSION_COOKIE_SECURE = True", "SECURE_HSTS_SECONDS = 31536000"],
            &[""],
        ),
        Stack::Node => (
            "src/app.ts",
            &["const app = express();"],
            &[],
            &["app.use(helmet());", "app.disable(\"x-powered-by\");"],
            &["app.use(express.json({ limit: \"1mb\" }));"],
        ),
        Stack::Java => (
            "src/main/resources/application.properties",
            &["server.port=8080"],
            &["server.servlet.session.cookie.secure=false"],
            &["server.servlet.session.cookie.secure=true"],
            &["server.servlet.session.cookie.http-only=true"],
        ),
        Stack::Go => (
            "cmd/server/main.go",
            &["\tsrv := &http.Server{", "\t\tAddr:    addr,"],
            &[],
            &["\t\tReadHeaderTimeout: 5 * time.Second,"],
            &["\t\tHandler: router,"],
        ),
    };
    let hunk = Hunk {
        line: 24,
        function: String::new(),
        before: owned(before),
        removed: owned(removed),
        added: owned(added),
        after: owned(after),
    };
    (path.to_string(), hunk)
}

fn file_section(out: &mut String, path: &str, mut hunks: Vec<Hunk>, seed: &str) {
    hunks.sort_by_key(|h| h.line);
    let mut rng = rng_for(&[seed.as_bytes(), path.as_bytes()]);
    out.push_str(&format!(
        "diff --git a/{path} b/{path}\nindex {}..{} 100644\n--- a/{path}\n+++ b/{path}\n",
        hex(&mut rng, 4).split_at(7).0,
        hex(&mut rng, 4).split_at(7).0
    ));
    let mut delta: i64 = 0;
    let mut next_free: u32 = 1;
    for h in hunks {
        let old_start = h.line.saturating_sub(h.before.len() as u32).max(next_free);
        let old_count = h.before.len() + h.removed.len() + h.after.len();
        let new_count = h.before.len() + h.added.len() + h.after.len();
        // A pure insertion names the line it follows on the old side.
        let new_start = old_start as i64 + delta + i64::from(old_count == 0);
        let function = if h.function.is_empty() { String::new() } else { format!(" {}", h.function) };
        out.push_str(&format!("@@ -{old_start},{old_count} +{new_start},{new_count} @@{function}\n"));
        for l in &h.before {
            out.push_str(&format!(" {l}\n"));
        }
        for l in &h.removed {
            out.push_str(&format!("-{l}\n"));
        }
        for l in &h.added {
            out.push_str(&format!("+{l}\n"));
        }
        for l in &h.after {
            out.push_str(&format!(" {l}\n"));
        }
        delta += new_count as i64 - old_count as i64;
        next_free = old_start + old_count as u32 + 1;
    }
}

/// The fix's diff after `completed_runs` completed agent runs.
pub(crate) fn render(org: &Organization, fix: &Fix, completed_runs: usize) -> String {
    let repo = &org.repositories[fix.repo as usize];
    let mut files: BTreeMap<String, Vec<Hunk>> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for idx in &fix.findings {
        let Some(finding) = org.findings.get(*idx as usize) else { continue };
        let path = finding.file_path(repo).into_owned();
        let rule = match &finding.content {
            FindingContent::Catalog { rule, .. } => rules::rule(*rule),
            FindingContent::Custom(c) => rules::find(&c.check_id).and_then(rules::rule),
        };
        if !seen.insert((path.clone(), finding.check_id().to_string())) {
            continue;
        }
        let hunk = match rule {
            Some(rule) => {
                let (before, after) = rule.context();
                Hunk {
                    line: finding.line,
                    function: rule.patch.function.clone(),
                    before: owned(&before),
                    removed: rule.patch.removed.clone(),
                    added: rule.patch.added.clone(),
                    after: owned(&after),
                }
            }
            None => guard(&path, finding.check_id(), finding.line),
        };
        files.entry(path).or_default().push(hunk);
    }
    if files.is_empty() {
        let (path, hunk) = hardening(repo.stack);
        files.insert(path, vec![hunk]);
    }
    let mut out = String::new();
    for (path, hunks) in files {
        file_section(&mut out, &path, hunks, &fix.id);
    }
    if completed_runs >= 2 {
        let (owner, pkg) = repo.owner_and_package();
        let regression = repo.stack.regression_test();
        let test = rules::expand(&regression.path, &owner, &pkg);
        let lines: Vec<&str> = regression.lines.lines().collect();
        let mut rng = rng_for(&[fix.id.as_bytes(), test.as_bytes()]);
        out.push_str(&format!(
            "diff --git a/{test} b/{test}\nnew file mode 100644\nindex 0000000..{}\n--- /dev/null\n+++ b/{test}\n@@ -0,0 +1,{} @@\n",
            hex(&mut rng, 4).split_at(7).0,
            lines.len()
        ));
        for l in lines {
            out.push_str(&format!("+{l}\n"));
        }
    }
    out
}

//! What repositories look like: names and languages, where code and manifests live, who
//! opens pull requests and what they are called.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::pick;
use crate::apis::dryrun::model::account::Language;
use crate::apis::dryrun::model::finding::Location;
use crate::catalog;

/// DryRun's language for a catalog repository's.
fn language(name: &str) -> Language {
    match name {
        "typescript" => Language::Typescript,
        "python" => Language::Python,
        "ruby" => Language::Ruby,
        "java" => Language::Java,
        _ => Language::Go,
    }
}

/// The language a repository named in the catalog is written in.
pub(crate) fn language_of(repo_name: &str) -> Option<Language> {
    catalog::repositories().iter().find(|r| r.name == repo_name).map(|r| language(&r.language))
}

/// For more repositories than the catalog names: domain × kind.
const DOMAINS: &[&str] = &[
    "orders",
    "refunds",
    "payouts",
    "kyc",
    "pricing",
    "catalog",
    "invoices",
    "disputes",
    "tax",
    "onboarding",
    "subscriptions",
    "wallet",
    "settlement",
    "rewards",
    "audit",
    "geo",
];
const KINDS: &[(&str, Language)] = &[
    ("api", Language::Go),
    ("service", Language::Java),
    ("worker", Language::Python),
    ("web", Language::Typescript),
    ("jobs", Language::Ruby),
    ("gateway", Language::Go),
];

/// The `n`th generated repository name (and its language), distinct for every `n`.
pub(crate) fn repository(n: usize) -> (String, Language) {
    let named = catalog::repositories();
    if let Some(repo) = named.get(n) {
        return (repo.name.clone(), language(&repo.language));
    }
    let m = n - named.len();
    let (kind, language) = KINDS[m % KINDS.len()];
    let domain = DOMAINS[(m / KINDS.len()) % DOMAINS.len()];
    let round = m / (KINDS.len() * DOMAINS.len());
    let name = if round == 0 { format!("{domain}-{kind}") } else { format!("{domain}-{kind}-{}", round + 1) };
    (name, language)
}

/// What code is about: resources in a web service.
pub(crate) const RESOURCES: &[&str] = &[
    "users",
    "orders",
    "invoices",
    "payments",
    "accounts",
    "sessions",
    "webhooks",
    "reports",
    "refunds",
    "customers",
    "subscriptions",
    "exports",
    "coupons",
    "carts",
    "payouts",
    "merchants",
];

fn singular(resource: &str) -> &str {
    resource.strip_suffix('s').unwrap_or(resource)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A source file of a repository in `language` about `resource`.
pub(crate) fn source_file(rng: &mut ChaCha8Rng, language: Language, resource: &str) -> String {
    let one = singular(resource);
    let cap = capitalised(one);
    let templates: &[&str] = match language {
        Language::Go => &[
            "internal/http/handlers/{res}.go",
            "internal/store/{one}_store.go",
            "internal/auth/middleware.go",
            "backend/main.go",
            "internal/{res}/service.go",
            "pkg/client/{res}.go",
        ],
        Language::Typescript => &[
            "src/routes/{res}.ts",
            "src/controllers/{one}Controller.ts",
            "src/components/{Cap}Form.tsx",
            "src/api/client.ts",
            "src/middleware/auth.ts",
            "src/services/{one}Service.ts",
        ],
        Language::Python => &[
            "app/api/{res}.py",
            "app/services/{one}_service.py",
            "app/models/{one}.py",
            "app/core/security.py",
            "app/db/queries.py",
            "app/workers/{res}_sync.py",
        ],
        Language::Ruby => &[
            "app/controllers/{res}_controller.rb",
            "app/models/{one}.rb",
            "app/services/{one}_sync.rb",
            "app/controllers/api/v1/{res}_controller.rb",
            "config/initializers/session_store.rb",
            "lib/tasks/{res}.rake",
        ],
        Language::Java => &[
            "src/main/java/com/acme/web/{Cap}Controller.java",
            "src/main/java/com/acme/service/{Cap}Service.java",
            "src/main/java/com/acme/repository/{Cap}Repository.java",
            "src/main/java/com/acme/config/SecurityConfig.java",
            "src/main/java/com/acme/integration/{Cap}Client.java",
        ],
    };
    pick(rng, templates).replace("{res}", resource).replace("{one}", one).replace("{Cap}", &cap)
}

/// A line range in a file: `len` lines from somewhere plausible.
pub(crate) fn line_range(rng: &mut ChaCha8Rng, max_len: u32) -> (u32, u32) {
    let start = rng.random_range(8..640);
    (start, start + rng.random_range(0..=max_len))
}

pub(crate) fn code_location(rng: &mut ChaCha8Rng, language: Language, resource: &str) -> Location {
    let (start, end) = line_range(rng, 24);
    Location { filename: source_file(rng, language, resource), line_start: Some(start), line_end: Some(end) }
}

/// The manifest (or lock file) that declares dependencies of `ecosystem`.
pub(crate) fn manifest(rng: &mut ChaCha8Rng, ecosystem: &str) -> &'static str {
    let files: &[&str] = match ecosystem {
        "npm" => &["package-lock.json", "package.json", "web/package-lock.json"],
        "pip" => &["requirements.txt", "poetry.lock", "tools/requirements.txt"],
        "go" => &["go.mod", "go.sum"],
        "gem" => &["Gemfile.lock"],
        "maven" => &["pom.xml", "services/core/pom.xml"],
        "nuget" => &["src/Api/Api.csproj"],
        "cargo" => &["Cargo.lock"],
        "composer" => &["composer.lock"],
        _ => &["dependencies.lock"],
    };
    files[rng.random_range(0..files.len())]
}

/// The ecosystem of a repository's own dependencies.
pub(crate) fn ecosystem(language: Language) -> &'static str {
    match language {
        Language::Go => "go",
        Language::Typescript => "npm",
        Language::Python => "pip",
        Language::Ruby => "gem",
        Language::Java => "maven",
    }
}

/// Provider logins of the people opening pull requests.
pub(crate) const AUTHORS: &[&str] = &[
    "jlee",
    "mgarcia",
    "akumar",
    "sofia-r",
    "tnguyen",
    "dpatel",
    "emma-w",
    "lchen",
    "kobrien",
    "rsantos",
    "hana-y",
    "mkowalski",
    "fbrooks",
    "ivan-p",
    "nadia-a",
    "dependabot[bot]",
];

/// Pull-request titles and their head-branch prefix; `{res}`, `{one}` and `{pkg}` are filled in.
const PR_TITLES: &[(&str, &str)] = &[
    ("Add admin endpoint to delete {res}", "feature"),
    ("Add CSV export for {res}", "feature"),
    ("Support bulk update of {res}", "feature"),
    ("Allow merchants to edit {res}", "feature"),
    ("Add webhook notifications for {res}", "feature"),
    ("Add search filters to the {one} list", "feature"),
    ("Cache {one} lookups in Redis", "perf"),
    ("Fix pagination in {res} endpoint", "fix"),
    ("Fix timezone handling in {one} reports", "fix"),
    ("Handle missing {one} gracefully", "fix"),
    ("Refactor {one} service into its own module", "refactor"),
    ("Migrate {res} queries to the new ORM", "refactor"),
    ("Add rate limiting to the {res} API", "feature"),
    ("Add SSO login via Okta", "feature"),
    ("Add file upload for {one} attachments", "feature"),
    ("Proxy {one} avatars through the image service", "feature"),
    ("Log {one} sync failures with request context", "chore"),
    ("Bump {pkg} to the latest minor", "deps"),
    ("Upgrade {pkg}", "deps"),
    ("Remove legacy {one} v1 endpoints", "chore"),
];

const PACKAGES: &[&str] =
    &["axios", "express", "lodash", "jsonwebtoken", "requests", "django", "rack", "nokogiri", "grpc", "jackson"];

/// A pull request's title and head branch about `resource`.
pub(crate) fn pull_request(rng: &mut ChaCha8Rng, resource: &str) -> (String, String) {
    let (template, prefix) = *pick(rng, PR_TITLES);
    let package = *pick(rng, PACKAGES);
    let title = template.replace("{res}", resource).replace("{one}", singular(resource)).replace("{pkg}", package);
    let slug: String = title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "to" | "a" | "of" | "in" | "for" | "into" | "its" | "own"))
        .take(4)
        .collect::<Vec<_>>()
        .join("-");
    (title, format!("{prefix}/{slug}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generated_repository_names_are_distinct() {
        let names: std::collections::HashSet<String> = (0..500).map(|n| repository(n).0).collect();
        assert_eq!(names.len(), 500);
    }

    #[test]
    fn paths_and_branches_read_naturally() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..50 {
            let path = source_file(&mut rng, Language::Java, "invoices");
            assert!(!path.contains('{'), "{path}");
            let (title, branch) = pull_request(&mut rng, "orders");
            assert!(!title.contains('{') && branch.contains('/') && !branch.ends_with('/'), "{title} {branch}");
        }
    }
}

//! DryRun's reading of what the catalog says repositories look like: names and languages,
//! where code and manifests live, who opens pull requests and what they are called.

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

/// The catalog's name for DryRun's language.
fn catalog_language(language: Language) -> &'static str {
    match language {
        Language::Go => "go",
        Language::Typescript => "typescript",
        Language::Python => "python",
        Language::Ruby => "ruby",
        Language::Java => "java",
    }
}

/// The `n`th generated repository name (and its language), distinct for every `n`: the
/// catalog's named repositories first, then its domain × kind names.
pub(crate) fn repository(n: usize) -> (String, Language) {
    let named = catalog::repositories();
    if let Some(repo) = named.get(n) {
        return (repo.name.clone(), language(&repo.language));
    }
    let generated = catalog::generated_repositories();
    let (kinds, domains) = (&generated.kinds, &generated.domains);
    let m = n - named.len();
    let kind = &kinds[m % kinds.len()];
    let domain = &domains[(m / kinds.len()) % domains.len()];
    let round = m / (kinds.len() * domains.len());
    let name =
        if round == 0 { format!("{domain}-{}", kind.name) } else { format!("{domain}-{}-{}", kind.name, round + 1) };
    (name, language(&kind.language))
}

/// What code is about: resources in a web service (`orders`, …).
pub(crate) fn resources() -> &'static [String] {
    &catalog::code().resources
}

fn singular(resource: &str) -> &str {
    resource.strip_suffix('s').unwrap_or(resource)
}

/// A source file of a repository in `language` about `resource`.
pub(crate) fn source_file(rng: &mut ChaCha8Rng, language: Language, resource: &str) -> String {
    let one = singular(resource);
    let templates = catalog::code().source_files(catalog_language(language));
    if templates.is_empty() {
        return format!("src/{resource}");
    }
    let template = pick(rng, templates);
    if template.contains("{Cap}") {
        catalog::substitute(template, &[("res", resource), ("one", one), ("Cap", &catalog::capitalise(one))])
    } else {
        catalog::substitute(template, &[("res", resource), ("one", one)])
    }
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
    let files = catalog::code().manifests(ecosystem);
    if files.is_empty() { "dependencies.lock" } else { &files[rng.random_range(0..files.len())] }
}

/// The ecosystem of a repository's own dependencies.
pub(crate) fn ecosystem(language: Language) -> &'static str {
    catalog::code().ecosystem(catalog_language(language)).unwrap_or("go")
}

/// Provider logins of the people opening pull requests; the last is the dependency bot.
pub(crate) fn authors() -> &'static [String] {
    catalog::people()
}

/// A pull request's title and head branch about `resource`.
pub(crate) fn pull_request(rng: &mut ChaCha8Rng, resource: &str) -> (String, String) {
    let pull_requests = catalog::pull_requests();
    let template = pick(rng, &pull_requests.titles);
    let package = pick(rng, &pull_requests.packages);
    let title =
        catalog::substitute(&template.title, &[("res", resource), ("one", singular(resource)), ("pkg", package)]);
    let branch = format!("{}/{}", template.branch, slug(&title));
    (title, branch)
}

/// A pull request's title and head branch as a scenario wrote them, the one not written
/// derived from the other, or `otherwise` when neither is.
pub(crate) fn fitting(title: Option<&str>, branch: Option<&str>, otherwise: (String, String)) -> (String, String) {
    match (title, branch) {
        (Some(title), Some(branch)) => (title.to_string(), branch.to_string()),
        (Some(title), None) => (title.to_string(), branch_for(title)),
        (None, Some(branch)) => (title_for(branch), branch.to_string()),
        (None, None) => otherwise,
    }
}

/// The head branch somebody would name a pull request called `title`: the prefix the
/// catalog gives titles that start with the same verb (`Fix …` → `fix/…`), else
/// `feature/`, and the title's first words.
pub(crate) fn branch_for(title: &str) -> String {
    let verb = title.split_whitespace().next().unwrap_or_default().to_lowercase();
    let prefix = catalog::pull_requests()
        .titles
        .iter()
        .find(|t| t.title.split_whitespace().next().is_some_and(|w| w.to_lowercase() == verb))
        .map_or("feature", |t| t.branch.as_str());
    match slug(title) {
        s if s.is_empty() => format!("{prefix}/change"),
        s => format!("{prefix}/{s}"),
    }
}

/// The title a pull request from `branch` would have: its last segment, in words
/// (`feature/admin-user-delete` → `Admin user delete`).
pub(crate) fn title_for(branch: &str) -> String {
    let name = branch.rsplit('/').next().unwrap_or(branch);
    let words: Vec<&str> = name.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    match catalog::capitalise(&words.join(" ")) {
        t if t.is_empty() => branch.to_string(),
        t => t,
    }
}

/// A title's first four significant words, lowercase, joined by dashes.
fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "to" | "a" | "of" | "in" | "for" | "into" | "its" | "own"))
        .take(4)
        .collect::<Vec<_>>()
        .join("-")
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
            assert!(fits(&branch, &title), "{branch} for '{title}'");
            assert_eq!(branch, branch_for(&title), "a written title gets the branch a generated one would");
        }
    }

    /// Every word of the branch's name is (part of) a word of the title.
    fn fits(branch: &str, title: &str) -> bool {
        let title = title.to_lowercase();
        let name = branch.rsplit('/').next().unwrap_or(branch);
        name.split('-').all(|w| title.contains(w))
    }

    #[test]
    fn written_titles_and_branches_get_a_partner_that_fits() {
        assert_eq!(branch_for("Log payment retries"), "chore/log-payment-retries");
        assert_eq!(branch_for("Bump stripe-go to v76"), "deps/bump-stripe-go-v76");
        assert_eq!(branch_for("Ship it"), "feature/ship-it");
        assert_eq!(branch_for("!!!"), "feature/change");
        assert_eq!(title_for("feature/admin-user-delete"), "Admin user delete");
        assert_eq!(title_for("hotfix_login"), "Hotfix login");
        assert!(fits(
            &branch_for("Proxy avatars through the image service"),
            "Proxy avatars through the image service"
        ));
    }
}

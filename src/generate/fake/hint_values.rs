//! Values of the kind a property name suggests (see [`Hint`]), drawn from the word tables
//! of the vocabulary and from `fake`.

use fake::Fake;
use rand::{Rng, RngExt};

use super::Generator;
use super::util::{alnum, hex, lower_alnum, pick, pick_str, slug};
use super::vocabulary::{self as vocab, Hint};

impl<'d> Generator<'d> {
    fn org<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        if rng.random_bool(0.85) {
            pick_str(rng, vocab::organizations()).to_owned()
        } else {
            let company: String = fake::faker::company::en::CompanyName().fake_with_rng(rng);
            slug(&company, '-')
        }
    }

    fn package<R: Rng + ?Sized>(&self, rng: &mut R) -> (&'static str, &'static str, &'static str) {
        pick(rng, vocab::vulnerable_packages()).copied().unwrap_or(("lodash", "npm", "4.17.20"))
    }

    /// A value of the kind a property name suggests.
    pub(super) fn hint_value<R: Rng + ?Sized>(&self, hint: Hint, rng: &mut R) -> String {
        match hint {
            Hint::Uuid => self.uuid(rng),
            Hint::RepoName => format!("{}/{}", self.org(rng), pick_str(rng, vocab::repository_names())),
            Hint::PersonName => fake::faker::name::en::Name().fake_with_rng(rng),
            Hint::Username => {
                let first: String = fake::faker::name::en::FirstName().fake_with_rng(rng);
                let last: String = fake::faker::name::en::LastName().fake_with_rng(rng);
                let initial: String = first.chars().take(1).collect();
                match rng.random_range(0..3) {
                    0 => slug(&format!("{first}{last}"), '-'),
                    1 => format!("{}{}", slug(&initial, '-'), slug(&last, '-')),
                    _ => format!("{}-{}", slug(&first, '-'), rng.random_range(1..99)),
                }
            }
            Hint::Organization => self.org(rng),
            Hint::Company => fake::faker::company::en::CompanyName().fake_with_rng(rng),
            Hint::ProjectName => pick_str(rng, vocab::PROJECTS).to_owned(),
            Hint::Email => {
                let first: String = fake::faker::name::en::FirstName().fake_with_rng(rng);
                let last: String = fake::faker::name::en::LastName().fake_with_rng(rng);
                format!("{}.{}@{}", slug(&first, '-'), slug(&last, '-'), pick_str(rng, vocab::DOMAINS))
            }
            Hint::Url => {
                let org = self.org(rng);
                let repo = pick_str(rng, vocab::repository_names());
                match rng.random_range(0..4) {
                    0 => format!("https://github.com/{org}/{repo}"),
                    1 => format!("https://github.com/{org}/{repo}/pull/{}", rng.random_range(1..2000)),
                    2 => format!(
                        "https://app.{}/{org}/{repo}/findings/{}",
                        pick_str(rng, vocab::DOMAINS),
                        lower_alnum(rng, 8)
                    ),
                    _ => format!(
                        "https://{}/{org}/{repo}/blob/main/{}",
                        pick_str(rng, vocab::URL_HOSTS),
                        self.hint_value(Hint::SourcePath, rng)
                    ),
                }
            }
            Hint::Hostname => format!("{}.{}", pick_str(rng, vocab::HOST_PREFIXES), pick_str(rng, vocab::DOMAINS)),
            Hint::Ip => format!(
                "{}.{}.{}.{}",
                pick(rng, &[10u8, 172, 192, 203, 198]).copied().unwrap_or(10),
                rng.random_range(0..=255u8),
                rng.random_range(0..=255u8),
                rng.random_range(1..=254u8)
            ),
            Hint::SourcePath => {
                let (dirs, files) = pick(rng, vocab::SOURCE_TREES).copied().unwrap_or((&["src"], &["main.go"]));
                format!("{}/{}", pick_str(rng, dirs), pick_str(rng, files))
            }
            Hint::VulnTitle => pick_str(rng, vocab::vuln_titles()).to_owned(),
            Hint::Sentence => pick_str(rng, vocab::sentences()).to_owned(),
            Hint::Snippet => pick_str(rng, vocab::snippets()).to_owned(),
            Hint::Sha1 => hex(rng, 40),
            Hint::Sha256 => hex(rng, 64),
            Hint::Cve => pick_str(rng, vocab::cves()).to_owned(),
            Hint::Ghsa => {
                const CHARS: &[u8] = b"23456789cfghjmpqrvwx";
                let mut part =
                    || -> String { (0..4).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect() };
                let (a, b, c) = (part(), part(), part());
                format!("GHSA-{a}-{b}-{c}")
            }
            Hint::Cwe => pick_str(rng, vocab::cwes()).to_owned(),
            Hint::Owasp => pick_str(rng, vocab::owasp()).to_owned(),
            Hint::CvssVector => pick_str(rng, vocab::cvss_vectors()).to_owned(),
            Hint::Semver => {
                format!("{}.{}.{}", rng.random_range(0..=5), rng.random_range(0..=20), rng.random_range(0..=15))
            }
            Hint::Branch => {
                if rng.random_bool(0.5) {
                    pick_str(rng, vocab::MAIN_BRANCHES).to_owned()
                } else {
                    format!("{}{}", pick_str(rng, vocab::BRANCH_PREFIXES), pick_str(rng, vocab::BRANCH_TOPICS))
                }
            }
            Hint::Package => self.package(rng).0.to_owned(),
            Hint::Purl => {
                let (name, ecosystem, version) = self.package(rng);
                format!("pkg:{ecosystem}/{name}@{version}")
            }
            Hint::Ecosystem => pick_str(rng, vocab::ECOSYSTEMS).to_owned(),
            Hint::Language => pick_str(rng, vocab::LANGUAGES).to_owned(),
            Hint::RuleId => pick_str(rng, vocab::rule_ids()).to_owned(),
            Hint::Severity => pick_str(rng, vocab::SEVERITIES).to_owned(),
            Hint::Category => pick_str(rng, vocab::categories()).to_owned(),
            Hint::Scanner => pick_str(rng, vocab::SCANNERS).to_owned(),
            Hint::License => pick_str(rng, vocab::LICENSES).to_owned(),
            Hint::Timestamp => self.timestamp(rng).to_string(),
            Hint::Token => format!("tok_{}", alnum(rng, 32)),
            Hint::MimeType => pick_str(rng, vocab::MIME_TYPES).to_owned(),
            Hint::Tag => pick_str(rng, vocab::TAGS).to_owned(),
            Hint::Label => pick_str(rng, vocab::LABELS).to_owned(),
            Hint::Glob => pick_str(rng, vocab::GLOBS).to_owned(),
            Hint::Currency => pick_str(rng, vocab::CURRENCIES).to_owned(),
            Hint::WebhookUrl => format!("{}{}", pick_str(rng, vocab::WEBHOOK_URLS), lower_alnum(rng, 12)),
            Hint::ProjectDescription => pick_str(rng, vocab::PROJECT_DESCRIPTIONS).to_owned(),
            Hint::InstallCommand => pick_str(rng, vocab::INSTALL_HINTS).to_owned(),
            Hint::Provider => pick_str(rng, vocab::PROVIDERS).to_owned(),
            Hint::MainBranch => pick_str(rng, vocab::MAIN_BRANCHES).to_owned(),
            Hint::Keyword => pick_str(rng, vocab::KEYWORDS).to_owned(),
        }
    }
}

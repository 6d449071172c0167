//! Word tables for realistic fake data, and the tables that map a property name to the kind
//! of value it usually holds:
//! - [`NAME_RULES`](name_rules::NAME_RULES) (via [`hint_for`], refined by the holding object
//!   with [`refine`]) for strings: the generator consults it only where the schema leaves the
//!   string free (no `enum`/`const`, a compatible or no `format`) and keeps a hinted value only
//!   if it satisfies every constraint of the schema (`minLength`, `maxLength`, `pattern`);
//! - [`NUMBER_RULES`](number_rules::NUMBER_RULES) for default integer/number ranges,
//!   intersected with the schema's bounds;
//! - [`TIME_RANKS`] and [`RANGE_PAIRS`] for fields of one object that read best in order.
//!
//! Hints are only hints: the schema always wins.

mod code;
mod field_order;
mod hint;
mod labels;
mod name_rules;
mod number_rules;
mod orgs;
mod security;

pub(crate) use crate::catalog::{organizations, repository_names};
pub(crate) use code::{
    BRANCH_PREFIXES, BRANCH_TOPICS, ECOSYSTEMS, GLOBS, LANGUAGES, LICENSES, MAIN_BRANCHES, PROVIDERS, SOURCE_TREES,
};
pub(crate) use field_order::{RANGE_PAIRS, TIME_RANKS};
pub(crate) use hint::{Hint, hint_for, refine};
pub(crate) use labels::{CURRENCIES, KEYWORDS, LABELS, MAP_KEYS, MIME_TYPES, TAGS};
pub(crate) use number_rules::number_range_for;
pub(crate) use orgs::{DOMAINS, HOST_PREFIXES, PROJECT_DESCRIPTIONS, PROJECTS, URL_HOSTS, WEBHOOK_URLS};
pub(crate) use security::{
    INSTALL_HINTS, SCANNERS, SEVERITIES, categories, cves, cvss_vectors, cwes, owasp, rule_ids, sentences, snippets,
    vuln_titles, vulnerable_packages,
};

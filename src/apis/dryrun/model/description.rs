//! A finding's description. A generated PR finding's is its weakness class's summary
//! filled with the resource and the finding's file: kept as the two references and
//! filled when a view shows it (`Finding::description`), rather than as ~200 bytes of
//! text per finding (with the PR scans' summaries, a fifth of `dryrun-100k`'s memory:
//! `benches/README.md`). A snapshot holds the filled text, so `GET /state` shows what
//! the API shows, and an imported description is plain text.

use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Description {
    Text(String),
    /// `catalog::fill(template, resource, the finding's primary file)`.
    Filled {
        template: &'static str,
        resource: &'static str,
    },
}

impl Default for Description {
    fn default() -> Description {
        Description::Text(String::new())
    }
}

impl From<String> for Description {
    fn from(text: String) -> Description {
        Description::Text(text)
    }
}

impl<'de> Deserialize<'de> for Description {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Description, D::Error> {
        String::deserialize(deserializer).map(Description::Text)
    }
}

//! A finding's description. A generated PR finding's is its weakness class's summary
//! filled with the resource and the finding's file: kept as the two references and
//! filled when a view shows it, rather than as ~200 bytes of text per finding (in
//! `dryrun-100k`, a fifth of the world's memory). A snapshot holds the filled text, so
//! `GET /state` shows what the API shows, and an imported description is plain text.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};

use super::finding::Finding;

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

impl Finding {
    /// The description as the API shows it.
    pub(crate) fn description(&self) -> Cow<'_, str> {
        match &self.description {
            Description::Text(text) => Cow::Borrowed(text),
            Description::Filled { template, resource } => {
                let (file, _, _) = self.primary_location();
                Cow::Owned(crate::catalog::fill(template, resource, file.unwrap_or_default()))
            }
        }
    }
}

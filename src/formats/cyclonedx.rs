//! CycloneDX 1.5 bills of materials: the subject, the tool that wrote it, and one
//! `library` component per package.

use serde::Serialize;

/// One package.
#[derive(Debug, Serialize)]
pub(crate) struct Component<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
    version: &'a str,
    purl: &'a str,
    #[serde(rename = "bom-ref")]
    bom_ref: &'a str,
}

impl<'a> Component<'a> {
    /// A library, referenced within the document by `bom_ref`.
    pub(crate) fn library(name: &'a str, version: &'a str, purl: &'a str, bom_ref: &'a str) -> Self {
        Component { kind: "library", name, version, purl, bom_ref }
    }
}

#[derive(Debug, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Debug, Serialize)]
struct Subject<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct Metadata<'a> {
    timestamp: String,
    tools: [Tool; 1],
    component: Subject<'a>,
}

/// A CycloneDX 1.5 document.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Bom<'a> {
    bom_format: &'static str,
    spec_version: &'static str,
    serial_number: String,
    version: u32,
    metadata: Metadata<'a>,
    components: Vec<Component<'a>>,
}

impl<'a> Bom<'a> {
    /// The bill of materials of the application `subject`, written by `tool` (name,
    /// version) at `timestamp` (in the writer's own format), identified by `serial` (a UUID).
    pub(crate) fn new(
        serial: &str,
        timestamp: String,
        tool: (&'static str, &'static str),
        subject: &'a str,
        components: Vec<Component<'a>>,
    ) -> Self {
        Bom {
            bom_format: "CycloneDX",
            spec_version: "1.5",
            serial_number: format!("urn:uuid:{serial}"),
            version: 1,
            metadata: Metadata {
                timestamp,
                tools: [Tool { name: tool.0, version: tool.1 }],
                component: Subject { kind: "application", name: subject },
            },
            components,
        }
    }
}

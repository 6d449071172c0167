//! The 14 scanners SecureScan 0.11.12 knows, in its registry's order (the order a scan
//! runs and reports them in): the scan type each serves, the install hint shown when it
//! is missing, whether it is built in (always available), how long it takes here, and
//! which part of the shared catalog it reports from. Which external ones are "installed"
//! is scenario data.

use super::ScanType;

/// What a scanner reports, in catalog terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reports {
    /// SAST rules for the target's stack.
    Code,
    /// SAST rules that hold in any stack (CI, infrastructure code).
    Infrastructure,
    /// Committed credentials.
    Secrets,
    /// Dependency advisories, in these ecosystems (empty: any).
    Dependencies(&'static [&'static str]),
    /// Nothing this mock can reproduce (live targets, licences).
    Nothing,
}

/// Which of a finding's optional fields a scanner fills (the others are `null`), and the
/// prefix its rule ids carry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fills {
    pub(crate) cwe: bool,
    pub(crate) lines: bool,
    pub(crate) line_end: bool,
    pub(crate) rule_prefix: &'static str,
}

/// SAST tools: CWE and both lines.
const SAST: Fills = Fills { cwe: true, lines: true, line_end: true, rule_prefix: "" };
/// The built-in pattern scanners: a start line, no CWE.
const BUILTIN: Fills = Fills { cwe: false, lines: true, line_end: false, rule_prefix: "secrets/" };
/// Trivy: the advisory's CWE, no lines.
const TRIVY: Fills = Fills { cwe: true, lines: false, line_end: false, rule_prefix: "" };
const SAFETY: Fills = Fills { cwe: false, lines: false, line_end: false, rule_prefix: "safety/" };
const NPM_AUDIT: Fills = Fills { cwe: false, lines: false, line_end: false, rule_prefix: "npm-audit/" };
const IAC: Fills = Fills { cwe: false, lines: true, line_end: true, rule_prefix: "" };

#[derive(Debug)]
pub(crate) struct ScannerSpec {
    pub(crate) name: &'static str,
    pub(crate) scan_type: ScanType,
    pub(crate) install_hint: &'static str,
    pub(crate) builtin: bool,
    /// How long a run takes on the virtual clock.
    pub(crate) millis: u64,
    pub(crate) reports: Reports,
    pub(crate) fills: Fills,
}

const fn spec(
    name: &'static str,
    scan_type: ScanType,
    install_hint: &'static str,
    builtin: bool,
    millis: u64,
    reports: Reports,
    fills: Fills,
) -> ScannerSpec {
    ScannerSpec { name, scan_type, install_hint, builtin, millis, reports, fills }
}

const ZAP_HINT: &str = "pip install python-owasp-zap-v2.4 then start the ZAP daemon: zap.sh -daemon -host 127.0.0.1 \
     -port 8090 -config api.key=<key>; set SECURESCAN_ZAP_ADDRESS=http://127.0.0.1:8090 and SECURESCAN_ZAP_API_KEY=<key> \
     in your environment (or ~/.config/securescan/.env)";

/// The registry, in SecureScan's order.
pub(crate) const REGISTRY: &[ScannerSpec] = &[
    spec("semgrep", ScanType::Code, "pip install semgrep", false, 9_400, Reports::Code, SAST),
    spec("bandit", ScanType::Code, "pip install bandit", false, 2_100, Reports::Code, SAST),
    spec(
        "trivy",
        ScanType::Dependency,
        "See https://trivy.dev/docs/latest/getting-started/installation/",
        false,
        6_800,
        Reports::Dependencies(&[]),
        TRIVY,
    ),
    spec("checkov", ScanType::Iac, "pip install checkov", false, 5_200, Reports::Infrastructure, IAC),
    spec(
        "baseline",
        ScanType::Baseline,
        "Built-in scanner — always available",
        true,
        1_300,
        Reports::Infrastructure,
        IAC,
    ),
    spec("secrets", ScanType::Code, "Built-in scanner, always available", true, 800, Reports::Secrets, BUILTIN),
    spec("safety", ScanType::Dependency, "pip install safety", false, 3_100, Reports::Dependencies(&["pypi"]), SAFETY),
    spec("licenses", ScanType::Dependency, "pip install pip-licenses", false, 1_700, Reports::Nothing, SAFETY),
    spec("dockerfile", ScanType::Iac, "Built-in scanner, always available", true, 400, Reports::Nothing, IAC),
    spec(
        "npm-audit",
        ScanType::Dependency,
        "Install Node.js from https://nodejs.org",
        false,
        2_600,
        Reports::Dependencies(&["npm"]),
        NPM_AUDIT,
    ),
    spec("git-hygiene", ScanType::Code, "Built-in scanner, always available", true, 600, Reports::Nothing, BUILTIN),
    spec(
        "builtin_dast",
        ScanType::Dast,
        "pip install httpx  # already bundled with SecureScan",
        true,
        1_500,
        Reports::Nothing,
        BUILTIN,
    ),
    spec("zap", ScanType::Dast, ZAP_HINT, false, 20_000, Reports::Nothing, BUILTIN),
    spec(
        "nmap",
        ScanType::Network,
        "Install nmap: https://nmap.org/download.html",
        false,
        8_000,
        Reports::Nothing,
        BUILTIN,
    ),
];

pub(crate) fn find(name: &str) -> Option<&'static ScannerSpec> {
    REGISTRY.iter().find(|s| s.name == name)
}

/// The scanners serving any of `types`, in registry order.
pub(crate) fn for_types(types: &[ScanType]) -> impl Iterator<Item = &'static ScannerSpec> + '_ {
    REGISTRY.iter().filter(|s| types.contains(&s.scan_type))
}

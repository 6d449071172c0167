//! Real advisories against real package versions, per ecosystem: what generated SCA
//! findings report. A few have no CVE, no CVSS or no fixed version, as real feeds do.

use crate::apis::dryrun::model::finding::Severity;

#[derive(Debug)]
pub(crate) struct Advisory {
    pub(crate) ecosystem: &'static str,
    pub(crate) package: &'static str,
    pub(crate) version: &'static str,
    pub(crate) cve: Option<&'static str>,
    pub(crate) summary: &'static str,
    pub(crate) description: &'static str,
    pub(crate) cvss: Option<(f64, &'static str)>,
    pub(crate) fixed: Option<&'static str>,
    /// Used when there is no CVSS score.
    pub(crate) severity: Severity,
}

impl Advisory {
    pub(crate) fn severity(&self) -> Severity {
        match self.cvss {
            Some((score, _)) if score >= 9.0 => Severity::Critical,
            Some((score, _)) if score >= 7.0 => Severity::High,
            Some((score, _)) if score >= 4.0 => Severity::Medium,
            Some(_) => Severity::Low,
            None => self.severity,
        }
    }

    pub(crate) fn title(&self) -> String {
        format!("{}: {}", self.package, self.summary)
    }

    pub(crate) fn remediation(&self) -> Option<String> {
        self.fixed.map(|v| format!("Upgrade {} to {v} or later.", self.package))
    }

    pub(crate) fn references(&self) -> Vec<String> {
        match self.cve {
            Some(cve) => {
                vec![format!("https://nvd.nist.gov/vuln/detail/{cve}"), format!("https://osv.dev/vulnerability/{cve}")]
            }
            None => {
                vec![format!("https://osv.dev/list?ecosystem={}&q={}", osv_ecosystem(self.ecosystem), self.package)]
            }
        }
    }
}

fn osv_ecosystem(ecosystem: &str) -> &str {
    match ecosystem {
        "pip" => "PyPI",
        "gem" => "RubyGems",
        "maven" => "Maven",
        "go" => "Go",
        other => other,
    }
}

const N: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const DOS: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";

macro_rules! adv {
    ($eco:expr, $pkg:expr, $ver:expr, $cve:expr, $sum:expr, $desc:expr, $cvss:expr, $fixed:expr) => {
        Advisory {
            ecosystem: $eco,
            package: $pkg,
            version: $ver,
            cve: $cve,
            summary: $sum,
            description: $desc,
            cvss: $cvss,
            fixed: $fixed,
            severity: Severity::Medium,
        }
    };
}

pub(crate) const ADVISORIES: &[Advisory] = &[
    adv!(
        "npm",
        "axios",
        "1.7.4",
        Some("CVE-2025-27152"),
        "SSRF and credential leakage via absolute URL",
        "axios before 1.8.2 sends requests to an absolute URL passed as the path even when a baseURL is set, which can leak credentials and enable SSRF.",
        Some((7.7, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")),
        Some("1.8.2")
    ),
    adv!(
        "npm",
        "lodash",
        "4.17.20",
        Some("CVE-2021-23337"),
        "command injection via template",
        "lodash before 4.17.21 is vulnerable to command injection via the template function.",
        Some((7.2, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H")),
        Some("4.17.21")
    ),
    adv!(
        "npm",
        "minimist",
        "1.2.5",
        Some("CVE-2021-44906"),
        "prototype pollution",
        "minimist before 1.2.6 allows prototype pollution through crafted arguments.",
        Some((9.8, N)),
        Some("1.2.6")
    ),
    adv!(
        "npm",
        "express",
        "4.18.2",
        Some("CVE-2024-29041"),
        "open redirect in malformed URLs",
        "express before 4.19.2 can redirect to an attacker-controlled site when given a malformed URL.",
        Some((6.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")),
        Some("4.19.2")
    ),
    adv!(
        "npm",
        "follow-redirects",
        "1.15.5",
        Some("CVE-2024-28849"),
        "Proxy-Authorization header kept across hosts",
        "follow-redirects before 1.15.6 keeps the Proxy-Authorization header when redirecting to another host.",
        Some((6.5, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N")),
        Some("1.15.6")
    ),
    adv!(
        "npm",
        "ws",
        "8.17.0",
        Some("CVE-2024-37890"),
        "denial of service with many HTTP headers",
        "A request with more headers than the server's limit crashes ws servers before 8.17.1.",
        Some((7.5, DOS)),
        Some("8.17.1")
    ),
    adv!(
        "npm",
        "braces",
        "3.0.2",
        Some("CVE-2024-4068"),
        "uncontrolled resource consumption",
        "braces before 3.0.3 fails to limit the number of characters it handles, which can exhaust memory.",
        Some((7.5, DOS)),
        Some("3.0.3")
    ),
    adv!(
        "npm",
        "next",
        "14.1.0",
        Some("CVE-2025-29927"),
        "authorization bypass in middleware",
        "Next.js middleware can be skipped with a crafted x-middleware-subrequest header, bypassing authorization checks made there.",
        Some((9.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N")),
        Some("14.2.25")
    ),
    adv!(
        "npm",
        "path-to-regexp",
        "0.1.7",
        Some("CVE-2024-45296"),
        "backtracking regular expressions (ReDoS)",
        "path-to-regexp before 0.1.10 outputs backtracking regular expressions for routes with two parameters in one segment.",
        Some((7.5, DOS)),
        Some("0.1.10")
    ),
    adv!(
        "npm",
        "cookie",
        "0.6.0",
        Some("CVE-2024-47764"),
        "out-of-bounds characters in cookie name, path and domain",
        "cookie before 0.7.0 accepts out-of-bounds characters in the cookie name, path and domain, which can alter other fields.",
        None,
        Some("0.7.0")
    ),
    adv!(
        "npm",
        "jsonwebtoken",
        "8.5.1",
        Some("CVE-2022-23540"),
        "insecure default algorithm in verify",
        "jsonwebtoken before 9.0.0 may accept unsigned tokens when no algorithm is passed to verify.",
        Some((6.4, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:H/A:N")),
        Some("9.0.0")
    ),
    adv!(
        "pip",
        "requests",
        "2.31.0",
        Some("CVE-2024-47081"),
        ".netrc credentials leak to third parties",
        "requests before 2.32.4 may leak .netrc credentials to third parties for specially crafted URLs.",
        None,
        None
    ),
    adv!(
        "pip",
        "requests",
        "2.31.0",
        Some("CVE-2024-35195"),
        "certificate verification disabled for the session",
        "A Session whose first request disables certificate verification keeps it disabled for later requests to the same host.",
        Some((5.6, "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N")),
        Some("2.32.0")
    ),
    adv!(
        "pip",
        "jinja2",
        "3.1.2",
        Some("CVE-2024-22195"),
        "HTML attribute injection with xmlattr",
        "The xmlattr filter in Jinja2 before 3.1.3 accepts keys with spaces, allowing attribute injection.",
        Some((5.4, "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N")),
        Some("3.1.3")
    ),
    adv!(
        "pip",
        "urllib3",
        "1.26.17",
        Some("CVE-2023-45803"),
        "request body not stripped after redirect",
        "urllib3 before 1.26.18 keeps the request body when a 303 redirect changes the method to GET.",
        Some((4.2, "CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:H/I:N/A:N")),
        Some("1.26.18")
    ),
    adv!(
        "pip",
        "django",
        "4.2.7",
        Some("CVE-2024-27351"),
        "ReDoS in Truncator.words",
        "django.utils.text.Truncator.words() with html=True is subject to a regular expression denial of service.",
        Some((7.5, DOS)),
        Some("4.2.11")
    ),
    adv!(
        "pip",
        "cryptography",
        "41.0.5",
        Some("CVE-2023-50782"),
        "Bleichenbacher timing oracle in RSA decryption",
        "A timing oracle in RSA PKCS#1 v1.5 decryption may allow recovery of TLS session plaintext.",
        Some((7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")),
        Some("42.0.0")
    ),
    adv!(
        "pip",
        "pyyaml",
        "5.3.1",
        Some("CVE-2020-14343"),
        "arbitrary code execution in full_load",
        "PyYAML before 5.4 can execute arbitrary code when processing untrusted YAML with full_load or FullLoader.",
        Some((9.8, N)),
        Some("5.4")
    ),
    adv!(
        "pip",
        "aiohttp",
        "3.9.1",
        Some("CVE-2024-23334"),
        "path traversal with follow_symlinks",
        "Static routes with follow_symlinks=True let callers read files outside the static root.",
        Some((7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")),
        Some("3.9.2")
    ),
    adv!(
        "pip",
        "gunicorn",
        "21.2.0",
        Some("CVE-2024-1135"),
        "HTTP request smuggling",
        "gunicorn before 22.0.0 does not validate Transfer-Encoding headers properly, allowing request smuggling.",
        Some((8.2, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N")),
        Some("22.0.0")
    ),
    adv!(
        "go",
        "golang.org/x/net",
        "v0.17.0",
        Some("CVE-2023-45288"),
        "HTTP/2 CONTINUATION flood",
        "An attacker can make an HTTP/2 endpoint read arbitrary amounts of header data by sending many CONTINUATION frames.",
        Some((7.5, DOS)),
        Some("v0.23.0")
    ),
    adv!(
        "go",
        "google.golang.org/grpc",
        "v1.56.2",
        Some("CVE-2023-44487"),
        "HTTP/2 rapid reset",
        "Rapid stream resets can exhaust server resources (HTTP/2 Rapid Reset).",
        Some((7.5, DOS)),
        Some("v1.56.3")
    ),
    adv!(
        "go",
        "golang.org/x/crypto",
        "v0.14.0",
        Some("CVE-2023-48795"),
        "SSH prefix truncation (Terrapin)",
        "The SSH transport allows a man-in-the-middle to truncate the handshake and downgrade extension negotiation.",
        Some((5.9, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N")),
        Some("v0.17.0")
    ),
    adv!(
        "go",
        "github.com/jackc/pgx/v5",
        "v5.5.3",
        Some("CVE-2024-27304"),
        "SQL injection via protocol message size overflow",
        "A single query or bind message over 4 GB can overflow and let an attacker inject protocol messages.",
        Some((9.8, N)),
        Some("v5.5.4")
    ),
    adv!(
        "go",
        "github.com/golang-jwt/jwt/v4",
        "v4.4.2",
        Some("CVE-2024-51744"),
        "bad documentation of error handling in ParseWithClaims",
        "Unclear error handling in ParseWithClaims can lead callers to accept invalid tokens.",
        Some((3.1, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N")),
        Some("v4.5.1")
    ),
    adv!(
        "go",
        "github.com/gin-gonic/gin",
        "v1.9.0",
        Some("CVE-2023-29401"),
        "filename not sanitized in Content-Disposition",
        "Context.FileAttachment does not escape the filename, allowing header manipulation.",
        Some((4.3, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N")),
        Some("v1.9.1")
    ),
    adv!(
        "gem",
        "rack",
        "2.2.6",
        Some("CVE-2023-27530"),
        "denial of service in multipart parsing",
        "Multipart request parsing in Rack can be made to take a long time with many parts.",
        Some((7.5, DOS)),
        Some("2.2.6.3")
    ),
    adv!(
        "gem",
        "nokogiri",
        "1.13.9",
        Some("CVE-2022-23476"),
        "unchecked return value from xmlTextReaderExpand",
        "Nokogiri before 1.13.10 can crash on malformed markup through the XML::Reader API.",
        Some((7.5, DOS)),
        Some("1.13.10")
    ),
    adv!(
        "gem",
        "rails-html-sanitizer",
        "1.4.3",
        Some("CVE-2022-32209"),
        "XSS with select and style allowed",
        "Allowing both select and style tags lets crafted markup through the sanitizer.",
        Some((6.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")),
        Some("1.4.4")
    ),
    adv!(
        "gem",
        "activesupport",
        "7.0.4",
        Some("CVE-2023-22796"),
        "ReDoS in underscore",
        "A crafted string passed to String#underscore can take a very long time.",
        Some((7.5, DOS)),
        Some("7.0.4.1")
    ),
    adv!(
        "gem",
        "puma",
        "6.4.1",
        Some("CVE-2024-21647"),
        "HTTP request smuggling with chunked bodies",
        "puma before 6.4.2 does not limit chunk extensions, allowing resource exhaustion.",
        Some((5.9, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H")),
        Some("6.4.2")
    ),
    adv!(
        "maven",
        "org.apache.logging.log4j:log4j-core",
        "2.14.1",
        Some("CVE-2021-44228"),
        "remote code execution via JNDI lookups (Log4Shell)",
        "JNDI features in configuration, log messages and parameters do not protect against attacker-controlled LDAP endpoints.",
        Some((10.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")),
        Some("2.17.1")
    ),
    adv!(
        "maven",
        "org.apache.commons:commons-text",
        "1.9",
        Some("CVE-2022-42889"),
        "variable interpolation RCE (Text4Shell)",
        "StringSubstitutor's default interpolators include script, dns and url lookups that can execute code.",
        Some((9.8, N)),
        Some("1.10.0")
    ),
    adv!(
        "maven",
        "org.yaml:snakeyaml",
        "1.30",
        Some("CVE-2022-1471"),
        "constructor deserialization RCE",
        "SnakeYAML's Constructor does not restrict types, so untrusted YAML can instantiate arbitrary classes.",
        Some((8.3, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:L")),
        Some("2.0")
    ),
    adv!(
        "maven",
        "com.fasterxml.jackson.core:jackson-databind",
        "2.13.2",
        Some("CVE-2022-42003"),
        "resource exhaustion with deep wrapper arrays",
        "Deeply nested arrays with UNWRAP_SINGLE_VALUE_ARRAYS enabled exhaust the stack.",
        Some((7.5, DOS)),
        Some("2.13.4.2")
    ),
    adv!(
        "maven",
        "org.springframework:spring-web",
        "5.3.20",
        Some("CVE-2024-22243"),
        "open redirect with UriComponentsBuilder",
        "URLs parsed with UriComponentsBuilder and checked against a host allow-list can still redirect elsewhere.",
        Some((8.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N")),
        Some("5.3.32")
    ),
    adv!(
        "maven",
        "ch.qos.logback:logback-core",
        "1.2.11",
        None,
        "serialization vulnerability in receiver components",
        "Logback's SocketServer and ServerSocketReceiver components deserialize untrusted data (GHSA advisory without a CVE in this feed).",
        None,
        None
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn for_ecosystem(ecosystem: &str) -> Vec<&'static Advisory> {
        ADVISORIES.iter().filter(|a| a.ecosystem == ecosystem).collect()
    }

    #[test]
    fn every_repository_ecosystem_has_advisories_of_several_severities() {
        for eco in ["npm", "pip", "go", "gem", "maven"] {
            let list = for_ecosystem(eco);
            assert!(list.len() >= 5, "{eco}");
            let severities: std::collections::HashSet<_> = list.iter().map(|a| a.severity()).collect();
            assert!(severities.len() >= 2, "{eco}");
        }
    }
}

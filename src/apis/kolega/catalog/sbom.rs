//! SBOM scan findings: dependencies with published advisories. Real CVE ids, affected
//! and fixed versions, CVSS v3.1 scores and vectors; the fix bumps the manifest line.

use super::{Advisory, Patch, Rule, Stack};
use crate::apis::kolega::model::{ScanType, Severity};

/// One advisory on one manifest line.
macro_rules! advisory {
    (
        $stack:ident, $manifest:literal, $cve:literal, $severity:ident, $score:literal, $vector:expr, $cwe:literal,
        $package:literal, $version:literal => $fixed:literal, $summary:literal,
        context: [$($before:literal),*] [$($after:literal),*],
        line: $removed:literal => $added:literal $(,)?
    ) => {
        Rule {
            check_id: $cve,
            scan_type: ScanType::Sbom,
            stack: Some(Stack::$stack),
            severity: Severity::$severity,
            title: concat!($summary, " in ", $package, " ", $version),
            message: concat!(
                $package, " ", $version, " is affected by ", $cve, ": ", $summary,
                ". Upgrade to ", $fixed, " or later."
            ),
            category: "vulnerable-dependency",
            cwe: &[$cwe],
            owasp: &["A06:2021 - Vulnerable and Outdated Components"],
            references: &[concat!("https://nvd.nist.gov/vuln/detail/", $cve), concat!("https://osv.dev/vulnerability/", $cve)],
            paths: &[$manifest],
            cvss: Some(($score, $vector)),
            patch: Patch { function: "", before: &[$($before),*], removed: &[$removed], added: &[$added], after: &[$($after),*] },
            advisory: Some(Advisory { package: $package, version: $version, fixed: $fixed, summary: $summary }),
        }
    };
}

const NET_HIGH: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
const NET_CRITICAL: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

pub(super) static RULES: &[Rule] = &[
    // Python: requirements.txt
    advisory!(Python, "requirements.txt", "CVE-2022-28346", Critical, 9.8, NET_CRITICAL, "CWE-89",
        "Django", "3.2.12" => "3.2.13", "SQL injection via QuerySet.annotate(), aggregate() and extra()",
        context: ["celery==5.2.7"] ["djangorestframework==3.13.1"], line: "Django==3.2.12" => "Django==3.2.13"),
    advisory!(Python, "requirements.txt", "CVE-2020-14343", Critical, 9.8, NET_CRITICAL, "CWE-20",
        "PyYAML", "5.3.1" => "5.4", "Arbitrary code execution through full_load and FullLoader",
        context: ["python-dateutil==2.8.2"] ["redis==4.3.4"], line: "PyYAML==5.3.1" => "PyYAML==5.4"),
    advisory!(Python, "requirements.txt", "CVE-2021-33503", High, 7.5, NET_HIGH, "CWE-400",
        "urllib3", "1.26.4" => "1.26.5", "Catastrophic backtracking in URL authority parsing",
        context: ["requests==2.31.0"] ["whitenoise==6.2.0"], line: "urllib3==1.26.4" => "urllib3==1.26.5"),
    advisory!(Python, "requirements.txt", "CVE-2023-32681", Medium, 6.1, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", "CWE-200",
        "requests", "2.25.1" => "2.31.0", "Proxy-Authorization header leaked to destination servers on redirect",
        context: ["redis==4.3.4"] ["sentry-sdk==1.14.0"], line: "requests==2.25.1" => "requests==2.31.0"),
    advisory!(Python, "requirements.txt", "CVE-2020-28493", Medium, 5.3, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", "CWE-1333",
        "Jinja2", "2.11.2" => "2.11.3", "Regular expression denial of service in the urlize filter",
        context: ["gunicorn==20.1.0"] ["MarkupSafe==2.0.1"], line: "Jinja2==2.11.2" => "Jinja2==2.11.3"),
    // Node: package.json
    advisory!(Node, "package.json", "CVE-2021-23337", High, 7.2, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", "CWE-94",
        "lodash", "4.17.20" => "4.17.21", "Command injection via template",
        context: ["    \"jsonwebtoken\": \"^9.0.0\","] ["    \"morgan\": \"^1.10.0\","],
        line: "    \"lodash\": \"4.17.20\"," => "    \"lodash\": \"4.17.21\","),
    advisory!(Node, "package.json", "CVE-2021-44906", Critical, 9.8, NET_CRITICAL, "CWE-1321",
        "minimist", "1.2.5" => "1.2.6", "Prototype pollution",
        context: ["    \"ioredis\": \"^5.3.2\","] ["    \"pg\": \"^8.11.0\","],
        line: "    \"minimist\": \"1.2.5\"," => "    \"minimist\": \"1.2.6\","),
    advisory!(Node, "package.json", "CVE-2020-28168", Medium, 5.9, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-918",
        "axios", "0.21.0" => "0.21.1", "Server-side request forgery via redirects to private addresses",
        context: ["  \"dependencies\": {"] ["    \"bcrypt\": \"^5.1.0\","],
        line: "    \"axios\": \"0.21.0\"," => "    \"axios\": \"0.21.1\","),
    advisory!(Node, "package.json", "CVE-2022-25883", High, 7.5, NET_HIGH, "CWE-1333",
        "semver", "5.7.1" => "5.7.2", "Regular expression denial of service in new Range",
        context: ["    \"pino\": \"^8.14.1\","] ["    \"zod\": \"^3.21.4\""],
        line: "    \"semver\": \"5.7.1\"," => "    \"semver\": \"5.7.2\","),
    advisory!(Node, "package.json", "CVE-2022-0155", Medium, 6.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N", "CWE-359",
        "follow-redirects", "1.14.6" => "1.14.7", "Exposure of private cookies on cross-host redirect",
        context: ["    \"express\": \"^4.18.2\","] ["    \"helmet\": \"^7.0.0\","],
        line: "    \"follow-redirects\": \"1.14.6\"," => "    \"follow-redirects\": \"1.14.7\","),
    // Java: pom.xml
    advisory!(Java, "pom.xml", "CVE-2021-44228", Critical, 10.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "CWE-917",
        "org.apache.logging.log4j:log4j-core", "2.14.1" => "2.17.1", "Remote code execution via JNDI lookups (Log4Shell)",
        context: ["            <groupId>org.apache.logging.log4j</groupId>", "            <artifactId>log4j-core</artifactId>"] ["        </dependency>"],
        line: "            <version>2.14.1</version>" => "            <version>2.17.1</version>"),
    advisory!(Java, "pom.xml", "CVE-2022-22965", Critical, 9.8, NET_CRITICAL, "CWE-94",
        "org.springframework:spring-beans", "5.3.17" => "5.3.18", "Remote code execution via data binding (Spring4Shell)",
        context: ["            <groupId>org.springframework</groupId>", "            <artifactId>spring-beans</artifactId>"] ["        </dependency>"],
        line: "            <version>5.3.17</version>" => "            <version>5.3.18</version>"),
    advisory!(Java, "pom.xml", "CVE-2020-36518", High, 7.5, NET_HIGH, "CWE-787",
        "com.fasterxml.jackson.core:jackson-databind", "2.12.6" => "2.12.6.1", "Denial of service via deeply nested JSON",
        context: ["            <groupId>com.fasterxml.jackson.core</groupId>", "            <artifactId>jackson-databind</artifactId>"] ["        </dependency>"],
        line: "            <version>2.12.6</version>" => "            <version>2.12.6.1</version>"),
    advisory!(Java, "pom.xml", "CVE-2022-1471", High, 8.3, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:L", "CWE-502",
        "org.yaml:snakeyaml", "1.33" => "2.0", "Remote code execution via unsafe Constructor deserialization",
        context: ["            <groupId>org.yaml</groupId>", "            <artifactId>snakeyaml</artifactId>"] ["        </dependency>"],
        line: "            <version>1.33</version>" => "            <version>2.0</version>"),
    advisory!(Java, "pom.xml", "CVE-2022-42889", Critical, 9.8, NET_CRITICAL, "CWE-94",
        "org.apache.commons:commons-text", "1.9" => "1.10.0", "Arbitrary code execution via string interpolation (Text4Shell)",
        context: ["            <groupId>org.apache.commons</groupId>", "            <artifactId>commons-text</artifactId>"] ["        </dependency>"],
        line: "            <version>1.9</version>" => "            <version>1.10.0</version>"),
    // Go: go.mod
    advisory!(Go, "go.mod", "CVE-2023-39325", High, 7.5, NET_HIGH, "CWE-770",
        "golang.org/x/net", "v0.7.0" => "v0.17.0", "HTTP/2 rapid reset can cause excessive work",
        context: ["\tgithub.com/redis/go-redis/v9 v9.0.5"] ["\tgolang.org/x/sync v0.3.0"],
        line: "\tgolang.org/x/net v0.7.0" => "\tgolang.org/x/net v0.17.0"),
    advisory!(Go, "go.mod", "CVE-2023-48795", Medium, 5.9, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N", "CWE-354",
        "golang.org/x/crypto", "v0.14.0" => "v0.17.0", "Prefix truncation attack on the SSH transport (Terrapin)",
        context: ["\tgithub.com/stretchr/testify v1.8.4"] ["\tgolang.org/x/net v0.17.0"],
        line: "\tgolang.org/x/crypto v0.14.0" => "\tgolang.org/x/crypto v0.17.0"),
    advisory!(Go, "go.mod", "CVE-2024-51744", Low, 3.1, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-755",
        "github.com/golang-jwt/jwt/v4", "v4.5.0" => "v4.5.1", "Bad documentation of error handling in ParseWithClaims can lead to accepting invalid tokens",
        context: ["\tgithub.com/go-chi/chi/v5 v5.0.10"] ["\tgithub.com/google/uuid v1.3.1"],
        line: "\tgithub.com/golang-jwt/jwt/v4 v4.5.0" => "\tgithub.com/golang-jwt/jwt/v4 v4.5.1"),
    advisory!(Go, "go.mod", "CVE-2023-44487", High, 7.5, NET_HIGH, "CWE-400",
        "google.golang.org/grpc", "v1.56.2" => "v1.56.3", "HTTP/2 rapid reset denial of service",
        context: ["\tgo.uber.org/zap v1.25.0"] ["\tgoogle.golang.org/protobuf v1.31.0"],
        line: "\tgoogle.golang.org/grpc v1.56.2" => "\tgoogle.golang.org/grpc v1.56.3"),
];

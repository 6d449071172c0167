//! Security vocabulary: finding titles and descriptions, vulnerable snippets, CWE, OWASP and
//! CVSS identifiers, rule ids, severities, categories, scanners and how to install them.

pub(crate) const INSTALL_HINTS: &[&str] = &[
    "pip install semgrep",
    "pip install bandit",
    "brew install trivy",
    "go install github.com/securego/gosec/v2/cmd/gosec@latest",
    "brew install gitleaks",
    "npm install -g snyk",
    "pip install checkov",
];

pub(crate) const VULN_TITLES: &[&str] = &[
    "SQL Injection in login handler",
    "Reflected XSS in search results",
    "Hardcoded AWS secret access key",
    "Path traversal in file download endpoint",
    "Server-side request forgery in webhook fetcher",
    "Insecure deserialization of session cookie",
    "Missing authorization check on admin route",
    "Weak password hashing with MD5",
    "OS command injection via unsanitized filename",
    "Open redirect after login",
    "XML external entity processing enabled",
    "Prototype pollution in lodash merge",
    "Remote code execution in log4j-core (Log4Shell)",
    "JWT signature not verified",
    "Sensitive data written to application logs",
    "CSRF protection disabled",
    "Insecure random number generator for tokens",
    "TLS certificate validation disabled",
    "Overly permissive CORS policy",
    "Regular expression denial of service",
];

pub(crate) const SENTENCES: &[&str] = &[
    "User-controlled input is concatenated into a SQL query without parameterization.",
    "The search term is reflected into the HTML response without output encoding.",
    "A hardcoded credential was found in source control and should be rotated.",
    "The file name from the request is joined to the storage path without normalization.",
    "The webhook URL is fetched server-side without restricting internal addresses.",
    "Session data is deserialized with pickle from a client-supplied cookie.",
    "The endpoint does not verify that the caller belongs to the organization.",
    "Passwords are hashed with MD5, which is unsuitable for credential storage.",
    "A shell command is built from request parameters and executed with shell=True.",
    "The redirect target is taken from the query string without validation.",
    "The XML parser resolves external entities from untrusted documents.",
    "The installed version is affected by a known vulnerability; upgrade to a fixed release.",
    "JWTs are decoded without verifying the signature.",
    "Access tokens are written to the application log at info level.",
    "Use parameterized queries or the ORM's query builder instead of string formatting.",
    "Validate and canonicalize the path, then check it stays inside the upload directory.",
];

pub(crate) const SNIPPETS: &[&str] = &[
    "cursor.execute(\"SELECT * FROM users WHERE id = '%s'\" % user_id)",
    "db.Query(\"SELECT * FROM orders WHERE id = \" + r.URL.Query().Get(\"id\"))",
    "res.send(`<p>Results for ${req.query.q}</p>`)",
    "AWS_SECRET_ACCESS_KEY = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"",
    "subprocess.run(f\"convert {filename} out.png\", shell=True)",
    "return send_file(os.path.join(UPLOAD_DIR, request.args[\"name\"]))",
    "data = pickle.loads(base64.b64decode(request.cookies[\"session\"]))",
    "hashlib.md5(password.encode()).hexdigest()",
    "jwt.decode(token, options={\"verify_signature\": False})",
    "requests.get(url, verify=False)",
    "el.innerHTML = params.get('message');",
    "return redirect(request.args.get(\"next\"))",
];

pub(crate) const CWES: &[u32] =
    &[79, 89, 22, 78, 94, 502, 611, 918, 352, 287, 798, 327, 200, 434, 601, 862, 863, 1333, 330, 295, 20, 312];

pub(crate) const OWASP: &[&str] = &[
    "A01:2021-Broken Access Control",
    "A02:2021-Cryptographic Failures",
    "A03:2021-Injection",
    "A04:2021-Insecure Design",
    "A05:2021-Security Misconfiguration",
    "A06:2021-Vulnerable and Outdated Components",
    "A07:2021-Identification and Authentication Failures",
    "A08:2021-Software and Data Integrity Failures",
    "A09:2021-Security Logging and Monitoring Failures",
    "A10:2021-Server-Side Request Forgery",
];

pub(crate) const CVSS_VECTORS: &[&str] = &[
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
];

pub(crate) const RULE_IDS: &[&str] = &[
    "python.lang.security.sql-injection",
    "python.django.security.injection.command-injection",
    "python.flask.security.open-redirect",
    "javascript.express.security.xss.reflected-xss",
    "javascript.lang.security.prototype-pollution",
    "go.lang.security.path-traversal",
    "go.lang.security.ssrf.tainted-url",
    "java.spring.security.csrf-disabled",
    "java.lang.security.xxe.documentbuilderfactory",
    "generic.secrets.aws-access-key",
    "ruby.rails.security.open-redirect",
    "typescript.react.security.dangerously-set-inner-html",
];

pub(crate) const SEVERITIES: &[&str] = &["critical", "high", "medium", "low"];

pub(crate) const CATEGORIES: &[&str] = &[
    "injection",
    "xss",
    "secrets",
    "cryptography",
    "authentication",
    "authorization",
    "misconfiguration",
    "dependency",
    "ssrf",
    "path-traversal",
];

pub(crate) const SCANNERS: &[&str] =
    &["semgrep", "bandit", "trivy", "gitleaks", "grype", "checkov", "gosec", "codeql", "osv-scanner", "trufflehog"];

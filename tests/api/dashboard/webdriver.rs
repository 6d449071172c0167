//! A headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`),
//! with reqwest: enough of the protocol for a test to open a page, click, type, read the
//! page with a script, and take screenshots.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// The WebDriver name of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// What the browser test needs installed; `None` (with the reason) when something is missing.
pub(crate) fn installed() -> Result<(PathBuf, PathBuf), String> {
    let find = |names: &[&str]| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        names.iter().find_map(|name| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()))
    };
    let chromium = find(&["chromium", "chromium-browser"]).ok_or("no chromium on PATH (apt-get install chromium)")?;
    let driver = find(&["chromedriver"]).ok_or("no chromedriver on PATH (apt-get install chromium-driver)")?;
    Ok((chromium, driver))
}

/// A browser session; the driver and the profile go with it.
pub(crate) struct Browser {
    http: reqwest::Client,
    session: String,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and a headless Chromium session.
    pub(crate) async fn start(chromium: &Path, driver: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
        let driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = std::env::temp_dir().join(format!("secmock-chromium-{}-{port}", std::process::id()));
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let mut ready = false;
        for _ in 0..200 {
            if http.get(format!("{base}/status")).send().await.is_ok_and(|r| r.status().is_success()) {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(ready, "chromedriver answered within 10 s");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1440,900",
        ];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let created: Value = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("session request")
            .json()
            .await
            .expect("session JSON");
        let session = created["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("a session: {created}"));
        Browser { http, session: format!("{base}/session/{session}"), driver, profile }
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.session));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request.send().await.expect("webdriver call").json().await.expect("webdriver JSON");
        assert!(answer["value"].get("error").is_none(), "webdriver {path}: {answer}");
        answer["value"].clone()
    }

    pub(crate) async fn open(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", Some(json!({ "url": url }))).await;
    }

    async fn element(&self, css: &str) -> String {
        let query = json!({"using": "css selector", "value": css});
        let found = self.command(reqwest::Method::POST, "/element", Some(query)).await;
        found[ELEMENT].as_str().unwrap_or_else(|| panic!("an element for {css}: {found}")).to_string()
    }

    pub(crate) async fn click(&self, css: &str) {
        let id = self.element(css).await;
        self.command(reqwest::Method::POST, &format!("/element/{id}/click"), Some(json!({}))).await;
    }

    /// Replaces the text of an input.
    pub(crate) async fn fill(&self, css: &str, text: &str) {
        let id = self.element(css).await;
        self.command(reqwest::Method::POST, &format!("/element/{id}/clear"), Some(json!({}))).await;
        self.command(reqwest::Method::POST, &format!("/element/{id}/value"), Some(json!({ "text": text }))).await;
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    pub(crate) async fn eval(&self, script: &str) -> Value {
        self.command(reqwest::Method::POST, "/execute/sync", Some(json!({"script": script, "args": []}))).await
    }

    /// Waits until `script` returns something truthy, at most `bound`; returns it.
    pub(crate) async fn wait_for(&self, what: &str, bound: Duration, script: &str) -> Value {
        let deadline = tokio::time::Instant::now() + bound;
        loop {
            let value = self.eval(script).await;
            if !matches!(value, Value::Null | Value::Bool(false)) && value != json!("") && value != json!(0) {
                return value;
            }
            assert!(tokio::time::Instant::now() < deadline, "{what}: not within {bound:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a PNG of the window to `path`.
    pub(crate) async fn screenshot(&self, path: &Path) {
        use base64::Engine as _;
        let png = self.command(reqwest::Method::GET, "/screenshot", None).await;
        let bytes = base64::engine::general_purpose::STANDARD.decode(png.as_str().expect("base64")).expect("a PNG");
        std::fs::write(path, bytes).expect("screenshot written");
    }

    /// Closes the browser and stops the driver (dropping it does the same).
    pub(crate) fn quit(self) {}
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The session is closed before the driver goes, on success and on a failed
        // assertion alike: a killed chromedriver leaves its Chromium running.
        close_session(&self.session);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// `DELETE <session>` over a plain blocking socket: `Drop` cannot await.
fn close_session(session: &str) {
    use std::io::{Read, Write};
    let Some((authority, path)) = session.strip_prefix("http://").and_then(|rest| rest.split_once('/')) else {
        return;
    };
    let Ok(mut stream) = std::net::TcpStream::connect(authority) else { return };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request =
        format!("DELETE /{path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_ok() {
        let _ = stream.read_to_end(&mut Vec::new());
    }
}

//! What start-up tells people and harnesses: the banner and the ready file.

use super::{Application, url};

impl Application {
    /// The start-up banner: every API's URL, and what each behaviour wants shown.
    pub fn banner(&self, took: std::time::Duration) -> String {
        let https = self.tls.is_some();
        let world = &self.server.world;
        let reading = world.clock.reading();
        let scenario = self.server.scenario();
        let mut out = format!(
            "secmock {} ready in {} ms: {} APIs, scenario '{}', seed {}, clock {:?}{} at {}\n",
            env!("CARGO_PKG_VERSION"),
            took.as_millis(),
            self.apis.len(),
            scenario.display_name(),
            world.seed(),
            reading.mode,
            if reading.scale != 1.0 { format!(" x{}", reading.scale) } else { String::new() },
            reading.now,
        );
        for (index, listener) in &self.apis {
            let api = &self.server.apis()[*index];
            let spec = &api.spec;
            out.push_str(&format!(
                "  {:<11} {:<24} {} ({} operations)\n",
                spec.name,
                url(listener, https),
                spec.title,
                spec.operations.len()
            ));
            for line in api.behaviour.banner() {
                out.push_str(&format!("  {:<11} {line}\n", ""));
            }
        }
        if let Some(listener) = &self.admin {
            out.push_str(&format!(
                "  {:<11} {:<24} secmock admin API (also under /__secmock/ on every port)\n",
                "admin",
                url(listener, https)
            ));
        }
        match (&self.generated_token, self.token_required) {
            (Some(token), _) => out.push_str(&format!(
                "  {:<11} admin token {token} (generated: secmock listens beyond loopback; \
                 choose one with --admin-token or SECMOCK_ADMIN_TOKEN)\n",
                ""
            )),
            (None, true) => out.push_str(&format!("  {:<11} admin calls need the admin token given at start-up\n", "")),
            (None, false) => {}
        }
        if let Some(tls) = &self.tls {
            out.push_str(&format!("  {:<11} HTTPS certificate SHA-256 {}\n", "tls", tls.fingerprint));
        }
        out
    }

    /// What a harness needs to start talking to every API, as JSON: each API's `url`, its
    /// docs page, title and the lines its behaviour shows in the banner (demo keys, logins),
    /// and the admin API's `url` (with the admin token when secmock generated it). Written
    /// by `--ready-file` once every port is bound, and the banner with `--log-format json`.
    pub fn ready(&self, took: std::time::Duration) -> serde_json::Value {
        let https = self.tls.is_some();
        let world = &self.server.world;
        let reading = world.clock.reading();
        let mut apis = serde_json::Map::new();
        for (index, listener) in &self.apis {
            let api = &self.server.apis()[*index];
            let spec = &api.spec;
            let base = url(listener, https);
            let docs = spec.settings.docs.then(|| format!("{base}/docs"));
            apis.insert(
                spec.name.clone(),
                serde_json::json!({
                    "url": base,
                    "docs": docs,
                    "title": spec.title,
                    "operations": spec.operations.len(),
                    "credentials": api.behaviour.banner(),
                }),
            );
        }
        let admin_url = match &self.admin {
            Some(listener) => Some(url(listener, https)),
            None => self.apis.first().map(|(_, l)| format!("{}/__secmock", url(l, https))),
        };
        serde_json::json!({
            "secmock": env!("CARGO_PKG_VERSION"),
            "ready_in_ms": took.as_millis() as u64,
            "scenario": self.server.scenario().display_name(),
            "seed": world.seed(),
            "clock": reading,
            "apis": apis,
            "admin": {
                "url": admin_url,
                "token": self.generated_token,
                "token_required": self.token_required,
            },
            "tls": self.tls.as_ref().map(|tls| serde_json::json!({
                "sha256": tls.fingerprint,
                "certificate": tls.certificate_pem,
            })),
        })
    }
}

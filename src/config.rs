//! Everything a server needs to start, whether it came from the command line or from a
//! test's `MockServer::builder()`.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::world::ClockMode;

#[derive(Debug, Clone)]
pub struct Config {
    /// Spec files, or folders searched for `*/openapi.{yaml,yml,json}`; the entry
    /// `@bundled` (`bundled::BUNDLED_SPECS`, the default) stands for the specs shipped in
    /// the binary. A file's API replaces a shipped API of the same name.
    pub specs: Vec<PathBuf>,
    /// A scenario name (looked up in `scenarios_dir`, then among the shipped ones) or
    /// file path; `None` for none.
    pub scenario: Option<String>,
    /// A folder of scenarios besides the shipped ones (its files win on a name clash).
    pub scenarios_dir: Option<PathBuf>,
    /// Overrides the scenario's seed.
    pub seed: Option<u64>,
    pub clock: ClockMode,
    pub time_scale: f64,
    /// Where virtual time starts when the scenario does not say (default: now).
    pub clock_start: Option<jiff::Timestamp>,
    pub host: IpAddr,
    /// Per-API port overrides; an API without one uses its spec's `x-secmock.port`.
    pub ports: BTreeMap<String, u16>,
    /// Bind every API on an ephemeral port (tests).
    pub ephemeral_ports: bool,
    /// The admin API's own port; `None` disables the separate admin listener (it is
    /// still mounted under `/__secmock/` on every API port).
    pub admin_port: Option<u16>,
    /// Entries kept in the request journal; 0 turns journaling off.
    pub journal_size: usize,
    pub strict: bool,
    pub body_limit: usize,
    /// Largest request body the admin API accepts (a `PUT /state` snapshot), in bytes.
    pub admin_body_limit: usize,
    /// Bytes the request journal may hold; the oldest entries go first beyond it.
    pub journal_bytes: usize,
    /// The admin token; when `None` and `host` is not loopback, one is generated.
    pub admin_token: Option<String>,
    /// Host names the admin API answers besides localhost and IP literals, while no
    /// token is in force (`.example.test` allows a domain and its subdomains).
    pub allowed_hosts: Vec<String>,
    pub connections: ConnectionLimits,
    /// Which browser origins may call the APIs (`--cors`; any by default, never the admin API).
    pub cors: crate::engine::CorsPolicy,
    /// APIs whose port forwards to a real service (`--proxy API=URL`), by name.
    pub proxies: BTreeMap<String, String>,
    /// Longest wait for a proxied upstream's answer.
    pub proxy_timeout: Duration,
    /// Largest upstream answer body buffered and validated (a larger one streams through).
    pub proxy_buffer_limit: usize,
    /// CA certificates (PEM) trusted for HTTPS upstreams besides the webpki roots.
    pub proxy_ca: Vec<PathBuf>,
    /// Where proxied APIs' answers are recorded as examples and a scenario (`--record`).
    pub record: Option<PathBuf>,
    /// Serve HTTPS on every port (`--tls`, `--tls-cert`/`--tls-key`; needs the `tls` feature).
    pub tls: Option<TlsSource>,
    /// Named worlds the admin API may create besides the default one (`POST /worlds`);
    /// 0 allows none.
    /// Bytes each named world's journal may hold (at most `journal_bytes`): a thousand
    /// busy worlds must not each keep the default world's budget.
    pub world_journal_bytes: usize,
    /// Reload spec files and scenario files when they change (`--watch`).
    pub watch: bool,
    pub max_worlds: usize,
}

/// Where an HTTPS certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsSource {
    /// Made at start-up (self-signed), different on every start.
    SelfSigned,
    /// PEM files: the certificate chain (leaf first) and its private key.
    Files { cert: PathBuf, key: PathBuf },
}

/// What one client connection may cost every port: these bound what idle, slow or
/// abandoned connections can take from the clients that are actually talking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Longest a client may take to send a request's head (request line and headers),
    /// from its first byte: slowloris clients are closed after it.
    pub header_timeout: Duration,
    /// How long a connection may stay open with no request (a keep-alive between
    /// requests, or a new connection that has sent nothing).
    pub idle_timeout: Duration,
    /// Open connections per port. At the cap a new connection closes the one idle the
    /// longest; the cap is lowered so that all ports fit in the file-descriptor limit.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            specs: vec![PathBuf::from(crate::bundled::BUNDLED_SPECS)],
            scenario: Some("default".into()),
            scenarios_dir: None,
            seed: None,
            clock: ClockMode::Real,
            time_scale: 1.0,
            clock_start: None,
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            ports: BTreeMap::new(),
            ephemeral_ports: false,
            admin_port: Some(4000),
            journal_size: 10_000,
            strict: false,
            body_limit: 1024 * 1024,
            admin_body_limit: 512 * 1024 * 1024,
            journal_bytes: 32 * 1024 * 1024,
            admin_token: None,
            allowed_hosts: Vec::new(),
            connections: ConnectionLimits::default(),
            cors: crate::engine::CorsPolicy::AnyOrigin,
            proxies: BTreeMap::new(),
            proxy_timeout: Duration::from_secs(30),
            proxy_buffer_limit: 16 * 1024 * 1024,
            proxy_ca: Vec::new(),
            record: None,
            tls: None,
            max_worlds: 1000,
            watch: false,
            world_journal_bytes: 2 * 1024 * 1024,
        }
    }
}

/// Where one spec comes from: the binary, or a file.
#[derive(Debug, Clone)]
pub enum SpecSource {
    /// Shipped in the binary; `path` is `@bundled/specs/<api>/openapi.yaml`, `json` the
    /// document (converted from that YAML when secmock was built).
    Bundled {
        path: PathBuf,
        json: &'static str,
    },
    File(PathBuf),
}

impl SpecSource {
    /// The path errors name (and the API is named after, without `x-secmock.api`).
    pub fn path(&self) -> &Path {
        match self {
            SpecSource::Bundled { path, .. } | SpecSource::File(path) => path,
        }
    }

    pub fn is_bundled(&self) -> bool {
        matches!(self, SpecSource::Bundled { .. })
    }

    /// The document, parsed.
    pub fn read(&self) -> Result<serde_json::Value, crate::spec::SpecError> {
        match self {
            SpecSource::Bundled { path, json } => crate::spec::parse_json(path, json),
            SpecSource::File(path) => crate::spec::read_document(path),
        }
    }
}

impl Config {
    /// The specs named by `specs`: the shipped ones for `@bundled`, files as given,
    /// folders searched one level deep for `openapi.yaml` / `openapi.yml` /
    /// `openapi.json`, in name order.
    pub fn spec_sources(&self) -> std::io::Result<Vec<SpecSource>> {
        let mut sources = Vec::new();
        for entry in &self.specs {
            if entry.as_os_str() == crate::bundled::BUNDLED_SPECS {
                sources.extend(crate::bundled::specs().iter().map(|(path, json)| SpecSource::Bundled {
                    path: Path::new(crate::bundled::BUNDLED_SPECS).join(path),
                    json,
                }));
                continue;
            }
            if entry.is_file() {
                sources.push(SpecSource::File(entry.clone()));
                continue;
            }
            // Every file error names the path it is about.
            let listed = std::fs::read_dir(entry).map_err(|e| {
                let hint = if entry.is_relative() && !entry.exists() {
                    format!(" (relative to {})", std::env::current_dir().unwrap_or_default().display())
                } else {
                    String::new()
                };
                std::io::Error::new(e.kind(), format!("{}: {e}{hint}", entry.display()))
            })?;
            let mut dirs: Vec<PathBuf> =
                listed.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
            dirs.sort();
            for dir in dirs {
                if let Some(file) =
                    ["openapi.yaml", "openapi.yml", "openapi.json"].iter().map(|n| dir.join(n)).find(|p| p.is_file())
                {
                    sources.push(SpecSource::File(file));
                }
            }
        }
        Ok(sources)
    }
}

//! The command line, as clap reads it: the subcommands and every flag, and how a serve
//! command's flags become a [`Config`].

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::Config;
use crate::config::TlsSource;
use crate::telemetry::{self, LogFormat};
use crate::world::ClockMode;

#[derive(Parser, Debug)]
#[command(name = "secmock", version, about = "A stateful, contract-validating mock of security-scanning APIs")]
#[command(args_conflicts_with_subcommands = true)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Option<Command>,
    #[command(flatten)]
    pub(super) serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// Serve every API (the default).
    Serve(Box<ServeArgs>),
    /// Load and compile specs, check every example against its schema; exit 1 on any problem.
    Validate {
        /// Spec files or folders (default: the shipped specs, and ./scenarios if there is one).
        files: Vec<PathBuf>,
    },
    /// Print a shell completion script: `secmock completions bash > /etc/bash_completion.d/secmock`,
    /// `secmock completions zsh > "${fpath[1]}/_secmock"`, `secmock completions fish > ~/.config/fish/completions/secmock.fish`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Ask a running secmock's admin API whether it is up (exit 0) or not (exit 1): a
    /// container HEALTHCHECK. An answer 401 (an admin token is in force) counts as up.
    Health {
        /// The admin API's URL.
        #[arg(long, default_value = "http://127.0.0.1:4000")]
        url: String,
        /// The admin token, if one is in force (read from SECMOCK_ADMIN_TOKEN like the server's).
        #[arg(long, env = "SECMOCK_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
    },
    /// Run an API's contract against a real server: chains, valid and negative requests,
    /// every answer validated; exit 1 on a violation or failed case, 2 if it cannot run.
    Test(TestArgs),
}

#[derive(Args, Debug, Clone)]
pub(super) struct TestArgs {
    /// The API whose contract is run (its spec's name: securescan, kolega, …).
    pub(super) api: String,
    /// The server under test, e.g. http://localhost:8000.
    #[arg(long, value_name = "URL")]
    pub(super) target: String,
    /// The credential to present, in each operation's declared scheme.
    #[arg(long, env = "SECMOCK_TEST_KEY", hide_env_values = true)]
    pub(super) key: Option<String>,
    /// Write JUnit XML here.
    #[arg(long, value_name = "FILE")]
    pub(super) junit: Option<PathBuf>,
    /// Only these operations (operationId globs, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub(super) operations: Vec<String>,
    /// Seed for generated values (default: drawn, and printed, so a run can be repeated).
    #[arg(long)]
    pub(super) seed: Option<u64>,
    /// At most this many cases.
    #[arg(long, default_value_t = 500)]
    pub(super) max_cases: usize,
    /// Longest wait for one answer.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub(super) timeout: std::time::Duration,
    /// Spec files, or folders of `<api>/openapi.yaml`, instead of the shipped specs
    /// (`@bundled` names those).
    #[arg(long = "specs", value_name = "PATH", default_value = "@bundled")]
    pub(super) specs: Vec<PathBuf>,
    /// A CA certificate (PEM) to trust for an HTTPS target besides the public roots.
    #[arg(long = "ca", value_name = "FILE")]
    pub(super) ca: Vec<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub(super) struct ServeArgs {
    /// Spec files, or folders of `<api>/openapi.yaml` (repeatable), instead of the specs
    /// shipped in the binary; `@bundled` names those, to add yours to them.
    #[arg(long = "specs", value_name = "PATH", default_value = "@bundled")]
    pub(super) specs: Vec<PathBuf>,
    /// Scenario to load: a name (in --scenarios-dir, or shipped) or a file.
    #[arg(long, default_value = "default")]
    pub(super) scenario: String,
    /// A folder of scenarios, besides the shipped ones (its files win on a name clash).
    #[arg(long, value_name = "DIR")]
    pub(super) scenarios_dir: Option<PathBuf>,
    /// RNG seed (overrides the scenario's).
    #[arg(long)]
    pub(super) seed: Option<u64>,
    /// real: time follows the wall clock (scaled by --time-scale); manual: only the admin API moves it.
    #[arg(long, value_enum, default_value = "real")]
    pub(super) clock: ClockArg,
    /// Virtual seconds per real second (e.g. 60 for demos).
    #[arg(long, default_value_t = 1.0)]
    pub(super) time_scale: f64,
    /// Address to listen on.
    #[arg(long, env = "SECMOCK_HOST", default_value = "127.0.0.1")]
    pub(super) host: IpAddr,
    /// Override an API's port, e.g. --port kolega=5011 (repeatable; 0 picks a free port).
    #[arg(long = "port", value_name = "API=PORT", value_parser = parse_port)]
    pub(super) ports: Vec<(String, u16)>,
    /// Port of the admin API (0 picks a free port).
    #[arg(long, default_value_t = 4000)]
    pub(super) admin_port: u16,
    /// Request journal size (entries); 0 turns the journal off.
    #[arg(long, default_value_t = 10_000)]
    pub(super) journal_size: usize,
    /// Answer 500 problem+json when a response violates its contract.
    #[arg(long)]
    pub(super) strict: bool,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    pub(super) body_limit: usize,
    /// Largest request body the admin API accepts (a `PUT /state` snapshot), in bytes.
    #[arg(long, default_value_t = 512 * 1024 * 1024)]
    pub(super) admin_body_limit: usize,
    /// Bytes the request journal may hold (the oldest entries go first beyond it).
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    pub(super) journal_bytes: usize,
    /// Reload spec files and scenario files when they change: an edit that loads takes
    /// effect in place (an edited spec rebuilds its API's state from the scenario; other
    /// APIs keep theirs), one that does not keeps the version before it and logs why.
    #[arg(long)]
    pub(super) watch: bool,
    /// Bytes each named world's journal may hold (at most --journal-bytes; its entries are
    /// capped by --journal-size too).
    #[arg(long, value_name = "BYTES", default_value_t = 2 * 1024 * 1024)]
    pub(super) world_journal_bytes: usize,
    /// Named worlds the admin API may hold at once besides the default one (`POST
    /// /worlds`; each has its own state, clock and journal, under `/w/NAME/` on every port).
    #[arg(long, default_value_t = 1000)]
    pub(super) max_worlds: usize,
    /// Every admin call must carry `Authorization: Bearer <TOKEN>`. Without it, secmock
    /// makes one up (and prints it) whenever it listens beyond loopback.
    #[arg(long, env = "SECMOCK_ADMIN_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub(super) admin_token: Option<String>,
    /// Another Host name the admin API answers while no token is in force (repeatable;
    /// `.example.test` allows a domain and its subdomains). localhost and IP addresses
    /// are always allowed.
    #[arg(long = "allowed-host", env = "SECMOCK_ALLOWED_HOSTS", value_delimiter = ',', value_name = "HOST")]
    pub(super) allowed_hosts: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub(super) log_format: LogFormat,
    /// Log lines queued for stderr; beyond them lines are dropped (and counted on /health)
    /// rather than making requests wait for a stderr nobody reads.
    #[arg(long, value_name = "LINES", default_value_t = telemetry::DEFAULT_QUEUE_LINES)]
    pub(super) log_queue_lines: usize,
    /// Longest a client may take to send a request's head, from its first byte (e.g. 10s, 500ms).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub(super) header_timeout: std::time::Duration,
    /// How long a connection may stay open with no request.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub(super) idle_timeout: std::time::Duration,
    /// Open connections per port; at the cap a new one closes the longest idle. Lowered to
    /// fit the file-descriptor limit.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub(super) max_connections: usize,
    /// Every API and the admin API on a free port (the ports chosen are in the banner and
    /// the ready file).
    #[arg(long)]
    pub(super) free_ports: bool,
    /// Once every port accepts, write a JSON file with each API's `url`, docs and demo
    /// credentials (`apis.<name>`) and the admin API's `url` (`admin.url`), for a harness to
    /// wait for and read (written whole, by a rename, so it is never seen half-written).
    #[arg(long, value_name = "FILE")]
    pub(super) ready_file: Option<PathBuf>,
    /// Which browser origins may call the APIs: `any`, `off`, or origins separated by
    /// commas (`http://localhost:3000`). Never the admin API.
    #[arg(long, value_name = "any|off|ORIGINS", default_value = "any", value_parser = crate::engine::CorsPolicy::parse)]
    pub(super) cors: crate::engine::CorsPolicy,
    /// Forward an API's requests to a real service and validate both directions, e.g.
    /// --proxy securescan=http://localhost:8000 (repeatable; other APIs stay mocked).
    /// With --strict, an upstream answer that violates the contract becomes a 502.
    #[arg(long = "proxy", value_name = "API=URL", value_parser = parse_proxy)]
    pub(super) proxies: Vec<(String, String)>,
    /// Longest wait for a proxied upstream's answer (e.g. 30s, 500ms); beyond it, a 504.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub(super) proxy_timeout: std::time::Duration,
    /// Largest upstream answer body buffered and validated, in bytes; a larger one streams
    /// through unvalidated.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub(super) proxy_buffer_limit: usize,
    /// A CA certificate (PEM) to trust for HTTPS upstreams besides the public roots (repeatable).
    #[arg(long = "proxy-ca", value_name = "FILE")]
    pub(super) proxy_ca: Vec<PathBuf>,
    /// Record what proxied APIs answer under DIR: `<api>/openapi.yaml` with the answers as
    /// named examples, and `scenario.yaml` that replays the resources seen (secrets masked).
    #[arg(long, value_name = "DIR")]
    pub(super) record: Option<PathBuf>,
    /// Serve HTTPS on every port, with a self-signed certificate made at start-up (its
    /// SHA-256 and PEM are in the banner and the ready file).
    #[arg(long)]
    pub(super) tls: bool,
    /// Serve HTTPS with this certificate chain (PEM, leaf first; with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub(super) tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub(super) tls_key: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub(super) enum ClockArg {
    Real,
    Manual,
}

fn parse_proxy(s: &str) -> Result<(String, String), String> {
    let (api, url) = s.split_once('=').ok_or("expected API=URL")?;
    Ok((api.to_string(), url.to_string()))
}

fn parse_port(s: &str) -> Result<(String, u16), String> {
    let (api, port) = s.split_once('=').ok_or("expected API=PORT")?;
    Ok((api.to_string(), port.parse().map_err(|e| format!("port: {e}"))?))
}

/// A duration in jiff's friendly format (`10s`, `500ms`, `1m 30s`) or ISO 8601 (`PT10S`).
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let duration: jiff::SignedDuration = s.parse().map_err(|e| format!("{e}"))?;
    std::time::Duration::try_from(duration).map_err(|_| "a duration cannot be negative".to_string())
}

impl ServeArgs {
    pub(super) fn config(&self) -> Config {
        Config {
            specs: self.specs.clone(),
            scenario: Some(self.scenario.clone()).filter(|s| !s.is_empty() && s != "none"),
            scenarios_dir: self.scenarios_dir.clone(),
            seed: self.seed,
            clock: match self.clock {
                ClockArg::Real => ClockMode::Real,
                ClockArg::Manual => ClockMode::Manual,
            },
            time_scale: self.time_scale,
            clock_start: None,
            host: self.host,
            ports: self.ports.iter().cloned().collect(),
            ephemeral_ports: self.free_ports,
            admin_port: Some(self.admin_port),
            journal_size: self.journal_size,
            strict: self.strict,
            body_limit: self.body_limit,
            admin_body_limit: self.admin_body_limit,
            journal_bytes: self.journal_bytes,
            max_worlds: self.max_worlds,
            watch: self.watch,
            world_journal_bytes: self.world_journal_bytes,
            admin_token: self.admin_token.clone(),
            allowed_hosts: self.allowed_hosts.clone(),
            cors: self.cors.clone(),
            proxies: self.proxies.iter().cloned().collect(),
            proxy_timeout: self.proxy_timeout,
            proxy_buffer_limit: self.proxy_buffer_limit,
            proxy_ca: self.proxy_ca.clone(),
            record: self.record.clone(),
            tls: match (&self.tls_cert, &self.tls_key) {
                (Some(cert), Some(key)) => Some(TlsSource::Files { cert: cert.clone(), key: key.clone() }),
                _ => self.tls.then_some(TlsSource::SelfSigned),
            },
            connections: crate::config::ConnectionLimits {
                header_timeout: self.header_timeout,
                idle_timeout: self.idle_timeout,
                max_connections: self.max_connections,
            },
        }
    }
}

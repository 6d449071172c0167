//! The `secmock` command: parse the CLI, set up logging, build the server, run it until
//! SIGINT/SIGTERM. Errors surface here, once, with their full context.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use secmock::Config;
use secmock::config::TlsSource;
use secmock::startup::{Application, builtin_behaviours};
use secmock::telemetry::{self, LogFormat};
use secmock::world::ClockMode;

/// mimalloc rather than the system allocator: a mock serialises and frees JSON all day,
/// and glibc's allocator was a tenth of the work under load (benches/README.md). Only the
/// binary chooses; the library leaves the choice to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives the OS back the pages that loading specs and scenarios used and freed (mimalloc
/// keeps the freed pages of finished threads for later); once, when start-up is over:
/// idle RSS with the default scenario goes from 80 to 57 MB, and to 39 MB with
/// `MIMALLOC_ARENA_EAGER_COMMIT=0`, which `.cargo/config.toml` and the Dockerfile set
/// (mimalloc reads it before `main`, so it cannot be set from here).
#[allow(unsafe_code)]
fn release_freed_memory() {
    // SAFETY: mi_collect has no preconditions: it walks mimalloc's own heaps, from any
    // thread, at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

#[derive(Parser, Debug)]
#[command(name = "secmock", version, about = "A stateful, contract-validating mock of security-scanning APIs")]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
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
struct TestArgs {
    /// The API whose contract is run (its spec's name: securescan, kolega, …).
    api: String,
    /// The server under test, e.g. http://localhost:8000.
    #[arg(long, value_name = "URL")]
    target: String,
    /// The credential to present, in each operation's declared scheme.
    #[arg(long, env = "SECMOCK_TEST_KEY", hide_env_values = true)]
    key: Option<String>,
    /// Write JUnit XML here.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Only these operations (operationId globs, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    operations: Vec<String>,
    /// Seed for generated values (default: drawn, and printed, so a run can be repeated).
    #[arg(long)]
    seed: Option<u64>,
    /// At most this many cases.
    #[arg(long, default_value_t = 500)]
    max_cases: usize,
    /// Longest wait for one answer.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    timeout: std::time::Duration,
    /// Spec files, or folders of `<api>/openapi.yaml`, instead of the shipped specs
    /// (`@bundled` names those).
    #[arg(long = "specs", value_name = "PATH", default_value = "@bundled")]
    specs: Vec<PathBuf>,
    /// A CA certificate (PEM) to trust for an HTTPS target besides the public roots.
    #[arg(long = "ca", value_name = "FILE")]
    ca: Vec<PathBuf>,
}

#[derive(Args, Debug, Clone)]
struct ServeArgs {
    /// Spec files, or folders of `<api>/openapi.yaml` (repeatable), instead of the specs
    /// shipped in the binary; `@bundled` names those, to add yours to them.
    #[arg(long = "specs", value_name = "PATH", default_value = "@bundled")]
    specs: Vec<PathBuf>,
    /// Scenario to load: a name (in --scenarios-dir, or shipped) or a file.
    #[arg(long, default_value = "default")]
    scenario: String,
    /// A folder of scenarios, besides the shipped ones (its files win on a name clash).
    #[arg(long, value_name = "DIR")]
    scenarios_dir: Option<PathBuf>,
    /// RNG seed (overrides the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// real: time follows the wall clock (scaled by --time-scale); manual: only the admin API moves it.
    #[arg(long, value_enum, default_value = "real")]
    clock: ClockArg,
    /// Virtual seconds per real second (e.g. 60 for demos).
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// Address to listen on.
    #[arg(long, env = "SECMOCK_HOST", default_value = "127.0.0.1")]
    host: IpAddr,
    /// Override an API's port, e.g. --port kolega=5011 (repeatable; 0 picks a free port).
    #[arg(long = "port", value_name = "API=PORT", value_parser = parse_port)]
    ports: Vec<(String, u16)>,
    /// Port of the admin API (0 picks a free port).
    #[arg(long, default_value_t = 4000)]
    admin_port: u16,
    /// Request journal size (entries); 0 turns the journal off.
    #[arg(long, default_value_t = 10_000)]
    journal_size: usize,
    /// Answer 500 problem+json when a response violates its contract.
    #[arg(long)]
    strict: bool,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    body_limit: usize,
    /// Largest request body the admin API accepts (a `PUT /state` snapshot), in bytes.
    #[arg(long, default_value_t = 512 * 1024 * 1024)]
    admin_body_limit: usize,
    /// Bytes the request journal may hold (the oldest entries go first beyond it).
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    journal_bytes: usize,
    /// Every admin call must carry `Authorization: Bearer <TOKEN>`. Without it, secmock
    /// makes one up (and prints it) whenever it listens beyond loopback.
    #[arg(long, env = "SECMOCK_ADMIN_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Another Host name the admin API answers while no token is in force (repeatable;
    /// `.example.test` allows a domain and its subdomains). localhost and IP addresses
    /// are always allowed.
    #[arg(long = "allowed-host", env = "SECMOCK_ALLOWED_HOSTS", value_delimiter = ',', value_name = "HOST")]
    allowed_hosts: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
    /// Log lines queued for stderr; beyond them lines are dropped (and counted on /health)
    /// rather than making requests wait for a stderr nobody reads.
    #[arg(long, value_name = "LINES", default_value_t = telemetry::DEFAULT_QUEUE_LINES)]
    log_queue_lines: usize,
    /// Longest a client may take to send a request's head, from its first byte (e.g. 10s, 500ms).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    header_timeout: std::time::Duration,
    /// How long a connection may stay open with no request.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    idle_timeout: std::time::Duration,
    /// Open connections per port; at the cap a new one closes the longest idle. Lowered to
    /// fit the file-descriptor limit.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    max_connections: usize,
    /// Every API and the admin API on a free port (the ports chosen are in the banner and
    /// the ready file).
    #[arg(long)]
    free_ports: bool,
    /// Once every port accepts, write a JSON file with each API's `url`, docs and demo
    /// credentials (`apis.<name>`) and the admin API's `url` (`admin.url`), for a harness to
    /// wait for and read (written whole, by a rename, so it is never seen half-written).
    #[arg(long, value_name = "FILE")]
    ready_file: Option<PathBuf>,
    /// Which browser origins may call the APIs: `any`, `off`, or origins separated by
    /// commas (`http://localhost:3000`). Never the admin API.
    #[arg(long, value_name = "any|off|ORIGINS", default_value = "any", value_parser = secmock::engine::CorsPolicy::parse)]
    cors: secmock::engine::CorsPolicy,
    /// Forward an API's requests to a real service and validate both directions, e.g.
    /// --proxy securescan=http://localhost:8000 (repeatable; other APIs stay mocked).
    /// With --strict, an upstream answer that violates the contract becomes a 502.
    #[arg(long = "proxy", value_name = "API=URL", value_parser = parse_proxy)]
    proxies: Vec<(String, String)>,
    /// Longest wait for a proxied upstream's answer (e.g. 30s, 500ms); beyond it, a 504.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    proxy_timeout: std::time::Duration,
    /// Largest upstream answer body buffered and validated, in bytes; a larger one streams
    /// through unvalidated.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    proxy_buffer_limit: usize,
    /// A CA certificate (PEM) to trust for HTTPS upstreams besides the public roots (repeatable).
    #[arg(long = "proxy-ca", value_name = "FILE")]
    proxy_ca: Vec<PathBuf>,
    /// Record what proxied APIs answer under DIR: `<api>/openapi.yaml` with the answers as
    /// named examples, and `scenario.yaml` that replays the resources seen (secrets masked).
    #[arg(long, value_name = "DIR")]
    record: Option<PathBuf>,
    /// Serve HTTPS on every port, with a self-signed certificate made at start-up (its
    /// SHA-256 and PEM are in the banner and the ready file).
    #[arg(long)]
    tls: bool,
    /// Serve HTTPS with this certificate chain (PEM, leaf first; with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum ClockArg {
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
    fn config(&self) -> Config {
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
            connections: secmock::config::ConnectionLimits {
                header_timeout: self.header_timeout,
                idle_timeout: self.idle_timeout,
                max_connections: self.max_connections,
            },
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate { files }) => validate(files),
        Some(Command::Health { url, admin_token }) => health(&url, admin_token.as_deref()),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "secmock",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Some(Command::Serve(args)) => serve(*args),
        Some(Command::Test(args)) => contract_test(args),
        None => serve(cli.serve),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let _logs = telemetry::init(args.log_format, args.log_queue_lines);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("secmock: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let started = std::time::Instant::now();
        let app = match Application::build(&args.config(), &builtin_behaviours).await {
            Ok(app) => app,
            Err(e) => {
                eprintln!("secmock: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        let took = started.elapsed();
        let ready = app.ready(took);
        match args.log_format {
            LogFormat::Json => println!("{ready}"),
            LogFormat::Text => println!("{}", app.banner(took)),
        }
        if let Some(file) = &args.ready_file
            && let Err(e) = write_ready_file(file, &ready)
        {
            eprintln!("secmock: cannot write the ready file {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
        release_freed_memory();
        app.run_until(shutdown_signal()).await;
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}

fn contract_test(args: TestArgs) -> ExitCode {
    let config = Config { specs: args.specs.clone(), ..Config::default() };
    let files = match config.spec_sources() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("secmock: {e}");
            return ExitCode::from(2);
        }
    };
    let specs = match secmock::startup::load_specs(&files) {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("secmock: {e:#}");
            return ExitCode::from(2);
        }
    };
    let Some(spec) = specs.iter().find(|s| s.name == args.api) else {
        let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
        eprintln!("secmock: no API is called {:?} (have: {})", args.api, names.join(", "));
        return ExitCode::from(2);
    };
    // The one wall-clock read: the seed and the generator's anchor, chosen at the edge.
    let now = jiff::Timestamp::now();
    let options = secmock::conformance::RunOptions {
        target: args.target.clone(),
        key: args.key.clone(),
        operations: args.operations.clone(),
        seed: args.seed.unwrap_or(now.as_nanosecond() as u64),
        max_cases: args.max_cases,
        timeout: args.timeout,
        anchor: now,
        ca_files: args.ca.clone(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("secmock: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let report = match runtime.block_on(secmock::conformance::run(spec, &options)) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("secmock: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{}", report.summary());
    if let Some(file) = &args.junit
        && let Err(e) = std::fs::write(file, report.junit())
    {
        eprintln!("secmock: cannot write {}: {e}", file.display());
        return ExitCode::from(2);
    }
    if report.failed() > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn health(url: &str, token: Option<&str>) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    let checked = match runtime {
        Ok(rt) => rt.block_on(secmock::probe::check(url, token, std::time::Duration::from_secs(3))),
        Err(e) => Err(format!("cannot start the async runtime: {e}")),
    };
    match checked {
        Ok(secmock::probe::Health::Up(body)) => println!("up: {body}"),
        Ok(secmock::probe::Health::UpTokenRequired) => println!("up (an admin token is in force)"),
        Err(e) => {
            eprintln!("secmock health: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn validate(files: Vec<PathBuf>) -> ExitCode {
    let (specs, scenarios): (Vec<PathBuf>, Vec<PathBuf>) = if files.is_empty() {
        (vec![secmock::bundled::BUNDLED_SPECS.into()], scenario_files(std::path::Path::new("scenarios")))
    } else {
        files.into_iter().partition(|f| !is_scenario(f))
    };
    let specs = if specs.is_empty() { vec![secmock::bundled::BUNDLED_SPECS.into()] } else { specs };
    let config = Config { specs, ..Config::default() };
    let mut failed = !validate_specs(&config);
    if !scenarios.is_empty() {
        failed |= !validate_scenarios(&config, &scenarios);
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// A file under a `scenarios` folder, or one whose top level looks like a scenario.
fn is_scenario(file: &std::path::Path) -> bool {
    file.is_dir() && file.ends_with("scenarios") || file.components().any(|c| c.as_os_str() == "scenarios")
}

fn scenario_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

/// Loads and compiles every spec and checks every example against its schema.
fn validate_specs(config: &Config) -> bool {
    let files = match config.spec_sources() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("secmock: {e}");
            return false;
        }
    };
    let mut ok = true;
    for source in files {
        let file = source.path();
        match source.read().and_then(|doc| secmock::spec::ApiSpec::from_document_checked(file, doc)) {
            Ok((spec, problems)) if problems.is_empty() => {
                println!(
                    "ok    {} ({} operations, {} schemas)",
                    file.display(),
                    spec.operations.len(),
                    spec.compiled_schemas
                );
            }
            Ok((_, problems)) => {
                ok = false;
                println!("FAIL  {}: {} example problem(s)", file.display(), problems.len());
                for p in problems {
                    println!("      {p}");
                }
            }
            Err(e) => {
                ok = false;
                println!("FAIL  {e}");
            }
        }
    }
    ok
}

/// Checks scenario files against the scenario JSON Schema of the APIs served, then has
/// every API's behaviour load its section (without changing anything).
fn validate_scenarios(config: &Config, files: &[PathBuf]) -> bool {
    let expanded: Vec<PathBuf> =
        files.iter().flat_map(|f| if f.is_dir() { scenario_files(f) } else { vec![f.clone()] }).collect();
    let config = Config { scenario: None, ..config.clone() };
    let server = match secmock::startup::assemble(&config, &builtin_behaviours) {
        Ok(server) => server,
        Err(e) => {
            println!("FAIL  {e:#}");
            return false;
        }
    };
    let schema = server.scenario_schema();
    let validator = match jsonschema::options().build(&schema) {
        Ok(v) => v,
        Err(e) => {
            println!("FAIL  the scenario schema does not compile: {e}");
            return false;
        }
    };
    let mut ok = true;
    for file in expanded {
        let problems = scenario_problems(&server, &validator, &file);
        if problems.is_empty() {
            println!("ok    {}", file.display());
        } else {
            ok = false;
            println!("FAIL  {}", file.display());
            for p in problems {
                println!("      {p}");
            }
        }
    }
    ok
}

fn scenario_problems(
    server: &secmock::server::Server,
    validator: &jsonschema::Validator,
    file: &std::path::Path,
) -> Vec<String> {
    let value = match secmock::spec::read_document(file) {
        Ok(v) => v,
        Err(e) => return vec![e.to_string()],
    };
    let schema_errors: Vec<String> =
        validator.iter_errors(&value).map(|e| format!("at '{}': {e}", e.instance_path())).collect();
    if !schema_errors.is_empty() {
        return schema_errors;
    }
    match secmock::world::Scenario::from_file(file) {
        Ok(scenario) => server.check(&scenario).err().into_iter().collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// Writes the ready document beside `file` and renames it into place, so a harness polling
/// for the file never reads it half-written; readable by its owner only (it may hold the
/// admin token).
fn write_ready_file(file: &std::path::Path, ready: &serde_json::Value) -> std::io::Result<()> {
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(&partial)?;
    std::io::Write::write_all(&mut out, format!("{ready:#}\n").as_bytes())?;
    out.sync_all()?;
    std::fs::rename(&partial, file)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}

//! The `secmock` command: parse the CLI, set up logging, build the server, run it until
//! SIGINT/SIGTERM. Errors surface here, once, with their full context.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use secmock::Config;
use secmock::startup::{Application, builtin_behaviours};
use secmock::telemetry::{self, LogFormat};
use secmock::world::ClockMode;

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
    Serve(ServeArgs),
    /// Load and compile specs, check every example against its schema; exit 1 on any problem.
    Validate {
        /// Spec files or folders (default: specs/).
        files: Vec<PathBuf>,
    },
}

#[derive(Args, Debug, Clone)]
struct ServeArgs {
    /// Spec files, or folders of `<api>/openapi.yaml` (repeatable).
    #[arg(long = "specs", value_name = "PATH", default_value = "specs")]
    specs: Vec<PathBuf>,
    /// Scenario to load: a name in --scenarios-dir or a file.
    #[arg(long, default_value = "default")]
    scenario: String,
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    scenarios_dir: PathBuf,
    /// RNG seed (overrides the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// real: time follows the wall clock (scaled by --time-scale); manual: only the admin API moves it.
    #[arg(long, value_enum, default_value = "real")]
    clock: ClockArg,
    /// Virtual seconds per real second (e.g. 60 for demos).
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Override an API's port, e.g. --port kolega=5011 (repeatable; 0 picks a free port).
    #[arg(long = "port", value_name = "API=PORT", value_parser = parse_port)]
    ports: Vec<(String, u16)>,
    /// Port of the admin API (0 picks a free port).
    #[arg(long, default_value_t = 4000)]
    admin_port: u16,
    /// Request journal size (entries).
    #[arg(long, default_value_t = 10_000)]
    journal_size: usize,
    /// Answer 500 problem+json when a response violates its contract.
    #[arg(long)]
    strict: bool,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    body_limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum ClockArg {
    Real,
    Manual,
}

fn parse_port(s: &str) -> Result<(String, u16), String> {
    let (api, port) = s.split_once('=').ok_or("expected API=PORT")?;
    Ok((api.to_string(), port.parse().map_err(|e| format!("port: {e}"))?))
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
            host: self.host,
            ports: self.ports.iter().cloned().collect(),
            ephemeral_ports: false,
            admin_port: Some(self.admin_port),
            journal_size: self.journal_size,
            strict: self.strict,
            body_limit: self.body_limit,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate { files }) => validate(files),
        Some(Command::Serve(args)) => serve(args),
        None => serve(cli.serve),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    telemetry::init(args.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("secmock: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let started = std::time::Instant::now();
        let app = match Application::build(&args.config(), builtin_behaviours).await {
            Ok(app) => app,
            Err(e) => {
                eprintln!("secmock: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        println!("{}", app.banner(started.elapsed()));
        app.run_until(shutdown_signal()).await;
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}

fn validate(files: Vec<PathBuf>) -> ExitCode {
    let config = Config { specs: if files.is_empty() { vec!["specs".into()] } else { files }, ..Config::default() };
    let files = match config.spec_files() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("secmock: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for file in files {
        match secmock::spec::ApiSpec::load_checked(&file) {
            Ok((spec, problems)) if problems.is_empty() => {
                println!(
                    "ok    {} ({} operations, {} schemas)",
                    file.display(),
                    spec.operations.len(),
                    spec.compiled_schemas
                );
            }
            Ok((_, problems)) => {
                failed = true;
                println!("FAIL  {}: {} example problem(s)", file.display(), problems.len());
                for p in problems {
                    println!("      {p}");
                }
            }
            Err(e) => {
                failed = true;
                println!("FAIL  {e}");
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
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

//! The other subcommands: `validate`, `test` (the contract runner), `health`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::TestArgs;
use crate::Config;
use crate::startup::builtin_behaviours;

pub(super) fn contract_test(args: TestArgs) -> ExitCode {
    let config = Config { specs: args.specs.clone(), ..Config::default() };
    let files = match config.spec_sources() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("secmock: {e}");
            return ExitCode::from(2);
        }
    };
    let specs = match crate::startup::load_specs(&files) {
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
    let options = crate::conformance::RunOptions {
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
    let report = match runtime.block_on(crate::conformance::run(spec, &options)) {
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

pub(super) fn health(url: &str, token: Option<&str>) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    let checked = match runtime {
        Ok(rt) => rt.block_on(crate::probe::check(url, token, std::time::Duration::from_secs(3))),
        Err(e) => Err(format!("cannot start the async runtime: {e}")),
    };
    match checked {
        Ok(crate::probe::Health::Up(body)) => println!("up: {body}"),
        Ok(crate::probe::Health::UpTokenRequired) => println!("up (an admin token is in force)"),
        Err(e) => {
            eprintln!("secmock health: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

pub(super) fn validate(files: Vec<PathBuf>) -> ExitCode {
    let (specs, scenarios): (Vec<PathBuf>, Vec<PathBuf>) = if files.is_empty() {
        (vec![crate::bundled::BUNDLED_SPECS.into()], scenario_files(std::path::Path::new("scenarios")))
    } else {
        files.into_iter().partition(|f| !is_scenario(f))
    };
    let specs = if specs.is_empty() { vec![crate::bundled::BUNDLED_SPECS.into()] } else { specs };
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
        match source.read().and_then(|doc| crate::spec::ApiSpec::from_document_checked(file, doc)) {
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
    let server = match crate::startup::assemble(&config, &builtin_behaviours) {
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
    server: &crate::server::Server,
    validator: &jsonschema::Validator,
    file: &std::path::Path,
) -> Vec<String> {
    let value = match crate::spec::read_document(file) {
        Ok(v) => v,
        Err(e) => return vec![e.to_string()],
    };
    let schema_errors: Vec<String> =
        validator.iter_errors(&value).map(|e| format!("at '{}': {e}", e.instance_path())).collect();
    if !schema_errors.is_empty() {
        return schema_errors;
    }
    match crate::world::Scenario::from_file(file) {
        Ok(scenario) => server.check(&scenario).err().into_iter().collect(),
        Err(e) => vec![e.to_string()],
    }
}

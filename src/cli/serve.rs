//! `secmock` and `secmock serve`: logging, the server built from the flags, the banner or
//! ready file, then running until SIGINT/SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::ServeArgs;
use crate::startup::{Application, builtin_behaviours};
use crate::telemetry::{self, LogFormat};

pub(super) fn serve(args: ServeArgs, release_freed_memory: fn()) -> ExitCode {
    let _logs = telemetry::init(args.log_format, args.log_queue_lines);
    crate::world::low_priority::give_back_freed_memory_with(release_freed_memory);
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
        tokio::select! {
            () = app.run_until(shutdown_signal()) => {}
            () = give_back_own_pages(release_freed_memory) => {}
        }
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}

/// This thread built the start-up world, and the allocator gives back what other threads
/// free in its pages only when this thread looks: it looks each time heavy admin work
/// (which replaces worlds) has ended.
async fn give_back_own_pages(release_freed_memory: fn()) {
    loop {
        crate::world::low_priority::heavy_work_ended().await;
        release_freed_memory();
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

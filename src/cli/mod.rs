//! The `secmock` command (the `cli` feature): parse the command line, then serve, validate,
//! run a contract against a real server, check a server's health or print completions.
//! Errors surface here, once, with their full context. The binary (`src/main.rs`) only
//! chooses the allocator and calls [`main`].

mod args;
mod commands;
mod serve;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Runs the command line; `release_freed_memory` (the binary's allocator gives freed
/// pages back to the OS) is called once start-up is over, and while heavy admin work
/// frees memory, from a low-priority thread of its own.
pub fn main(release_freed_memory: fn()) -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate { files }) => commands::validate(files),
        Some(Command::Health { url, admin_token }) => commands::health(&url, admin_token.as_deref()),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "secmock",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Some(Command::Serve(args)) => serve::serve(*args, release_freed_memory),
        Some(Command::Test(args)) => commands::contract_test(args),
        None => serve::serve(cli.serve, release_freed_memory),
    }
}

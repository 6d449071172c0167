//! The `secmock` binary: the allocator, and the command line, which lives in the library
//! (`secmock::cli`, the `cli` feature).

use std::process::ExitCode;

/// mimalloc rather than the system allocator: a mock serialises and frees JSON all day,
/// and glibc's allocator was a tenth of the work under load (benches/README.md). Only the
/// binary chooses; the library leaves the choice to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives the OS back the pages that loading specs and scenarios used and freed (mimalloc
/// keeps the freed pages of finished threads for later); once, when start-up is over:
/// idle RSS with the default scenario went from 80 to 57 MB, and to 39 MB with arenas
/// committed lazily, which `.cargo/config.toml` builds in as mimalloc's default (mimalloc
/// reads its options before `main`, so they cannot be set from here).
#[allow(unsafe_code)]
fn release_freed_memory() {
    // SAFETY: mi_collect has no preconditions: it walks mimalloc's own heaps, from any
    // thread, at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

fn main() -> ExitCode {
    secmock::cli::main(release_freed_memory)
}

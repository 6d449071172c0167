//! The `secmock` binary: the allocator, and the command line, which lives in the library
//! (`secmock::cli`, the `cli` feature).

use std::process::ExitCode;

/// mimalloc rather than the system allocator: a mock serialises and frees JSON all day,
/// and glibc's allocator was a tenth of the work under load (benches/README.md). Only the
/// binary chooses; the library leaves the choice to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives the OS back the pages that were used and freed, now rather than when mimalloc
/// would (a second later, on whichever thread allocates next). Once when start-up is
/// over: idle RSS with the default scenario went from 80 to 57 MB, and to 39 MB with
/// arenas committed lazily, which `.cargo/config.toml` builds in as mimalloc's default
/// (mimalloc reads its options before `main`, so they cannot be set from here). Then
/// while heavy admin work frees memory, from a low-priority thread, so that no request
/// thread spends tens of milliseconds doing it (`world::low_priority`).
#[allow(unsafe_code)]
fn release_freed_memory() {
    // SAFETY: mi_collect has no preconditions: it walks mimalloc's own heaps, from any
    // thread, at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

fn main() -> ExitCode {
    secmock::cli::main(release_freed_memory)
}

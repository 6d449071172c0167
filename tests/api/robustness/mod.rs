//! Robustness: the real `secmock` binary, as a CI job runs it, under the conditions that
//! used to stop it answering: a stderr nobody reads, idle and slowloris connection floods,
//! a low file-descriptor limit. Every test bounds what it sends (127.0.0.1 only) and how
//! long it waits: a hang fails the test instead of hanging it.

mod connections;
pub(crate) mod harness;
mod logging;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Longest the binary may take to print its banner (a debug build loading every spec).
const START_UP: Duration = Duration::from_secs(60);

/// A `secmock` process on ephemeral ports of 127.0.0.1, killed when dropped.
pub(crate) struct Secmock {
    child: Child,
    urls: BTreeMap<String, String>,
    stderr: Option<ChildStderr>,
}

/// What to do with the process's standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stderr {
    /// A pipe nobody reads until [`Secmock::read_stderr`]: what a CI runner that reads
    /// logs only at exit looks like to the server.
    Unread,
    /// Read as it is written, from the start.
    Read,
}

impl Secmock {
    /// Starts the binary with `args` after the ones that put every port on 0.
    pub(crate) fn start(args: &[&str], stderr: Stderr, env: &[(&str, &str)]) -> (Secmock, Option<StderrLines>) {
        Secmock::spawn(Command::new(env!("CARGO_BIN_EXE_secmock")), args, stderr, env)
    }

    /// Starts the binary under `ulimit -n open_files` (soft and hard: it cannot raise it).
    pub(crate) fn start_with_open_files(
        open_files: u32,
        args: &[&str],
        stderr: Stderr,
        env: &[(&str, &str)],
    ) -> (Secmock, Option<StderrLines>) {
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(format!("ulimit -n {open_files} && exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_secmock"));
        Secmock::spawn(shell, args, stderr, env)
    }

    fn spawn(
        mut command: Command,
        args: &[&str],
        stderr: Stderr,
        env: &[(&str, &str)],
    ) -> (Secmock, Option<StderrLines>) {
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--admin-port", "0", "--clock", "manual"])
            .args(
                ["dryrun", "kolega", "platform", "securescan"]
                    .iter()
                    .flat_map(|api| ["--port".into(), format!("{api}=0")]),
            )
            .args(args)
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("secmock starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr_pipe = child.stderr.take().expect("stderr is piped");
        let mut secmock = Secmock { child, urls: BTreeMap::new(), stderr: Some(stderr_pipe) };
        let lines = (stderr == Stderr::Read).then(|| secmock.read_stderr());
        let banner = read_lines(stdout);
        let deadline = Instant::now() + START_UP;
        while !secmock.urls.contains_key("admin") {
            let line = match banner.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => line,
                Err(e) => panic!("no banner from secmock ({e}); it printed {:?}", secmock.urls),
            };
            let mut words = line.split_whitespace();
            if let (Some(name), Some(url)) = (words.next(), words.next())
                && url.starts_with("http://")
            {
                secmock.urls.insert(name.to_string(), url.to_string());
            }
        }
        // The rest of stdout is read (and dropped) by the banner thread until exit.
        (secmock, lines)
    }

    /// An API's base URL, or the admin API's (`"admin"`).
    pub(crate) fn url(&self, name: &str) -> &str {
        self.urls.get(name).unwrap_or_else(|| panic!("no '{name}' in the banner: {:?}", self.urls))
    }

    /// An API's `host:port`.
    pub(crate) fn addr(&self, name: &str) -> std::net::SocketAddr {
        let url = self.url(name);
        url.trim_start_matches("http://").parse().unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    /// Starts reading the process's standard error.
    pub(crate) fn read_stderr(&mut self) -> StderrLines {
        StderrLines { lines: read_lines(self.stderr.take().expect("stderr is read once")), seen: Vec::new() }
    }
}

impl Drop for Secmock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Lines of a pipe, read by a thread as they come.
fn read_lines(pipe: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// The process's standard error, line by line.
pub(crate) struct StderrLines {
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl StderrLines {
    /// Waits (up to `within`) until the lines written so far satisfy `done`; false if
    /// they never did.
    pub(crate) fn wait_until(&mut self, within: Duration, done: impl Fn(&[String]) -> bool) -> bool {
        let deadline = Instant::now() + within;
        while !done(&self.seen) {
            match self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => self.seen.push(line),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return false,
            }
        }
        true
    }

    /// Every line written so far (waiting `settle` for stragglers).
    pub(crate) fn so_far(&mut self, settle: Duration) -> &[String] {
        let deadline = Instant::now() + settle;
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            self.seen.push(line);
        }
        &self.seen
    }
}

/// A client whose every request fails after `timeout` rather than hang.
pub(crate) fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder().timeout(timeout).build().expect("client builds")
}

/// The default scenario's Kolega demo key (README.md).
pub(crate) const KOLEGA_KEY: &str = "Bearer kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz";

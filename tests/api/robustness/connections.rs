//! Connections that do not talk cost little and lock no one out: idle ones are closed after
//! the idle timeout, slowloris ones after the header timeout, a port at its cap makes room
//! by closing the longest idle, and a low file-descriptor limit is shared out between the
//! ports instead of running out. (Before: 1,000 idle connections stayed open 45 s, and 300
//! under `ulimit -n 256` made every port unreachable and logged 1,568 "accept failed".)

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

use super::{KOLEGA_KEY, Secmock, Stderr, client};

/// Longest any test waits for a connection to be closed: far above the timeouts the
/// tests set, so only a connection that is never closed fails them.
const CLOSED_WITHIN: Duration = Duration::from_secs(10);

/// Reads what has arrived (0 at EOF). By hand: tokio's `io-util` is not among the features
/// secmock builds tokio with.
async fn read_some(stream: &TcpStream, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        stream.readable().await?;
        match stream.try_read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            read => return read,
        }
    }
}

async fn write_all(stream: &TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        stream.writable().await?;
        match stream.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Connects `count` clients that send nothing.
async fn idle_connections(addr: SocketAddr, count: usize) -> Vec<TcpStream> {
    let mut streams = Vec::with_capacity(count);
    for _ in 0..count {
        streams.push(TcpStream::connect(addr).await.expect("connects"));
    }
    streams
}

/// Connects `count` clients that send a request head a byte every `every`, never
/// finishing it; each task ends when the server closes its connection (with the time
/// that took), or after `CLOSED_WITHIN` with `None`.
async fn slowloris(addr: SocketAddr, count: usize, every: Duration) -> tokio::task::JoinSet<Option<Duration>> {
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..count {
        let stream = TcpStream::connect(addr).await.expect("connects");
        clients.spawn(async move {
            let started = Instant::now();
            let drip = async {
                for byte in b"GET /api/v1/quotas/balance HTTP/1.1\r\nx-slow: ".iter().cycle() {
                    if write_all(&stream, &[*byte]).await.is_err() {
                        break;
                    }
                    tokio::time::sleep(every).await;
                }
                std::future::pending::<()>().await;
            };
            let mut buf = [0u8; 256];
            tokio::select! {
                _ = read_some(&stream, &mut buf) => Some(started.elapsed()),
                _ = drip => None,
                _ = tokio::time::sleep(CLOSED_WITHIN) => None,
            }
        });
    }
    clients
}

/// Waits for the server to close `stream` (EOF or reset); the time that took, or `None`
/// after `CLOSED_WITHIN`.
async fn closed_after(stream: TcpStream, started: Instant) -> Option<Duration> {
    let mut buf = [0u8; 4096];
    let closed = async {
        loop {
            match read_some(&stream, &mut buf).await {
                Ok(0) | Err(_) => return started.elapsed(),
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(CLOSED_WITHIN, closed).await.ok()
}

/// A fresh client's request to Kolega and to the admin API, each answered within 5 s.
async fn fresh_client_is_served(secmock: &Secmock) {
    let http = client(Duration::from_secs(5));
    let balance = http
        .get(format!("{}/api/v1/quotas/balance", secmock.url("kolega")))
        .header("authorization", KOLEGA_KEY)
        .send()
        .await
        .expect("Kolega answers a fresh client");
    assert_eq!(balance.status(), 200);
    let health = http.get(format!("{}/health", secmock.url("admin"))).send().await.expect("the admin API answers");
    assert_eq!(health.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_waiting_for_a_request_are_closed_after_the_idle_timeout() {
    let (secmock, _) = Secmock::start(&["--idle-timeout", "1s", "--header-timeout", "60s"], Stderr::Read, &[]);
    let started = Instant::now();
    let idle = idle_connections(secmock.addr("kolega"), 20).await;
    // A keep-alive connection after its answer is waiting for a request too.
    let kept_alive = TcpStream::connect(secmock.addr("admin")).await.expect("connects");
    write_all(&kept_alive, b"GET /health HTTP/1.1\r\nhost: secmock\r\n\r\n").await.expect("sent");
    fresh_client_is_served(&secmock).await;
    let waits = futures_util::future::join_all(
        idle.into_iter().chain([kept_alive]).map(|stream| closed_after(stream, started)),
    )
    .await;
    assert!(waits.iter().all(Option::is_some), "not all closed within {CLOSED_WITHIN:?}: {waits:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slowloris_connections_are_closed_after_the_header_timeout() {
    let (secmock, _) = Secmock::start(&["--header-timeout", "1s", "--idle-timeout", "60s"], Stderr::Read, &[]);
    let clients = slowloris(secmock.addr("kolega"), 100, Duration::from_millis(200)).await;
    fresh_client_is_served(&secmock).await;
    let waits = clients.join_all().await;
    assert!(waits.iter().all(Option::is_some), "not all closed within {CLOSED_WITHIN:?}: {waits:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_cap_a_newcomer_closes_the_longest_idle_connection() {
    let (secmock, _) = Secmock::start(&["--max-connections", "20"], Stderr::Read, &[]);
    let started = Instant::now();
    let oldest = idle_connections(secmock.addr("kolega"), 10).await;
    let _slowloris = slowloris(secmock.addr("kolega"), 100, Duration::from_millis(200)).await;
    fresh_client_is_served(&secmock).await;
    // The default timeouts are 10 and 30 s: only eviction closes these within the wait.
    let waits = futures_util::future::join_all(oldest.into_iter().map(|s| closed_after(s, started))).await;
    assert!(waits.iter().all(Option::is_some), "the oldest idle connections were not evicted: {waits:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_under_a_low_open_files_limit_locks_no_one_out() {
    let (secmock, stderr) =
        Secmock::start_with_open_files(256, &[], Stderr::Read, &[("RUST_LOG", "warn,secmock::access=off")]);
    let mut stderr = stderr.expect("stderr is read");
    // More connections than the process has descriptors, on an API port and the admin port.
    let _idle = idle_connections(secmock.addr("kolega"), 300).await;
    let _slowloris = slowloris(secmock.addr("admin"), 100, Duration::from_millis(200)).await;
    fresh_client_is_served(&secmock).await;
    let failures = stderr.so_far(Duration::from_millis(300)).iter().filter(|l| l.contains("accept failed")).count();
    assert!(failures <= 3, "{failures} 'accept failed' lines: {:?}", stderr.so_far(Duration::ZERO));
}

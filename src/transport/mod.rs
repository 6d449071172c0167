//! The transport: accepting connections and speaking HTTP/1.1 for one port. It is here,
//! below axum, because some things cannot be done from inside a handler:
//!
//! - closing a connection without answering (the `drop` fault) and resetting it with a
//!   TCP RST (the `reset` fault, via `SO_LINGER 0`). A handler marks its response with
//!   `Sever`; the connection's service then fails instead of answering, and hyper closes
//!   the socket;
//! - bounding what a connection that is not talking may cost: a connection waiting for a
//!   request is closed after the idle timeout, one sending a request's head after the
//!   header timeout (slowloris), and a port at its cap of open connections closes the one
//!   idle the longest to let a newcomer in ([`open_connections`]). The caps of all ports
//!   fit in the file-descriptor limit ([`limits`]), and if `accept` fails all the same the
//!   loop backs off instead of spinning ([`backoff`]). Under a flood of 1,000 idle
//!   connections, or 300 with `ulimit -n 256`, every port goes on answering;
//! - HTTPS (`tls`): the handshake runs on the same tracked connection, so an idle or
//!   stalled handshake is closed like any idle connection.

mod activity;
mod backoff;
mod connection;
mod limits;
mod open_connections;
#[cfg(feature = "tls")]
pub(crate) mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use self::activity::TrackedBody;
use self::backoff::AcceptBackoff;
use self::connection::Connection;
use self::open_connections::{OpenConnections, Registration};
use crate::config::ConnectionLimits;
use crate::engine::Sever;

pub(crate) use self::limits::fit_to_descriptor_limit;

/// What turns a port into an HTTPS one.
#[cfg(feature = "tls")]
pub(crate) type Acceptor = tokio_rustls::TlsAcceptor;
/// Without the `tls` feature there is no HTTPS: no acceptor can exist.
#[cfg(not(feature = "tls"))]
#[derive(Clone, Debug)]
pub(crate) enum Acceptor {}

/// The error a severed connection's service returns; hyper closes the connection on it.
#[derive(Debug, thiserror::Error)]
#[error("connection severed by an injected fault")]
struct Severed;

/// Serves `router` on `listener` until `shutdown` completes, then lets in-flight requests
/// finish (up to `grace`).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
    limits: ConnectionLimits,
    grace: Duration,
    tls: Option<Acceptor>,
) {
    let graceful = GracefulShutdown::new();
    let open = OpenConnections::new(limits);
    // A JoinSet so that the reaper stops with this function, however it ends.
    let mut reaper = tokio::task::JoinSet::new();
    reaper.spawn(open.clone().reap());
    let mut backoff = AcceptBackoff::default();
    tokio::pin!(shutdown);
    'serving: loop {
        // At the cap with nothing to evict, newcomers wait in the kernel's backlog until a
        // connection closes or finishes its request, rather than being accepted and dropped.
        while open.full_of_busy() {
            tokio::select! {
                _ = &mut shutdown => break 'serving,
                _ = open.room_freed() => {}
            }
        }
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                backoff.succeeded(tokio::time::Instant::now());
                spawn_connection(stream, open.admit(), router.clone(), &graceful, tls.clone());
            }
            Err(e) if backoff::concerns_one_connection(&e) => tracing::debug!("accept: {e}"),
            Err(e) => {
                if backoff::out_of_descriptors(&e) {
                    open.evict_long_idle();
                }
                let pause = backoff.failed(&e, tokio::time::Instant::now());
                tokio::select! {
                    _ = &mut shutdown => break,
                    _ = tokio::time::sleep(pause) => {}
                }
            }
        }
    }
    drop(listener);
    // Nothing to lose on a connection with no request in flight; the others are told to
    // close once their response is sent.
    open.close_idle();
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(grace) => tracing::warn!("connections still open after {grace:?}; closing"),
    }
}

fn spawn_connection(
    stream: TcpStream,
    registration: Registration,
    router: Router,
    graceful: &GracefulShutdown,
    tls: Option<Acceptor>,
) {
    let _ = stream.set_nodelay(true);
    let activity = registration.activity().clone();
    let reset = Arc::new(AtomicBool::new(false));
    let io = Connection::new(stream, reset.clone(), activity.clone());
    let service = {
        let activity = activity.clone();
        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            // Called as soon as the head is parsed: from here to the response's last byte
            // no deadline of this connection runs and it cannot be evicted.
            let in_flight = activity.request_started();
            let router = router.clone();
            let reset = reset.clone();
            async move {
                let response = router.oneshot(request.map(axum::body::Body::new)).await.unwrap_or_else(|e| match e {});
                match response.extensions().get::<Sever>() {
                    Some(sever) => {
                        reset.store(sever.reset, Ordering::Relaxed);
                        Err(Severed)
                    }
                    None => Ok(response.map(|body| TrackedBody::new(body, in_flight))),
                }
            }
        })
    };
    let http = hyper::server::conn::http1::Builder::new();
    let watcher = graceful.watcher();
    tokio::spawn(async move {
        let served = async move {
            match tls {
                None => {
                    watcher.watch(http.serve_connection(TokioIo::new(io), service)).await.map_err(|e| e.to_string())
                }
                #[cfg(feature = "tls")]
                Some(acceptor) => match acceptor.accept(io).await {
                    Ok(tls) => watcher
                        .watch(http.serve_connection(TokioIo::new(tls), service))
                        .await
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(format!("TLS handshake failed: {e}")),
                },
                #[cfg(not(feature = "tls"))]
                Some(never) => match never {},
            }
        };
        tokio::select! {
            ended = served => if let Err(e) = ended {
                tracing::debug!("connection ended: {e}");
            },
            // Idle, too slow, or evicted: dropping the connection closes its socket.
            _ = activity.close_requested() => {}
        }
        drop(registration);
    });
}

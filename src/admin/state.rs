//! State snapshots: export and import every API's state (with its RNG position).
//!
//! An export of a 100k-finding world is tens of megabytes. It is written straight from
//! the state into the response, a chunk at a time, by a blocking task: no copy of the
//! whole document is built, and no async worker is held while it is written, so the
//! other APIs keep answering. An import is parsed and checked off the async workers too
//! (`super::offload`), and its size is bounded by `--admin-body-limit`.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::AdminCall;
use crate::reply::{Answer, Body, Reply};
use crate::server::Server;

/// How much is written before a chunk goes to the client, and how many chunks may wait.
const CHUNK: usize = 64 * 1024;
const CHUNKS_IN_FLIGHT: usize = 8;
/// The export holds its API's state lock while it writes: a client that stops reading
/// for this long loses the export rather than stalling that API any longer.
const STALLED_READER: Duration = Duration::from_secs(10);

pub(crate) fn export(call: &AdminCall<'_>) -> Answer {
    let api = call.api()?;
    let server: Arc<Server> = call.server.clone();
    let (tx, rx) = mpsc::channel::<Bytes>(CHUNKS_IN_FLIGHT);
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut out = ChunkWriter { tx, runtime, buffer: Vec::with_capacity(CHUNK) };
        let written = server.export_state(api.as_deref(), &mut out).and_then(|()| out.flush());
        if let Err(e) = written {
            tracing::warn!("state export stopped: {e}");
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|chunk| (Ok(chunk), rx)) });
    let body = Body::Stream { content_type: "application/json".into(), stream: Box::pin(stream) };
    Ok(Reply::with_body(200, body))
}

/// A `Write` that hands full chunks to the response stream, waiting (a bounded time) while
/// the client is behind.
struct ChunkWriter {
    tx: mpsc::Sender<Bytes>,
    runtime: tokio::runtime::Handle,
    buffer: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK)));
        let sent = self.runtime.block_on(tokio::time::timeout(STALLED_READER, self.tx.send(chunk)));
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")),
            Err(_) => Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "the client stopped reading")),
        }
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

pub(crate) fn import(call: &AdminCall<'_>) -> Answer {
    // Borrowed from the request: a snapshot of a big world is not copied.
    let apis: BTreeMap<&str, &Value> = call
        .request
        .body_field("apis")
        .and_then(Value::as_object)
        .map(|apis| apis.iter().map(|(name, snapshot)| (name.as_str(), snapshot)).collect())
        .unwrap_or_default();
    if let Some(scope) = call.scope
        && let Some(other) = apis.keys().find(|name| **name != scope)
    {
        return Err(call.not_found(&format!("this admin mount is scoped to '{scope}', not '{other}'")));
    }
    if let Some(unknown) = apis.keys().find(|name| call.server.api(name).is_none()) {
        return Err(call.not_found(&format!("no API named '{unknown}'")));
    }
    call.server.import_state(&apis).map_err(|e| call.invalid(&e))?;
    Ok(Reply::json(200, json!({ "imported": apis.keys().collect::<Vec<_>>() })))
}

//! The engine's hook for stubs (`world::stubs`): after a request is known to be valid
//! (credentials, parameters, body) and before the behaviour answers, the API's stubs get
//! the first word. After validation, so that a stub never hides a client's mistake: a
//! request the real API would refuse is refused here too, stubbed or not.

use http::request::Parts;

use super::Engine;
use super::pipeline::Answer;
use crate::spec::Operation;
use crate::world::stubs::StubRequest;

/// The answer of the first stub that matches, if any.
pub(super) fn answer<'s>(engine: &Engine, parts: &Parts, body: &[u8], op: &'s Operation) -> Option<Answer<'s>> {
    let request = StubRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body,
    };
    let (stub, reply) = engine.world.stubs.answer(engine.api.name(), &request)?;
    let mut answer = Answer::of(op, reply);
    answer.stub = Some(stub);
    Some(answer)
}

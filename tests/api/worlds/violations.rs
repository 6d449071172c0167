//! A dropped `MockServer` fails the test for a contract violation left unreported in any
//! of its worlds, as it does for the default world's; worlds of a spec of one's own get
//! fresh behaviours from the builder's factory.

use reqwest::Method;

use crate::helpers::{client, exchange};
use crate::world::world_server;

async fn broken_in(server: &secmock::MockServer, world: &str) {
    let url = format!("{}/w/{world}/broken", server.url("builds"));
    let (status, problem) = exchange(client().request(Method::GET, url).bearer_auth("good"), None).await;
    assert_eq!(status, 500, "strict: {problem}");
}

#[tokio::test]
async fn an_unreported_violation_in_a_world_fails_the_test_on_drop() {
    let server = world_server("small", true).await;
    server.create_world(Some("v"), Some("small")).expect("a world of the fixture's own APIs");
    broken_in(&server, "v").await;
    assert!(server.violations().is_empty(), "the default world has none");
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(server)));
    let message = dropped.expect_err("the drop fails the test");
    let message = message.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("1 contract violation(s) went unreported in other worlds"), "{message}");
    assert!(message.contains("[v] GET /broken"), "{message}");
}

#[tokio::test]
async fn a_violation_looked_at_in_its_world_is_reported() {
    let server = world_server("small", true).await;
    let world = server.create_world(Some("v"), Some("small")).expect("created");
    broken_in(&server, "v").await;
    assert_eq!(world.violations().len(), 1);
}

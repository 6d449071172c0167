//! URLs a world renders keep its prefix, so that a client following them stays in it.

use reqwest::Method;
use secmock::MockServer;
use serde_json::json;

use super::create;
use crate::helpers::{Api, admin, client, fetch};

#[tokio::test]
async fn created_worlds_answer_with_a_location_and_prefixed_urls() {
    let server = MockServer::start().await;
    let created = fetch(client().post(format!("{}/worlds", server.admin_url())).json(&json!({"name": "loc"}))).await;
    assert_eq!(created.status, 201);
    assert_eq!(created.header("location"), "/__secmock/worlds/loc");
    let (status, apis) = admin(&server, Method::GET, "/w/loc/apis", None).await;
    assert_eq!(status, 200, "{apis}");
    for api in apis["apis"].as_array().expect("apis") {
        let base = api["base_url"].as_str().expect("a base url");
        assert!(base.ends_with("/w/loc"), "{api}");
    }
}

#[tokio::test]
async fn a_device_flow_started_in_a_world_sends_the_device_to_that_world() {
    let server = MockServer::start().await;
    create(&server, json!({"name": "dev"})).await;
    let kolega = Api::of(&server, "kolega").under("/w/dev");
    let device = kolega.post("/oauth/device/code", json!({"client_name": "kolega-cli/0.1.0"})).await.expect(200);
    let page = device["verification_uri"].as_str().expect("a verification uri");
    assert_eq!(page, format!("{}/w/dev/device", server.url("kolega")));
    let followed = fetch(client().get(page)).await;
    assert_eq!(followed.status, 200, "the link leads to the world's device page");
    let (_, journal) = admin(&server, Method::GET, "/w/dev/journal", None).await;
    assert_eq!(journal["entries"][0]["path"], "/device", "{journal}");
}

#[tokio::test]
async fn redirects_keep_the_world_prefix() {
    let server = MockServer::start().await;
    create(&server, json!({"name": "r"})).await;
    let kolega = server.url("kolega");
    let slashed = fetch(client().get(format!("{kolega}/w/r/api/v1/repositories/?limit=5"))).await;
    assert_eq!(slashed.status, 307);
    assert_eq!(slashed.header("location"), "/w/r/api/v1/repositories?limit=5");
    let admin = fetch(client().get(format!("{kolega}/w/r/__secmock"))).await;
    assert_eq!(admin.status, 308);
    assert_eq!(admin.header("location"), "/w/r/__secmock/");
    let page = fetch(client().get(format!("{kolega}/w/r/__secmock/"))).await;
    assert_eq!(page.status, 200, "the world's dashboard");
}

#[tokio::test]
async fn artifact_urls_of_a_world_lead_back_into_it() {
    use crate::platform::{FIRST_SCAN, PAYMENTS_API, RW_KEY};
    let server = MockServer::start().await;
    create(&server, json!({"name": "art", "scenario": "platform-ci"})).await;
    let platform = Api::of(&server, "platform").under("/w/art").with_key(RW_KEY);
    let scan = platform.get(&format!("/v1/repositories/{PAYMENTS_API}/scans/{FIRST_SCAN}")).await.expect(200);
    let url = scan["artifacts"]["sarif"]["url"].as_str().expect("a pre-signed URL");
    assert!(url.starts_with(&format!("{}/w/art/", server.url("platform"))), "{url}");
    let before = server.journal().len();
    let sarif = client().get(url).send().await.expect("the artifact URL answers");
    assert_eq!(sarif.status(), 200);
    assert_eq!(server.journal().len(), before, "served by the world, not the default one");
}

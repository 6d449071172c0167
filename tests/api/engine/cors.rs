//! CORS: a web application in a browser may call the API ports (any origin by default, or
//! the origins `--cors` names); preflights are answered from the route table; the admin
//! plane never answers a browser from another origin.

use reqwest::Method;

use crate::helpers::{client, fetch, fixture_builder_with};

const ORIGIN: &str = "http://localhost:3000";

#[tokio::test]
async fn a_preflight_is_answered_from_the_route_table_and_answers_name_the_origin() {
    let server = fixture_builder_with(&["petstore-31.yaml"], |_| {}).await;
    let url = server.url("petstore");
    let preflight = client()
        .request(Method::OPTIONS, format!("{url}/pets/1"))
        .header("origin", ORIGIN)
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "authorization, content-type")
        .send()
        .await
        .expect("sent");
    assert_eq!(preflight.status(), 204);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
    };
    assert_eq!(header(&preflight, "access-control-allow-origin"), ORIGIN);
    let methods = header(&preflight, "access-control-allow-methods");
    assert!(methods.contains("GET") && methods.contains("PUT"), "{methods}");
    assert_eq!(header(&preflight, "access-control-allow-headers"), "authorization, content-type");

    let answer = client().get(format!("{url}/pets/mine")).header("origin", ORIGIN).send().await.expect("sent");
    assert_eq!(header(&answer, "access-control-allow-origin"), ORIGIN);
    assert_eq!(header(&answer, "vary"), "Origin");
    // No preflight for a path the API does not have: the pipeline answers it.
    let nowhere = fetch(
        client()
            .request(Method::OPTIONS, format!("{url}/nowhere"))
            .header("origin", ORIGIN)
            .header("access-control-request-method", "GET"),
    )
    .await;
    assert_ne!(nowhere.status, 204);
    // A request without an Origin (not from a browser) gets no CORS headers.
    let plain = fetch(client().get(format!("{url}/pets/mine"))).await;
    assert!(plain.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn the_admin_plane_never_answers_another_origin() {
    let server = fixture_builder_with(&["petstore-31.yaml"], |_| {}).await;
    for url in [format!("{}/health", server.admin_url()), format!("{}/__secmock/health", server.url("petstore"))] {
        let preflight = fetch(
            client()
                .request(Method::OPTIONS, &url)
                .header("origin", ORIGIN)
                .header("access-control-request-method", "POST"),
        )
        .await;
        assert!(preflight.headers.get("access-control-allow-origin").is_none(), "{url}");
        let get = client().get(&url).header("origin", ORIGIN).send().await.expect("sent");
        assert!(get.headers().get("access-control-allow-origin").is_none(), "{url}");
    }
}

#[tokio::test]
async fn cors_names_only_the_origins_it_is_given() {
    let server = fixture_builder_with(&["petstore-31.yaml"], |c| {
        c.cors = secmock::CorsPolicy::Origins(vec![ORIGIN.to_string()]);
    })
    .await;
    let url = format!("{}/pets/mine", server.url("petstore"));
    let other = fetch(client().get(&url).header("origin", "https://evil.test")).await;
    assert!(other.headers.get("access-control-allow-origin").is_none());
    let listed = fetch(client().get(&url).header("origin", ORIGIN)).await;
    assert_eq!(listed.headers["access-control-allow-origin"], ORIGIN);
}

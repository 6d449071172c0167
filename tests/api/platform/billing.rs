//! Billing computed from usage in the requested month.

use serde_json::json;

use super::{DANA, PAYMENTS_API, as_user, ci};
use crate::helpers::assert_has;

#[tokio::test]
async fn billing_counts_the_months_scans_and_lines_and_refuses_a_future_month() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let march = dana.get("/v1/billing/summary").await.expect(200);
    assert_has(
        &march,
        json!({"period": {"label": "2026-03", "start": "2026-03-01T00:00:00Z", "is_current": true},
                              "currency": "USD", "total": "0.00"}),
    );
    assert_has(&march["usage"][0], json!({"meter": "scans", "quantity": 1, "included": 100, "billable": 0}));
    let lines = march["usage"][1]["quantity"].as_f64().unwrap_or_default();
    assert!(lines > 0.0, "the completed scan's lines: {march}");
    dana.post(&format!("/v1/repositories/{PAYMENTS_API}/scans"), json!({})).await.expect(202);
    let after = dana.get("/v1/billing/summary?period=2026-03").await.expect(200);
    assert_eq!(after["usage"][0]["quantity"], 2);
    let february = dana.get("/v1/billing/summary?period=2026-02").await.expect(200);
    assert_has(&february, json!({"period": {"is_current": false}}));
    assert_eq!(february["usage"][0]["quantity"], 0);
    let future = dana.get("/v1/billing/summary?period=2026-04").await.expect(422);
    assert_eq!(future["detail"][0]["loc"], json!(["query", "period"]));
}

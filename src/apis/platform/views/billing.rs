//! The billing summary of one month.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::platform::model::billing::{Meter, Period, money};

#[derive(Debug, Serialize)]
struct PeriodView<'a> {
    label: &'a str,
    start: Timestamp,
    end: Timestamp,
    is_current: bool,
}

/// A quantity: whole numbers as integers (`142`, not `142.0`), as the platform writes them.
#[derive(Debug)]
struct Quantity(f64);

impl Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

#[derive(Debug, Serialize)]
struct UsageView {
    meter: &'static str,
    unit: &'static str,
    quantity: Quantity,
    included: Quantity,
    billable: Quantity,
}

#[derive(Debug, Serialize)]
struct CostView {
    meter: &'static str,
    description: &'static str,
    quantity: Quantity,
    unit_price: &'static str,
    amount: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct BillingView<'a> {
    period: PeriodView<'a>,
    currency: &'static str,
    usage: Vec<UsageView>,
    costs: Vec<CostView>,
    subtotal: String,
    credits: String,
    total: String,
}

impl<'a> BillingView<'a> {
    pub(crate) fn new(p: &'a Period, meters: &[Meter]) -> Self {
        let subtotal: i64 = meters.iter().map(|m| m.cents).sum();
        BillingView {
            period: PeriodView { label: &p.label, start: p.start, end: p.end, is_current: p.is_current },
            currency: "USD",
            usage: meters
                .iter()
                .map(|m| UsageView {
                    meter: m.name,
                    unit: m.unit,
                    quantity: Quantity(m.quantity),
                    included: Quantity(m.included),
                    billable: Quantity(m.billable()),
                })
                .collect(),
            costs: meters
                .iter()
                .map(|m| CostView {
                    meter: m.name,
                    description: m.description,
                    quantity: Quantity(m.billable()),
                    unit_price: m.unit_price,
                    amount: money(m.cents),
                })
                .collect(),
            subtotal: money(subtotal),
            credits: money(0),
            total: money(subtotal),
        }
    }
}

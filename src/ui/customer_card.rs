//! One customer opened from the table: their figures from every model and their orders, newest first,
//! read by the worker from the table of the last analysis.

use leptos::prelude::*;

use super::state::{Actions, AppState, Opened};
use crate::charts::{amount, grouped, thousands};
use crate::core::report::customer_row::CustomerRow;
use crate::core::report::history::{History, PastOrder};

/// Orders listed at most; the card says how many more there are.
const ORDERS_SHOWN: usize = 50;

/// Products named per order before "and N more".
const ITEMS_NAMED: usize = 4;

/// The customer's row of the analysis shown (rows are sorted by id).
fn row_of(state: AppState, id: &str) -> Option<CustomerRow> {
    state.analysis.with(|a| {
        let rows = &a.as_ref()?.customers;
        let i = rows.binary_search_by(|c| c.id.as_str().cmp(id)).ok()?;
        Some(rows[i].clone())
    })
}

/// The card, while a customer is open.
#[component]
pub fn CustomerCard() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    move || {
        let Opened { id, orders } = state.opened.get()?;
        let row = row_of(state, &id);
        let facts = row.map(|c| facts(state, &c));
        let orders = match orders {
            None => view! { <p class="muted">"Reading the orders…"</p> }.into_any(),
            Some(Err(why)) => view! { <p class="warning">{why}</p> }.into_any(),
            Some(Ok(h)) => orders_table(&h).into_any(),
        };
        Some(view! {
            <section class="customer-card" id="customer-card" aria-label=format!("Customer {id}")>
                <div class="table-head">
                    <h3>{format!("Customer {id}")}</h3>
                    <button type="button" class="button" id="close-customer"
                        on:click=move |_| actions.close_customer()>"Close"</button>
                </div>
                {facts}
                {orders}
            </section>
        })
    }
}

/// What each model says of the customer, as a definition list.
fn facts(state: AppState, c: &CustomerRow) -> impl IntoView {
    let pct = |p: f64| format!("{:.0}%", p * 100.0);
    let cluster = c
        .cluster
        .is_some()
        .then(|| state.cluster_names.with(|n| n.row_label(c)));
    let value = c.clv.map(|v| match (c.clv_low, c.clv_high) {
        (Some(lo), Some(hi)) => format!(
            "{} (90% interval {} to {})",
            amount(v),
            amount(lo),
            amount(hi)
        ),
        _ => amount(v),
    });
    let referrals = c.direct_referrals.filter(|&n| n > 0).map(|n| {
        format!(
            "{} direct, {} below in all",
            thousands(u64::from(n)),
            thousands(u64::from(c.downline_size.unwrap_or(0)))
        )
    });
    let rows: Vec<(&str, Option<String>)> = vec![
        ("First purchase", Some(c.first_purchase.clone())),
        (
            "Last purchase",
            Some(format!(
                "{} ({} days before the analysis date)",
                c.last_purchase,
                grouped(c.recency as f64, 0)
            )),
        ),
        ("Orders", Some(thousands(u64::from(c.frequency)))),
        ("Spend", Some(amount(c.monetary))),
        (
            "RFM scores",
            Some(format!(
                "R {} F {} M {}: {}",
                c.r,
                c.f,
                c.m,
                c.segment.name()
            )),
        ),
        ("P(alive)", c.p_alive.map(pct)),
        (
            "Expected purchases",
            c.expected_purchases.map(|v| grouped(v, 2)),
        ),
        ("Lifetime value", value),
        ("Tier", c.clv_tier.clone()),
        ("Cluster", cluster),
        (
            "Offers",
            c.recommended_products.clone().filter(|s| !s.is_empty()),
        ),
        ("Referred by", c.sponsor.clone()),
        ("Referrals", referrals),
    ];
    let items = rows
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| view! { <dt>{k}</dt><dd>{v}</dd> }))
        .collect_view();
    view! { <dl class="facts" id="customer-facts">{items}</dl> }
}

/// An order's products in a few words.
fn items(o: &PastOrder) -> String {
    let named: Vec<String> = o
        .lines
        .iter()
        .take(ITEMS_NAMED)
        .map(|l| {
            let name = l
                .product
                .clone()
                .unwrap_or_else(|| format!("line {}", l.file_line));
            match l.quantity {
                Some(q) => format!(
                    "{name} \u{d7} {}",
                    grouped(q, if q.fract() == 0.0 { 0 } else { 2 })
                ),
                None => name,
            }
        })
        .collect();
    let more = o.lines.len().saturating_sub(ITEMS_NAMED);
    if more > 0 {
        format!("{}; and {more} more", named.join("; "))
    } else {
        named.join("; ")
    }
}

/// The orders, newest first.
fn orders_table(h: &History) -> impl IntoView {
    let rows = h
        .orders
        .iter()
        .take(ORDERS_SHOWN)
        .map(|o| {
            view! {
                <tr>
                    <td>{o.date.clone()}</td>
                    <td class="num">{thousands(o.lines.len() as u64)}</td>
                    <td class="num">{amount(o.amount)}</td>
                    <td>{items(o)}</td>
                </tr>
            }
        })
        .collect_view();
    let shown_lines: usize = h.orders.iter().map(|o| o.lines.len()).sum();
    let note = (h.orders.len() > ORDERS_SHOWN || h.lines > shown_lines).then(|| {
        format!(
            "The newest {} orders are listed; the customer has {} lines in all.",
            ORDERS_SHOWN.min(h.orders.len()),
            thousands(h.lines as u64)
        )
    });
    view! {
        <table class="compact" id="customer-orders">
            <thead><tr><th>"Date"</th><th class="num">"Lines"</th><th class="num">"Value"</th><th>"Items"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {note.map(|n| view! { <p class="muted">{n}</p> })}
    }
}

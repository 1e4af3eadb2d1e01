//! The customer table: searchable, sortable, paged, and downloadable as CSV made in the browser.

use std::cmp::Ordering;
use std::sync::Arc;

use leptos::prelude::*;

use super::download::save_text;
use super::state::{Actions, AppState};
use crate::charts::{amount, grouped, thousands};
use crate::core::report::customer_row::CustomerRow;
use crate::core::report::export::customers_csv;
use crate::core::report::Analysis;

const PAGE: usize = 25;

/// Sortable columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Id,
    Recency,
    Frequency,
    Monetary,
    Score,
    Segment,
    Clv,
    Alive,
}

fn compare(a: &CustomerRow, b: &CustomerRow, key: Key) -> Ordering {
    match key {
        Key::Id => a.id.cmp(&b.id),
        Key::Recency => a.recency.cmp(&b.recency),
        Key::Frequency => a.frequency.cmp(&b.frequency),
        Key::Monetary => a.monetary.total_cmp(&b.monetary),
        Key::Score => (a.r, a.f, a.m).cmp(&(b.r, b.f, b.m)),
        Key::Segment => a.segment.cmp(&b.segment),
        Key::Clv => a
            .clv
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&b.clv.unwrap_or(f64::NEG_INFINITY)),
        Key::Alive => a
            .p_alive
            .unwrap_or(-1.0)
            .total_cmp(&b.p_alive.unwrap_or(-1.0)),
    }
}

/// The customers the table shows, in its order: indices into the analysis's rows, so each update from
/// the worker neither copies nor compares every row.
struct Shown {
    analysis: Arc<Analysis>,
    order: Vec<usize>,
}

impl PartialEq for Shown {
    fn eq(&self, other: &Shown) -> bool {
        Arc::ptr_eq(&self.analysis, &other.analysis) && self.order == other.order
    }
}

/// The table.
#[component]
pub fn CustomerTable() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((Key::Monetary, true));
    let page = RwSignal::new(0usize);
    let rows = Memo::new(move |_| {
        let analysis = state.analysis.get()?;
        let q = query.get().to_lowercase();
        let (key, descending) = sort.get();
        let filter = state.filter.get();
        let customers = &analysis.customers;
        let mut order: Vec<usize> = state.cluster_names.with(|names| {
            (0..customers.len())
                .filter(|&i| {
                    let c = &customers[i];
                    filter.as_ref().is_none_or(|f| f.matches(c))
                        && (q.is_empty()
                            || c.id.to_lowercase().contains(&q)
                            || c.segment.name().to_lowercase().contains(&q)
                            || names
                                .of_row(c)
                                .is_some_and(|n| n.to_lowercase().contains(&q)))
                })
                .collect()
        });
        order.sort_by(|&a, &b| {
            let o = compare(&customers[a], &customers[b], key);
            if descending {
                o.reverse()
            } else {
                o
            }
        });
        Some(Shown { analysis, order })
    });
    // A new filter starts at its first page.
    Effect::new(move |_| {
        state.filter.track();
        page.set(0);
    });
    let count = move || rows.with(|r| r.as_ref().map_or(0, |r| r.order.len()));
    let pages = move || count().div_ceil(PAGE).max(1);
    let header = move |label: &'static str, key: Key| {
        view! {
            // A button, so the keyboard reaches it; aria-sort tells a screen reader the order.
            <th class="sortable" aria-sort=move || match sort.get() {
                (k, true) if k == key => "descending",
                (k, false) if k == key => "ascending",
                _ => "none",
            }>
                <button type="button" on:click=move |_| {
                    sort.update(|(k, d)| if *k == key { *d = !*d } else { *k = key; *d = true });
                    page.set(0);
                }>
                    {label}
                    {move || match sort.get() {
                        (k, true) if k == key => " \u{25be}",
                        (k, false) if k == key => " \u{25b4}",
                        _ => "",
                    }}
                </button>
            </th>
        }
    };
    // The customers shown (every page of them, in the table's order): an audience to take elsewhere.
    let download = move |_| {
        let csv = rows.with_untracked(|r| {
            let r = r.as_ref()?;
            let customers = r.order.iter().map(|&i| &r.analysis.customers[i]);
            Some(customers_csv(
                &state.cluster_names.with_untracked(|n| n.rows(customers)),
            ))
        });
        if let Some(csv) = csv {
            if let Err(e) = save_text("customers.csv", "text/csv", &csv) {
                actions.fail(format!("The download could not be made: {e}"));
            }
        }
    };
    let body = move || {
        let start = page.get() * PAGE;
        rows.with(|r| {
            r.as_ref().map(|r| {
                r.order
                    .iter()
                    .skip(start)
                    .take(PAGE)
                    .map(|&i| {
                        let c = &r.analysis.customers[i];
                        view! {
                            <tr>
                                <td>{
                                    let id = c.id.clone();
                                    view! { <button type="button" class="pick" title="Open this customer: every figure and the orders"
                                        on:click=move |_| actions.open_customer(id.clone())>{c.id.clone()}</button> }
                                }</td>
                                <td class="num">{grouped(c.recency as f64, 0)}</td>
                                <td class="num">{thousands(c.frequency as u64)}</td>
                                <td class="num">{amount(c.monetary)}</td>
                                <td class="num">{format!("{}{}{}", c.r, c.f, c.m)}</td>
                                <td>{c.segment.name()}</td>
                                <td class="num">{c.p_alive.map_or(String::new(), |p| format!("{:.0}%", p * 100.0))}</td>
                                <td class="num">{c.clv.map_or(String::new(), amount)}</td>
                                <td>{c.clv_tier.clone().unwrap_or_default()}</td>
                                <td class="cluster">{state.cluster_names.with_untracked(|n| n.row_label(c))}</td>
                                <td>{c.last_purchase.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section class="panel" id="customers" class:folded=super::nav::folded(state, "customers")>
            <div class="table-head">
                <super::nav::FoldHeading id="customers" title="Customers"/>
                <input type="search" placeholder="Search id, segment or cluster" aria-label="Search customers"
                    prop:value=move || query.get()
                    on:input=move |ev| { query.set(event_target_value(&ev)); page.set(0); }/>
                <button class="button" id="download-customers" on:click=download>{move || {
                    let narrowed = !query.with(String::is_empty) || state.filter.with(Option::is_some);
                    if narrowed { format!("Download CSV ({} shown)", thousands(count() as u64)) } else { "Download CSV".to_string() }
                }}</button>
            </div>
            <super::customer_card::CustomerCard/>
            <table>
                <thead><tr>
                    {header("Customer", Key::Id)}
                    {header("Recency (days)", Key::Recency)}
                    {header("Orders", Key::Frequency)}
                    {header("Spend", Key::Monetary)}
                    {header("RFM", Key::Score)}
                    {header("Segment", Key::Segment)}
                    {header("P(alive)", Key::Alive)}
                    {header("CLV", Key::Clv)}
                    <th>"Tier"</th>
                    <th>"Cluster"</th>
                    <th>"Last purchase"</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            <div class="pager">
                <button class="button" on:click=move |_| page.update(|p| *p = p.saturating_sub(1))
                    disabled=move || page.get() == 0>"Previous"</button>
                <span>{move || format!("Page {} of {} ({} customers{})", page.get() + 1, pages(), thousands(count() as u64),
                    state.filter.with(|f| f.as_ref().map(|f| format!(", {}", super::filter::describe(state, f))).unwrap_or_default()))}</span>
                <button class="button" on:click=move |_| page.update(|p| *p = (*p + 1).min(pages() - 1))
                    disabled=move || pages() <= page.get() + 1>"Next"</button>
            </div>
        </section>
    }
}

//! The market-basket section: settings, the rules (sortable, filterable, as a scatter and as a lift
//! matrix), bundles, the single-item buyers with the uplift of an offer, and the recommender's check.

use leptos::prelude::*;

use super::chart::ChartCanvas;
use super::download::save_text;
use super::state::{Actions, AppState};
use crate::charts::{draw_rules, money, percent, thousands};
use crate::core::basket::{BasketError, BasketReport, BasketRequest, NamedItemset, NamedRule};
use crate::core::choice::Choice;
use crate::core::report::export::{itemsets_csv, rules_csv};
use crate::core::report::Section;

/// The market-basket section of a report.
type Baskets = Section<BasketReport, BasketError>;

/// Level, thresholds, itemset size and the acceptance share; applying re-runs the analysis.
#[component]
fn BasketSettings(baskets: Baskets) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let current = baskets
        .done()
        .map(|b| b.settings.clone())
        .unwrap_or_else(|| state.request.get_untracked().basket);
    let levels = baskets.done().map(|b| b.levels.clone()).unwrap_or_default();
    let used = baskets.done().map(|b| b.level);
    let level = RwSignal::new(used);
    // Empty: chosen from the data.
    let percent_text = |v: Option<f64>| v.map_or(String::new(), |v| format!("{}", v * 100.0));
    let support = RwSignal::new(percent_text(current.min_support));
    let confidence = RwSignal::new(percent_text(current.min_confidence));
    let max_len = RwSignal::new(current.max_len.to_string());
    let acceptance = RwSignal::new(format!("{}", current.acceptance * 100.0));
    let problem = RwSignal::new(None::<String>);
    // The thresholds in use, shown in an empty field.
    let in_use = baskets.done().map(|b| (b.min_support, b.min_confidence));
    let as_percent = |v: f64| format!("{}", (v * 10_000.0).round() / 100.0);
    let report_support = move || in_use.map_or(String::new(), |u| as_percent(u.0));
    let report_confidence = move || in_use.map_or(String::new(), |u| as_percent(u.1));
    let apply = move |_| {
        let share = |text: String| text.trim().parse::<f64>().ok().map(|v| v / 100.0);
        // An empty threshold is chosen from the data.
        let threshold = |text: String| {
            if text.trim().is_empty() {
                Some(None)
            } else {
                share(text).map(Some)
            }
        };
        let (Some(min_support), Some(min_confidence), Some(acceptance), Ok(max_len)) = (
            threshold(support.get_untracked()),
            threshold(confidence.get_untracked()),
            share(acceptance.get_untracked()),
            max_len.get_untracked().trim().parse::<usize>(),
        ) else {
            problem.set(Some("Support, confidence and acceptance are percentages; the itemset size a whole number.".into()));
            return;
        };
        problem.set(None);
        let mut request = state.request.get_untracked();
        request.basket = BasketRequest {
            enabled: true,
            level: level.get_untracked(),
            min_support,
            min_confidence,
            max_len,
            acceptance,
        };
        if let Err(p) = actions.rerun(request) {
            problem.set(Some(p));
        }
    };
    let options = levels
        .into_iter()
        .map(|l| {
            view! { <option value=l.key() selected=move || level.get() == Some(l)>{l.label()}</option> }
        })
        .collect_view();
    view! {
        <div class="settings">
            <label>"Items by "
                <select id="basket-level" on:change=move |ev| {
                    level.set(event_target_value(&ev).parse().ok());
                }>{options}</select>
            </label>
            <label>"Min support (%; empty: from the data) " <input type="number" step="0.1" min="0.01" id="basket-support" placeholder=report_support prop:value=move || support.get()
                on:change=move |ev| support.set(event_target_value(&ev))/></label>
            <label>"Min confidence (%; empty: from the data) " <input type="number" step="1" min="0" max="100" id="basket-confidence" placeholder=report_confidence prop:value=move || confidence.get()
                on:change=move |ev| confidence.set(event_target_value(&ev))/></label>
            <label>"Max itemset " <input type="number" min="2" max="10" id="basket-max-len" prop:value=move || max_len.get()
                on:change=move |ev| max_len.set(event_target_value(&ev))/></label>
            <label>"Offer acceptance (%) " <input type="number" step="1" min="0" max="100" id="basket-acceptance" prop:value=move || acceptance.get()
                on:change=move |ev| acceptance.set(event_target_value(&ev))/></label>
            <button class="button primary" id="apply-baskets" on:click=apply>"Apply and re-run"</button>
            {move || problem.get().map(|p| view! { <span class="problem">{p}</span> })}
        </div>
    }
}

/// How the rules table is sorted.
#[derive(Clone, Copy, PartialEq)]
enum By {
    Lift,
    Confidence,
    Support,
}

/// Rules per page of the rules table.
const PAGE: usize = 50;

/// Every rule, filterable by item, sortable by metric and paged; with downloads of every rule (every
/// measure) and every frequent itemset as CSV.
#[component]
fn RulesTable(rules: Vec<NamedRule>, itemsets: Vec<NamedItemset>) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let query = RwSignal::new(String::new());
    let by = RwSignal::new(By::Lift);
    let page = RwSignal::new(0usize);
    let rules = StoredValue::new(rules);
    let itemsets = StoredValue::new(itemsets);
    let matching = Memo::new(move |_| {
        let q = query.get().to_lowercase();
        let mut rows: Vec<NamedRule> = rules.with_value(|r| {
            r.iter()
                .filter(|r| {
                    q.is_empty()
                        || r.antecedents
                            .iter()
                            .chain(&r.consequents)
                            .any(|i| i.to_lowercase().contains(&q))
                })
                .cloned()
                .collect()
        });
        let key = by.get();
        rows.sort_by(|a, b| {
            let metric = |r: &NamedRule| match key {
                By::Lift => r.lift,
                By::Confidence => r.confidence,
                By::Support => r.support,
            };
            metric(b).total_cmp(&metric(a))
        });
        rows
    });
    let pages = move || matching.with(|m| m.len().div_ceil(PAGE).max(1));
    let body = move || {
        let first = page.get().min(pages() - 1) * PAGE;
        matching.with(|rows| {
            rows.iter()
                .skip(first)
                .take(PAGE)
                .map(|r| {
                    view! {
                        <tr>
                            <td>{r.antecedents.join(" + ")}</td>
                            <td>{r.consequents.join(" + ")}</td>
                            <td class="num">{format!("{:.2}%", r.support * 100.0)}</td>
                            <td class="num">{format!("{:.1}%", r.confidence * 100.0)}</td>
                            <td class="num">{format!("{:.2}", r.lift)}</td>
                            <td class="num">{format!("{:.4}", r.leverage)}</td>
                            <td class="num">{r.conviction.map_or("∞".to_string(), |c| format!("{c:.2}"))}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let count = move || {
        let n = matching.with(|m| m.len());
        let first = page.get().min(pages() - 1) * PAGE;
        if n == 0 {
            "0 rules match".to_string()
        } else {
            format!(
                "{} rules match ({} to {} shown)",
                thousands(n as u64),
                first + 1,
                (first + PAGE).min(n)
            )
        }
    };
    let header = move |label: &'static str, key: By| {
        view! {
            <th class="num sortable" on:click=move |_| { by.set(key); page.set(0); }>
                {label}{move || if by.get() == key { " \u{25be}" } else { "" }}
            </th>
        }
    };
    let save = move |name: &'static str, text: String| {
        if let Err(e) = save_text(name, "text/csv", &text) {
            actions.fail(format!("The download could not be made: {e}"));
        }
    };
    view! {
        <div class="table-head">
            <h3>"Rules"</h3>
            <input type="search" id="rule-filter" placeholder="Filter by item" aria-label="Filter rules by item"
                prop:value=move || query.get() on:input=move |ev| { query.set(event_target_value(&ev)); page.set(0); }/>
            <span class="muted" id="rule-count">{count}</span>
            <button class="button" id="rules-previous" disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
            <button class="button" id="rules-next" disabled=move || { page.get() + 1 >= pages() }
                on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
            <button class="button" id="download-rules"
                on:click=move |_| save("rules.csv", rules.with_value(|r| rules_csv(r)))>"Download all rules (CSV)"</button>
            <button class="button" id="download-itemsets"
                on:click=move |_| save("itemsets.csv", itemsets.with_value(|s| itemsets_csv(s)))>"Download itemsets (CSV)"</button>
        </div>
        <div class="scroll">
            <table id="rules">
                <thead><tr>
                    <th>"If a basket has"</th><th>"it also has"</th>
                    {header("Support", By::Support)}{header("Confidence", By::Confidence)}{header("Lift", By::Lift)}
                    <th class="num">"Leverage"</th><th class="num">"Conviction"</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Items on each side of the lift matrix.
const MATRIX_ITEMS: usize = 10;

/// Characters of an item's name in a column heading (the whole name is its tooltip).
const HEADING_CHARS: usize = 24;

/// The items of `pairs` on one side (`side` picks it), those in most pairs first, at most `MATRIX_ITEMS`.
fn most_paired<'a>(
    pairs: &[&'a NamedRule],
    side: impl Fn(&'a NamedRule) -> &'a str,
) -> Vec<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &r in pairs {
        let item = side(r);
        match counts.iter_mut().find(|(i, _)| *i == item) {
            Some(c) => c.1 += 1,
            None => counts.push((item, 1)),
        }
    }
    // Stable: ties keep the order of the rules, strongest first.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().take(MATRIX_ITEMS).map(|c| c.0).collect()
}

/// The lift of single-item rules as a heat matrix: rows are the items that lead to most others, columns
/// the items they lead to, so no row or column is empty; column headings stand upright to keep it narrow.
fn lift_matrix(rules: &[NamedRule]) -> impl IntoView {
    let pairs: Vec<&NamedRule> = rules
        .iter()
        .filter(|r| r.antecedents.len() == 1 && r.consequents.len() == 1)
        .collect();
    let rows_items = most_paired(&pairs, |r| r.antecedents[0].as_str());
    let in_rows: Vec<&NamedRule> = pairs
        .iter()
        .copied()
        .filter(|r| rows_items.contains(&r.antecedents[0].as_str()))
        .collect();
    let columns = most_paired(&in_rows, |r| r.consequents[0].as_str());
    let max = in_rows.iter().map(|r| r.lift).fold(1.0, f64::max);
    let head = columns
        .iter()
        .map(|&i| {
            let short: String = if i.chars().count() > HEADING_CHARS {
                i.chars()
                    .take(HEADING_CHARS - 1)
                    .chain(['\u{2026}'])
                    .collect()
            } else {
                i.to_string()
            };
            view! { <th class="upright" title=i.to_string()><span>{short}</span></th> }
        })
        .collect_view();
    let rows = rows_items
        .iter()
        .map(|&a| {
            let cells = columns
                .iter()
                .map(|&c| {
                    let lift = in_rows
                        .iter()
                        .find(|r| r.antecedents[0] == a && r.consequents[0] == c)
                        .map(|r| r.lift);
                    let style = lift.map_or(String::new(), |l| {
                        let t = if max > 1.0 { ((l - 1.0) / (max - 1.0)).clamp(0.0, 1.0) } else { 0.0 };
                        format!("background: rgba(214,96,77,{:.2})", t * 0.8)
                    });
                    view! { <td class="num heat" style=style>{lift.map_or(String::new(), |l| format!("{l:.2}"))}</td> }
                })
                .collect_view();
            view! { <tr><th class="item">{a.to_string()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="scroll">
            <table id="lift-matrix">
                <caption>"Lift of 'row -> column' for single items: the items that lead to most others, and those they lead to (blank: no rule)"</caption>
                <thead><tr><th></th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The market-basket section.
#[component]
pub fn BasketPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Made again only when the baskets change, not on each of the worker's updates.
    let part = state.memo(|a| (a.report.source.orders_only, a.report.baskets.clone()));
    move || {
        let (orders_only, baskets) = part.get()?;
        if baskets.is_pending() {
            return None;
        }
        let body = match &baskets {
            Section::Done(b) => {
                let rules = &b.rules;
                let scatter = rules.clone();
                let bundles = b
                    .bundles
                    .iter()
                    .map(|x| view! {
                        <tr>
                            <td>{format!("{} + {}", x.antecedents.join(" + "), x.consequents.join(" + "))}</td>
                            <td class="num">{format!("{:.2}", x.lift)}</td>
                            <td class="num">{percent(x.confidence)}</td>
                            <td class="num">{thousands(x.reach)}</td>
                        </tr>
                    })
                    .collect_view();
                let s = &b.single_item;
                let offers = s
                    .offers
                    .iter()
                    .take(15)
                    .map(|o| {
                        view! {
                            <tr>
                                <td>{o.item.clone()}</td><td>{o.offer.clone()}</td>
                                <td class="num">{percent(o.confidence)}</td>
                                <td class="num">{thousands(o.customers)}</td>
                                <td class="num">{money(o.expected_revenue)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let recommender = b.recommender.as_ref().map(|e| view! {
                    <table id="recommender">
                        <caption>{format!("Each customer's last order held out ({} customers with two orders or more): share with a held-out item in the top 10, and mean recall at 10", thousands(e.customers as u64))}</caption>
                        <thead><tr><th>"Recommender"</th><th class="num">"Hit rate"</th><th class="num">"Recall@10"</th></tr></thead>
                        <tbody>
                            <tr><td>"Factor model (implicit ALS)"</td><td class="num">{percent(e.als.hit_rate)}</td><td class="num">{percent(e.als.recall)}</td></tr>
                            <tr><td>"Most popular items"</td><td class="num">{percent(e.popularity.hit_rate)}</td><td class="num">{percent(e.popularity.recall)}</td></tr>
                        </tbody>
                    </table>
                });
                let similar = b
                    .similar
                    .iter()
                    .map(|(item, like)| view! { <tr><td>{item.clone()}</td><td>{like.join(", ")}</td></tr> })
                    .collect_view();
                view! {
                    <p class="muted" id="basket-summary">{format!(
                        "{} baskets over {} items (by {}): {} frequent itemsets (support at least {}, up to {} items) and {} rules with confidence at least {}.",
                        thousands(b.baskets as u64), thousands(b.items as u64), b.level.label(), thousands(b.itemsets.len() as u64),
                        percent(b.min_support), b.settings.max_len, thousands(b.rule_count as u64), percent(b.min_confidence)
                    )}</p>
                    {b.note.clone().map(|n| view! { <p class="note" id="basket-note">{n}</p> })}
                    <section class="grid2">
                        <ChartCanvas id="chart-rules" label="Rules by support and confidence" draw=move |area| draw_rules(area, &scatter).unwrap_or_default()/>
                        {lift_matrix(rules)}
                    </section>
                    <RulesTable rules=rules.clone() itemsets=b.itemsets.clone()/>
                    <h3>"Suggested bundles"</h3>
                    <table id="bundles">
                        <thead><tr><th>"Bundle"</th><th class="num">"Lift"</th><th class="num">"Confidence"</th><th class="num">"Reach (bought the first, not the rest)"</th></tr></thead>
                        <tbody>{bundles}</tbody>
                    </table>
                    <h3>{if orders_only { "Single-item orders" } else { "Single-item buyers" }}</h3>
                    <p id="single-item">{format!(
                        "{} {} ({}) {} one {}{}. If {} of them accept the offer below once, revenue grows by {} ({} of the baskets' revenue).",
                        thousands(s.customers), if orders_only { "orders" } else { "customers" }, percent(s.share),
                        if orders_only { "hold" } else { "only ever buy" }, b.level.label(), if orders_only { "" } else { " per order" },
                        percent(s.acceptance), money(s.uplift), percent(s.uplift_share)
                    )}</p>
                    <table id="offers">
                        <thead><tr><th>"They buy"</th><th>"Offer"</th><th class="num">"Confidence"</th><th class="num">"Customers"</th><th class="num">"Expected revenue"</th></tr></thead>
                        <tbody>{offers}</tbody>
                    </table>
                    <h3>"Recommendations"</h3>
                    {(!orders_only).then(|| view! {
                        <p class="muted">"Each customer's offers (the customer table's CSV, column recommended_products) come first from the rules their history triggers, then from the factor model."</p>
                        {recommender}
                    })}
                    <table id="similar">
                        <thead><tr><th>"Item"</th><th>"Most similar items (factor model)"</th></tr></thead>
                        <tbody>{similar}</tbody>
                    </table>
                }.into_any()
            }
            _ => {
                let why = baskets.why_not();
                view! { <p class="status failed" role="note" id="basket-error">{why}</p> }
                    .into_any()
            }
        };
        Some(view! {
            <section class="panel" id="baskets" class:folded=super::nav::folded(state, "baskets")>
                <super::nav::FoldHeading id="baskets" title="Market baskets"/>
                <BasketSettings baskets=baskets.clone()/>
                {body}
            </section>
        })
    }
}

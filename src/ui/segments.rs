//! The RFM segment table: size, revenue share, mean R/F/M and a suggested action per segment.

use leptos::prelude::*;

use super::filter::{PickButton, SelectedCell, SelectedHead};
use super::state::AppState;
use crate::charts::{amount, grouped, percent, thousands};
use crate::core::report::filter::Filter;

/// One row per segment with customers.
#[component]
pub fn SegmentTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.figures.get().map(|f| {
            let rows = f
                .rfm
                .summary
                .iter()
                .filter(|s| s.customers > 0)
                .map(|s| {
                    let (r, g, b) = s.segment.color();
                    let picked = Filter::Segment(s.segment);
                    view! {
                        <tr class:selected=move || state.filter.with(|f| f.as_ref() == Some(&picked))>
                            <td><span class="swatch" style=format!("background: rgb({r},{g},{b})")></span>
                                <PickButton filter=Filter::Segment(s.segment) label=s.name.clone()/></td>
                            <td class="num">{thousands(s.customers)}</td>
                            <SelectedCell group=Filter::Segment(s.segment) size=s.customers/>
                            <td class="num">{percent(s.revenue_share)}</td>
                            <td class="num">{grouped(s.mean_recency, 0)}</td>
                            <td class="num">{grouped(s.mean_frequency, 2)}</td>
                            <td class="num">{amount(s.mean_monetary)}</td>
                            <td>{s.action.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="panel" id="segments" class:folded=super::nav::folded(state, "segments")>
                    <super::nav::FoldHeading id="segments" title="RFM segments"/>
                    <p class="muted">{format!(
                        "Scores 1-5 by quintiles; recency in days to the analysis date {}.",
                        f.settings.analysis_date
                    )}</p>
                    <table>
                        <thead><tr>
                            <th>"Segment"</th><th class="num">"Customers"</th><SelectedHead/><th class="num">{format!("{} share", f.source.amount_source.words().total)}</th>
                            <th class="num">"Mean recency (days)"</th><th class="num">"Mean orders"</th>
                            <th class="num">"Mean spend"</th><th>"Suggested action"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
        })
    }
}

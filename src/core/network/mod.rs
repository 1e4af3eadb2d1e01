//! The referral network: who sponsored whom, from a sponsor-id column. Each member's direct recruits,
//! whole downline (recruits, their recruits, …) and depth; the top sponsors by downline and by the revenue
//! of their downline; and the data issues a sponsor column brings (sponsors who never bought, customers
//! naming two sponsors, cycles).

pub mod layout;
pub mod sample;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::core::customers::CustomerSummary;
use crate::core::ingest::{is_missing, normalize_id};
use crate::core::table::{Role, Transactions};

/// Sponsors listed in each top list.
const TOP: usize = 20;
/// Example ids kept per data issue.
const EXAMPLES: usize = 5;

/// One sponsor in a top list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SponsorRow {
    /// Member id.
    pub id: String,
    /// Members who name this one as sponsor.
    pub direct: u32,
    /// Everyone below: recruits, their recruits, and so on.
    pub downline: u32,
    /// Recruits of the direct recruits (the next degree).
    pub second_degree: u32,
    /// Revenue of the whole downline.
    pub downline_revenue: f64,
    /// The member's own revenue (0 for a sponsor who never bought).
    pub own_revenue: f64,
    /// Links from the top of the network down to this member.
    pub depth: u32,
    /// This member's own sponsor.
    pub sponsor: Option<String>,
}

/// A data issue of the sponsor column: how many members it touches and the first few in the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Members concerned.
    pub count: usize,
    /// Up to five of them, in file order.
    pub examples: Vec<IssueExample>,
}

/// A member a data issue concerns and the file line that shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueExample {
    /// Member id.
    pub id: String,
    /// Line number in the file (1-based, counting the header): where a missing sponsor is first named,
    /// where a customer names a second sponsor, or where a member in a cycle names its sponsor.
    pub line: u64,
}

impl Issue {
    /// The examples as one phrase: "X9 on line 4, E on line 6".
    pub fn example_list(&self) -> String {
        let list: Vec<String> = self.examples.iter().map(ToString::to_string).collect();
        list.join(", ")
    }
}

impl std::fmt::Display for IssueExample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} on line {}", self.id, self.line)
    }
}

/// The network as the dashboard and the JSON output show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Network {
    /// Customers plus sponsors named who never bought.
    pub members: usize,
    /// Members with a sponsor.
    pub sponsored: usize,
    /// Members with no sponsor: the tops of the trees.
    pub roots: usize,
    /// The longest chain of sponsor links.
    pub depth: u32,
    /// Members at each depth (0 = roots).
    pub by_depth: Vec<u64>,
    /// The sponsors with the largest downlines.
    pub top_sponsors: Vec<SponsorRow>,
    /// The sponsors whose downline spent most.
    pub top_by_revenue: Vec<SponsorRow>,
    /// Sponsor ids that are not customers in the file (kept as members without purchases).
    pub missing_sponsors: Issue,
    /// Customers whose rows name more than one sponsor (the first one named is used).
    pub conflicting_sponsors: Issue,
    /// Members in a cycle of sponsor links (A sponsors B sponsors A, or a member naming itself); their
    /// links inside the cycle are not followed.
    pub cycles: Issue,
}

/// One customer's place in the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The customer's sponsor.
    pub sponsor: Option<String>,
    /// Members the customer recruited.
    pub direct: u32,
    /// Everyone below the customer.
    pub downline: u32,
}

/// The network and each customer's place in it.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkOutcome {
    /// The summary.
    pub network: Network,
    /// Per customer, in the order of the summaries.
    pub customers: Vec<Place>,
}

/// Why there is no referral network, in plain words.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkError {
    /// The file has no sponsor column.
    #[error("There is no sponsor column, so there is no referral network. Map a column as 'sponsor id' to see one.")]
    NoSponsorColumn,
}

/// Builds the network from the sponsor column, or says why there is none.
pub fn analyze(
    tx: &Transactions,
    summaries: &[CustomerSummary],
) -> Result<NetworkOutcome, NetworkError> {
    let Some(column) = tx.texts.get(&Role::Sponsor) else {
        return Err(NetworkError::NoSponsorColumn);
    };
    // Each customer's sponsor: the first one named on their rows, and that row's line.
    let mut sponsor_of: Vec<Option<(u32, u64)>> = vec![None; tx.customers.len()];
    let mut conflicting: Vec<(u32, u64)> = Vec::new();
    let clean: Vec<Option<String>> = (0..column.dictionary.len())
        .map(|c| {
            let text = column.dictionary.get(c as u32);
            (!is_missing(text)).then(|| normalize_id(text).to_string())
        })
        .collect();
    for i in 0..tx.len() {
        let code = column.codes[i];
        if clean[code as usize].is_none() {
            continue;
        }
        let customer = tx.customer[i] as usize;
        match sponsor_of[customer] {
            None => sponsor_of[customer] = Some((code, tx.line[i])),
            Some((first, _)) if first != code && clean[first as usize] != clean[code as usize] => {
                conflicting.push((customer as u32, tx.line[i]))
            }
            Some(_) => {}
        }
    }
    // A customer's first conflicting line.
    conflicting.sort_unstable();
    conflicting.dedup_by_key(|c| c.0);

    // Members: customers first (graph index = customer code), then sponsors who never bought.
    let mut graph = DiGraph::<(), ()>::with_capacity(tx.customers.len(), tx.customers.len());
    let mut index: FxHashMap<String, NodeIndex> = FxHashMap::default();
    let mut ids: Vec<String> = Vec::with_capacity(tx.customers.len());
    for c in 0..tx.customers.len() {
        let id = tx.customers.get(c as u32).to_string();
        index.insert(id.clone(), graph.add_node(()));
        ids.push(id);
    }
    let customers = ids.len();
    // The line where each sponsor is first named.
    let mut named_at: Vec<u64> = vec![u64::MAX; customers];
    for (member, sponsor) in sponsor_of.iter().enumerate() {
        let Some((id, line)) =
            sponsor.and_then(|(s, line)| Some((clean[s as usize].clone()?, line)))
        else {
            continue;
        };
        let node = *index.entry(id.clone()).or_insert_with(|| {
            ids.push(id);
            named_at.push(u64::MAX);
            graph.add_node(())
        });
        graph.add_edge(node, NodeIndex::new(member), ());
        named_at[node.index()] = named_at[node.index()].min(line);
    }
    let n = graph.node_count();

    // Cycles: strongly connected components of more than one member, or a member naming itself.
    let mut in_cycle = vec![false; n];
    for component in tarjan_scc(&graph) {
        let cyclic = component.len() > 1 || graph.contains_edge(component[0], component[0]);
        if cyclic {
            for node in component {
                in_cycle[node.index()] = true;
            }
        }
    }
    // Each member's parent, dropping the links inside a cycle.
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for edge in graph.raw_edges() {
        let (from, to) = (edge.source().index(), edge.target().index());
        if !(in_cycle[from] && in_cycle[to]) {
            parent[to] = Some(from);
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (member, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(member);
        }
    }
    // Depth by breadth-first order from the roots; downline and its revenue summed from the deepest up.
    let mut order: Vec<usize> = (0..n).filter(|&m| parent[m].is_none()).collect();
    let roots = order.len();
    let mut depth = vec![0u32; n];
    let mut k = 0;
    while k < order.len() {
        let m = order[k];
        for &c in &children[m] {
            depth[c] = depth[m] + 1;
            order.push(c);
        }
        k += 1;
    }
    let mut revenue = vec![0.0; n];
    for s in summaries {
        revenue[s.code as usize] = s.revenue;
    }
    let mut downline = vec![0u32; n];
    let mut downline_revenue = vec![0.0; n];
    for &m in order.iter().rev() {
        if let Some(p) = parent[m] {
            downline[p] += downline[m] + 1;
            downline_revenue[p] += downline_revenue[m] + revenue[m];
        }
    }
    let direct = |m: usize| children[m].len() as u32;
    let row = |m: usize| SponsorRow {
        id: ids[m].clone(),
        direct: direct(m),
        downline: downline[m],
        second_degree: children[m].iter().map(|&c| direct(c)).sum(),
        downline_revenue: downline_revenue[m],
        own_revenue: revenue[m],
        depth: depth[m],
        sponsor: parent[m].map(|p| ids[p].clone()),
    };
    let sponsors: Vec<usize> = (0..n).filter(|&m| !children[m].is_empty()).collect();
    let top = |key: &dyn Fn(usize) -> f64| {
        let mut s = sponsors.clone();
        s.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(ids[a].cmp(&ids[b])));
        s.into_iter().take(TOP).map(row).collect::<Vec<_>>()
    };
    let max_depth = depth.iter().copied().max().unwrap_or(0);
    let mut by_depth = vec![0u64; max_depth as usize + 1];
    for &d in &depth {
        by_depth[d as usize] += 1;
    }
    let issue = |members: &mut dyn Iterator<Item = (usize, u64)>| {
        let mut all: Vec<(usize, u64)> = members.collect();
        all.sort_unstable_by_key(|&(m, line)| (line, m));
        Issue {
            count: all.len(),
            examples: all
                .iter()
                .take(EXAMPLES)
                .map(|&(m, line)| IssueExample {
                    id: ids[m].clone(),
                    line,
                })
                .collect(),
        }
    };
    let network = Network {
        members: n,
        sponsored: parent.iter().filter(|p| p.is_some()).count(),
        roots,
        depth: max_depth,
        by_depth,
        top_sponsors: top(&|m| f64::from(downline[m])),
        top_by_revenue: top(&|m| downline_revenue[m]),
        missing_sponsors: issue(&mut (customers..n).map(|m| (m, named_at[m]))),
        conflicting_sponsors: issue(&mut conflicting.iter().map(|&(c, line)| (c as usize, line))),
        cycles: issue(
            &mut (0..n)
                .filter(|&m| in_cycle[m])
                // Only customers name sponsors, so only they can be in a cycle: the line where they name it.
                .map(|m| (m, sponsor_of[m].map_or(0, |(_, line)| line))),
        ),
    };
    let customers = summaries
        .iter()
        .map(|s| {
            let m = s.code as usize;
            let sponsor = graph
                .neighbors_directed(NodeIndex::new(m), petgraph::Direction::Incoming)
                .next()
                .map(|p| ids[p.index()].clone());
            Place {
                sponsor,
                direct: direct(m),
                downline: downline[m],
            }
        })
        .collect();
    Ok(NetworkOutcome { network, customers })
}

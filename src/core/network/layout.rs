//! A tree layout of the network around one member: its sponsor above, the member, then its recruits level
//! by level below, each parent centred over its recruits.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// Members drawn at most; the rest are counted as hidden.
pub const MAX_NODES: usize = 400;

/// One member in the drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Member id.
    pub id: String,
    /// -1 for the sponsor, 0 for the chosen member, 1 for its recruits, and so on.
    pub level: i32,
    /// Horizontal position, in leaf widths from the left.
    pub x: f64,
    /// The member's direct recruits (drawn or not).
    pub direct: usize,
}

/// The members around one member, with their positions and links.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// The members drawn; the chosen member first.
    pub nodes: Vec<Node>,
    /// Links as (sponsor, recruit) indices into `nodes`.
    pub edges: Vec<(usize, usize)>,
    /// Members within the levels asked for that were not drawn (beyond `MAX_NODES`).
    pub hidden: usize,
}

/// Lays out `center`, its sponsor and `levels` levels of recruits, from (member, sponsor) pairs. `None`
/// when `center` is neither a member nor a sponsor.
pub fn neighbourhood<'a>(
    links: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    center: &str,
    levels: usize,
) -> Option<Layout> {
    let mut sponsor_of: FxHashMap<&str, &str> = FxHashMap::default();
    let mut recruits: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    let mut known = false;
    for (member, sponsor) in links {
        known |= member == center;
        if let Some(s) = sponsor {
            known |= s == center;
            sponsor_of.insert(member, s);
            recruits.entry(s).or_default().push(member);
        }
    }
    if !known {
        return None;
    }
    let direct = |id: &str| recruits.get(id).map_or(0, Vec::len);
    let mut layout = Layout::default();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    seen.insert(center);
    layout.nodes.push(Node {
        id: center.to_string(),
        level: 0,
        x: 0.0,
        direct: direct(center),
    });
    // Breadth-first below the center, so a cap keeps whole upper levels.
    let mut frontier = vec![(0usize, center)];
    let mut kids: Vec<Vec<usize>> = vec![Vec::new()];
    for level in 1..=levels {
        let mut next = Vec::new();
        for &(parent, id) in &frontier {
            for &r in recruits.get(id).map_or(&[][..], Vec::as_slice) {
                if !seen.insert(r) {
                    continue; // a cycle back into the drawing
                }
                if layout.nodes.len() >= MAX_NODES {
                    layout.hidden += 1;
                    continue;
                }
                let k = layout.nodes.len();
                layout.nodes.push(Node {
                    id: r.to_string(),
                    level: level as i32,
                    x: 0.0,
                    direct: direct(r),
                });
                kids.push(Vec::new());
                kids[parent].push(k);
                layout.edges.push((parent, k));
                next.push((k, r));
            }
        }
        frontier = next;
    }
    // Leaves take consecutive slots in depth-first order; a parent sits over the middle of its recruits.
    let mut slot = 0.0;
    place(0, &kids, &mut layout.nodes, &mut slot);
    if let Some(&s) = sponsor_of.get(center) {
        if s != center {
            let k = layout.nodes.len();
            layout.nodes.push(Node {
                id: s.to_string(),
                level: -1,
                x: layout.nodes[0].x,
                direct: direct(s),
            });
            layout.edges.push((k, 0));
        }
    }
    Some(layout)
}

/// Sets the x of node `k` and its subtree.
fn place(k: usize, kids: &[Vec<usize>], nodes: &mut [Node], slot: &mut f64) {
    if kids[k].is_empty() {
        nodes[k].x = *slot;
        *slot += 1.0;
        return;
    }
    for &c in &kids[k] {
        place(c, kids, nodes, slot);
    }
    let (first, last) = (kids[k][0], kids[k][kids[k].len() - 1]);
    nodes[k].x = (nodes[first].x + nodes[last].x) / 2.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_sit_over_their_recruits_and_the_sponsor_over_the_center() {
        // s -> c; c -> a, b; a -> a1, a2; b -> b1.
        let links = [
            ("c", Some("s")),
            ("a", Some("c")),
            ("b", Some("c")),
            ("a1", Some("a")),
            ("a2", Some("a")),
            ("b1", Some("b")),
        ];
        let layout = neighbourhood(links, "c", 2).unwrap();
        let x = |id: &str| layout.nodes.iter().find(|n| n.id == id).unwrap().x;
        assert_eq!((x("a1"), x("a2"), x("b1")), (0.0, 1.0, 2.0));
        assert_eq!(x("a"), 0.5);
        assert_eq!(x("b"), 2.0);
        assert_eq!(x("c"), 1.25);
        assert_eq!(x("s"), 1.25);
        assert_eq!(layout.edges.len(), 6);
        assert_eq!(layout.nodes[0].direct, 2);
        // One level: the grandchildren are not drawn.
        assert_eq!(neighbourhood(links, "c", 1).unwrap().nodes.len(), 4);
        assert!(neighbourhood(links, "nobody", 2).is_none());
    }

    #[test]
    fn a_cycle_is_drawn_once() {
        let links = [("a", Some("b")), ("b", Some("a"))];
        let layout = neighbourhood(links, "a", 3).unwrap();
        assert_eq!(layout.nodes.len(), 3); // a, its recruit b, and b again above as sponsor
        assert_eq!(layout.nodes.iter().filter(|n| n.level >= 0).count(), 2);
    }
}

//! Frequent itemsets by Apriori (Agrawal & Srikant 1994): level-wise candidates, each k-itemset built from
//! two frequent (k-1)-itemsets sharing their first k-2 items and kept only if all its (k-1)-subsets are
//! frequent; supports counted on bitsets of the baskets holding each itemset.

use rustc_hash::FxHashSet;

/// A set of items (codes, ascending) and the baskets holding all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Itemset {
    /// Item codes, ascending.
    pub items: Vec<u32>,
    /// Baskets that hold every item.
    pub count: u32,
}

/// The most bitset words one level of candidates may hold (32 MB): a few baskets with hundreds of lines
/// make every combination frequent, and the count grows as C(n, k).
pub const LEVEL_WORDS: usize = 4 << 20;
/// The most itemsets one level may hold, whatever their bitsets take.
pub const LEVEL_ITEMSETS: usize = 100_000;

/// The frequent itemsets found, and the size the search stopped before when a level grew past
/// [`LEVEL_WORDS`] or [`LEVEL_ITEMSETS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mined {
    /// By size, then items.
    pub itemsets: Vec<Itemset>,
    /// The itemset size not searched because its candidates would not fit, if any.
    pub stopped_before: Option<usize>,
}

/// The baskets holding one itemset, one bit per basket.
type Bits = Vec<u64>;

fn and(a: &[u64], b: &[u64]) -> Bits {
    a.iter().zip(b).map(|(x, y)| x & y).collect()
}

fn ones(a: &[u64]) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// The baskets in both `a` and `b`, counted without building their bitset.
fn ones_and(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
}

/// Every itemset of at most `max_len` items held by at least `min_support` (a share, as mlxtend's
/// `apriori(min_support=...)`) of `baskets` (item codes below `n_items`), by size then items; a level too
/// large to hold ends the search with the smaller itemsets.
pub fn frequent_itemsets(
    baskets: &[Vec<u32>],
    n_items: usize,
    min_support: f64,
    max_len: usize,
) -> Mined {
    let n = baskets.len();
    let words = n.div_ceil(64);
    // mlxtend keeps an itemset when support >= min_support; compare counts to avoid rounding.
    let frequent = |count: u32| f64::from(count) >= min_support * n as f64 - 1e-9;
    let mut item_bits: Vec<Bits> = vec![vec![0; words]; n_items];
    for (b, items) in baskets.iter().enumerate() {
        for &i in items {
            item_bits[i as usize][b / 64] |= 1 << (b % 64);
        }
    }
    let mut level: Vec<(Vec<u32>, Bits)> = (0..n_items as u32)
        .filter(|&i| frequent(ones(&item_bits[i as usize])))
        .map(|i| (vec![i], item_bits[i as usize].clone()))
        .collect();
    let mut out: Vec<Itemset> = Vec::new();
    let mut size = 1;
    while !level.is_empty() {
        out.extend(level.iter().map(|(items, bits)| Itemset {
            items: items.clone(),
            count: ones(bits),
        }));
        if size >= max_len {
            break;
        }
        let known: FxHashSet<&[u32]> = level.iter().map(|(items, _)| items.as_slice()).collect();
        let mut next: Vec<(Vec<u32>, Bits)> = Vec::new();
        let mut candidate: Vec<u32> = Vec::with_capacity(size + 1);
        let mut subset: Vec<u32> = Vec::with_capacity(size);
        for (a, (items_a, bits_a)) in level.iter().enumerate() {
            for (items_b, _) in &level[a + 1..] {
                if items_a[..size - 1] != items_b[..size - 1] {
                    break;
                }
                candidate.clear();
                candidate.extend_from_slice(items_a);
                candidate.push(items_b[size - 1]);
                let all_subsets_frequent = (0..candidate.len() - 2).all(|skip| {
                    subset.clear();
                    subset.extend_from_slice(&candidate[..skip]);
                    subset.extend_from_slice(&candidate[skip + 1..]);
                    known.contains(subset.as_slice())
                });
                if !all_subsets_frequent {
                    continue;
                }
                let last = &item_bits[items_b[size - 1] as usize];
                if frequent(ones_and(bits_a, last)) {
                    next.push((candidate.clone(), and(bits_a, last)));
                }
                if next.len() > LEVEL_ITEMSETS || next.len() * words.max(1) > LEVEL_WORDS {
                    return Mined {
                        itemsets: out,
                        stopped_before: Some(size + 1),
                    };
                }
            }
        }
        level = next;
        size += 1;
    }
    Mined {
        itemsets: out,
        stopped_before: None,
    }
}

/// Five baskets over items 0 bread, 1 milk, 2 beer, 3 nappies, whose counts the tests work out by hand.
#[cfg(test)]
pub fn hand_baskets() -> Vec<Vec<u32>> {
    vec![
        vec![0, 1],
        vec![0, 2, 3],
        vec![1, 2, 3],
        vec![0, 1, 2, 3],
        vec![0, 1, 3],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_hand() {
        let baskets = hand_baskets();
        let sets = frequent_itemsets(&baskets, 4, 0.6, 3).itemsets;
        let got: Vec<(Vec<u32>, u32)> = sets.iter().map(|s| (s.items.clone(), s.count)).collect();
        assert_eq!(
            got,
            vec![
                (vec![0], 4),
                (vec![1], 4),
                (vec![2], 3),
                (vec![3], 4),
                (vec![0, 1], 3),
                (vec![0, 3], 3),
                (vec![1, 3], 3),
                (vec![2, 3], 3),
            ]
        );
        assert_eq!(frequent_itemsets(&baskets, 4, 0.6, 1).itemsets.len(), 4);
    }
}

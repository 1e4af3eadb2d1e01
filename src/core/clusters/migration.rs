//! How customers move between clusters from one period to the next, including those who start or stop
//! buying.

use serde::{Deserialize, Serialize};

/// Customers by cluster in a first and a second period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Migration {
    /// The first period, `YYYY-MM-DD` to `YYYY-MM-DD`.
    pub first: [String; 2],
    /// The second period.
    pub second: [String; 2],
    /// Row and column names: the cluster codes, then "none" (no purchase in that period).
    pub states: Vec<String>,
    /// `counts[from][to]`: customers in state `from` in the first period and `to` in the second.
    pub counts: Vec<Vec<u64>>,
}

impl Migration {
    /// Counts transitions between `first` and `second`, each a list of (customer code, cluster) for the
    /// customers who bought in that period; `codes` names the k clusters.
    pub fn count(
        codes: &[String],
        first: &[(u32, usize)],
        second: &[(u32, usize)],
        periods: ([String; 2], [String; 2]),
    ) -> Migration {
        let k = codes.len();
        let customers = first
            .iter()
            .chain(second)
            .map(|(c, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut before = vec![k; customers];
        let mut after = vec![k; customers];
        for &(c, l) in first {
            before[c as usize] = l;
        }
        for &(c, l) in second {
            after[c as usize] = l;
        }
        let mut counts = vec![vec![0u64; k + 1]; k + 1];
        for (b, a) in before.iter().zip(&after) {
            if *b < k || *a < k {
                counts[*b][*a] += 1;
            }
        }
        let mut states = codes.to_vec();
        states.push("none".into());
        Migration {
            first: periods.0,
            second: periods.1,
            states,
            counts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_moves_arrivals_and_departures() {
        // Customer 0 stays in 1; 1 moves 1 -> 2; 2 leaves from 2; 3 arrives in 1; 4 stays in 2.
        let codes = vec!["1".to_string(), "2".to_string()];
        let first = [(0, 0), (1, 0), (2, 1), (4, 1)];
        let second = [(0, 0), (1, 1), (3, 0), (4, 1)];
        let p = || ["a".to_string(), "b".to_string()];
        let m = Migration::count(&codes, &first, &second, (p(), p()));
        assert_eq!(m.states, vec!["1", "2", "none"]);
        assert_eq!(m.counts, vec![vec![1, 1, 0], vec![0, 1, 1], vec![1, 0, 0]]);
    }
}

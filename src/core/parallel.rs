//! Independent work spread over the machine's cores natively; one piece after another in the browser's
//! worker, whose module has one thread. Either way the results are the same and in the same order.

/// `a()` and `b()`: natively `a` on a thread of its own while this one runs `b`.
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let first = s.spawn(a);
            let second = b();
            (
                first
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                second,
            )
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}

/// `f` of every item, in the items' order: natively on a thread per core, each taking the next item
/// not yet taken (so a few large items do not leave the other cores idle).
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(items.len());
        if threads > 1 {
            let next = AtomicUsize::new(0);
            let work = || {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else {
                        return done;
                    };
                    done.push((i, f(item)));
                }
            };
            let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
                let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
                let mut all = work();
                for other in others {
                    all.extend(
                        other
                            .join()
                            .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                    );
                }
                all
            });
            done.sort_unstable_by_key(|(i, _)| *i);
            return done.into_iter().map(|(_, r)| r).collect();
        }
    }
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = map(&items, |&x| {
            // Uneven work, so the threads finish out of order.
            (0..(x % 7) * 1000).fold(x * x, |a, _| std::hint::black_box(a))
        });
        assert_eq!(squares, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], |&x| x).is_empty());
    }

    #[test]
    fn join_gives_both_results() {
        let v = [1, 2, 3];
        assert_eq!(join(|| v.iter().sum::<i32>(), || v.len()), (6, 3));
    }
}

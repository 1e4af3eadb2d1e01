//! The fuzz harness (issue 16): seeded, structured mutations of the fixture files and random settings, each
//! run through the whole pipeline on a checked build (debug assertions and overflow checks). Every input
//! must end within a time bound, without a panic, and either with `read = used + set aside` or with one
//! sentence. Every input that ever failed is kept in `tests/data/fuzz/` and run first.
//!
//! `cargo test --test fuzz` runs 3,000 inputs; `FUZZ_INPUTS=N FUZZ_SEED=S cargo test --profile fuzz --test
//! fuzz -- --nocapture` runs any count (the `fuzz` profile is optimised and keeps the checks). A failing
//! input is written to `target/fuzz-failures/` with its settings, to be copied into `tests/data/fuzz/`.
//! `FUZZ_THREADS` sets the threads (default: one per core); input `n` of seed `S` is the same whatever the
//! number of threads. `FUZZ_SHOW=words` also keeps a few inputs whose ending starts with those words (or
//! input number `words`), to read what they met.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use customer_lens::core::clusters::Split;
use customer_lens::core::clv::calibration::Calibration;
use customer_lens::core::clv::horizon::Horizon;
use customer_lens::core::pipeline::{run, Request};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The most one small input may take (they take milliseconds; this catches runaway work, not speed).
const TIME_BOUND: Duration = Duration::from_secs(30);

fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The seed files: every ingest fixture, and slices of the demo and the CDNOW sample.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(root("tests/data/ingest"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    for (path, lines) in [
        ("data/superstore_sample.csv", 400),
        ("tests/data/CDNOW_sample.txt", 600),
    ] {
        let text = std::fs::read(root(path)).unwrap();
        let cut: Vec<&[u8]> = text.split(|&b| b == b'\n').take(lines).collect();
        seeds.push(cut.join(&b'\n'));
    }
    seeds
}

/// Splits into lines (keeping no terminator) and fields by comma, a rough view for mutations.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

const ODD_NUMBERS: [&str; 14] = [
    "1e308",
    "-1e308",
    "1e20",
    "1e-300",
    "NaN",
    "inf",
    "-inf",
    "abc",
    "",
    "-0",
    "(5)",
    "1,5",
    "99999999999999999999",
    "0",
];
const ODD_DATES: [&str; 11] = [
    "2020-02-30",
    "0000-01-01",
    "9999-12-31",
    "13/13/2020",
    "1/13/2020",
    "31.12.1899",
    "12/1/2010 1193047:00",
    "20201301",
    "",
    "1970-01-01",
    "2262-04-12",
];

/// One structured mutation of `file`.
fn mutate(rng: &mut StdRng, file: &mut Vec<u8>) {
    match rng.gen_range(0..16) {
        // Line endings: all CRLF, all CR, or one line's.
        0 => {
            *file = file
                .iter()
                .flat_map(|&b| {
                    if b == b'\n' {
                        vec![b'\r', b'\n']
                    } else {
                        vec![b]
                    }
                })
                .collect()
        }
        1 => file
            .iter_mut()
            .filter(|b| **b == b'\n')
            .for_each(|b| *b = b'\r'),
        2 => {
            let at = rng.gen_range(0..=file.len());
            let ends: [&[u8]; 4] = [b"\r", b"\r\n", b"\n\n", b"\n \n"];
            let end = ends.choose(rng).unwrap();
            file.splice(at..at, end.iter().copied());
        }
        // Quotes.
        3 => {
            let at = rng.gen_range(0..=file.len());
            file.insert(at, b'"');
        }
        // Delimiters.
        4 => {
            let to = *[b';', b'\t', b' ', b'|'].choose(rng).unwrap();
            file.iter_mut()
                .filter(|b| **b == b',')
                .for_each(|b| *b = to);
        }
        // Encodings and BOMs.
        5 => {
            for _ in 0..rng.gen_range(1..4) {
                if !file.is_empty() {
                    let at = rng.gen_range(0..file.len());
                    file[at] = rng.gen_range(0x80..=0xFF);
                }
            }
        }
        6 => {
            let bom: &[u8] = [b"\xEF\xBB\xBF".as_slice(), b"\xFF\xFE", b"\xFE\xFF"]
                .choose(rng)
                .unwrap();
            file.splice(0..0, bom.iter().copied());
        }
        // Truncation.
        7 => {
            let at = rng.gen_range(0..=file.len());
            file.truncate(at);
        }
        // Odd numbers and dates in a random field.
        8 | 9 => {
            let mut ls = lines(file);
            if ls.len() > 1 {
                let row = rng.gen_range(1..ls.len());
                let mut fields: Vec<Vec<u8>> =
                    ls[row].split(|&b| b == b',').map(<[u8]>::to_vec).collect();
                let col = rng.gen_range(0..fields.len());
                let odd = if rng.gen_bool(0.5) {
                    ODD_NUMBERS.choose(rng)
                } else {
                    ODD_DATES.choose(rng)
                };
                fields[col] = odd.unwrap().as_bytes().to_vec();
                ls[row] = fields.join(&b',');
            }
            *file = ls.join(&b'\n');
        }
        // Columns duplicated, swapped or dropped, in every line alike.
        10 => {
            let ls = lines(file);
            let width = ls.first().map_or(1, |l| l.split(|&b| b == b',').count());
            let (a, b) = (rng.gen_range(0..width), rng.gen_range(0..width));
            let how = rng.gen_range(0..3);
            let out: Vec<Vec<u8>> = ls
                .iter()
                .map(|l| {
                    let mut f: Vec<&[u8]> = l.split(|&x| x == b',').collect();
                    match how {
                        0 if a < f.len() => f.insert(a, f[a]),
                        1 if a < f.len() && b < f.len() => f.swap(a, b),
                        2 if a < f.len() => {
                            f.remove(a);
                        }
                        _ => {}
                    }
                    f.join(&b',')
                })
                .collect();
            *file = out.join(&b'\n');
        }
        // A long cell.
        11 => {
            let at = rng.gen_range(0..=file.len());
            let len = *[300, 5_000, 200_000].choose(rng).unwrap();
            file.splice(at..at, std::iter::repeat_n(b'x', len));
        }
        // Byte flips.
        12 => {
            for _ in 0..rng.gen_range(1..8) {
                if !file.is_empty() {
                    let at = rng.gen_range(0..file.len());
                    file[at] ^= 1 << rng.gen_range(0..8);
                }
            }
        }
        // One order of many lines (the basket miner's worst case): repeat a row with its invoice kept.
        13 => {
            let ls = lines(file);
            if ls.len() > 1 {
                let row = ls[rng.gen_range(1..ls.len())].clone();
                let mut out = ls;
                out.extend(std::iter::repeat_n(row, rng.gen_range(50..300)));
                *file = out.join(&b'\n');
            }
        }
        // Lines dropped or duplicated, the header only.
        14 => {
            let mut ls = lines(file);
            if ls.len() > 2 {
                let at = rng.gen_range(1..ls.len());
                if rng.gen_bool(0.5) {
                    ls.remove(at);
                } else {
                    ls.insert(at, ls[at].clone());
                }
            }
            if rng.gen_bool(0.1) {
                ls.truncate(1);
            }
            *file = ls.join(&b'\n');
        }
        // Header names swapped for other roles' names.
        _ => {
            let mut ls = lines(file);
            if let Some(h) = ls.first_mut() {
                let names = [
                    "Customer ID",
                    "InvoiceDate",
                    "Quantity",
                    "Price",
                    "Invoice",
                    "Sales",
                    "Sponsor",
                    "Items",
                ];
                let mut f: Vec<Vec<u8>> = h.split(|&b| b == b',').map(<[u8]>::to_vec).collect();
                let col = rng.gen_range(0..f.len());
                f[col] = names.choose(rng).unwrap().as_bytes().to_vec();
                *h = f.join(&b',');
            }
            *file = ls.join(&b'\n');
        }
    }
}

/// A request: half the time the defaults, else one to three settings changed, inside or outside their
/// ranges.
fn settings(rng: &mut StdRng) -> Request {
    let mut r = Request::default();
    if rng.gen_bool(0.5) {
        return r;
    }
    // A date setting is a day (text that is not a date is refused where it is typed: tests/settings.rs).
    let date = |rng: &mut StdRng, dates: &[&str]| dates.choose(rng).and_then(|d| d.parse().ok());
    for _ in 0..rng.gen_range(1..=3) {
        match rng.gen_range(0..11) {
            0 => {
                r.clv.horizon = [
                    "0",
                    "1",
                    "24",
                    "240",
                    "241",
                    "100000",
                    "39 weeks",
                    "1045 weeks",
                    "10 days",
                    "-1 days",
                ]
                .choose(rng)
                .and_then(|t| t.parse().ok())
                .unwrap_or(Horizon::months(-1.0))
            }
            1 => {
                r.clv.discount_rate = *[-1.0, -0.5, 0.0, 0.02, 0.5, f64::NAN, f64::INFINITY]
                    .choose(rng)
                    .unwrap()
            }
            2 => {
                r.clusters.k = *[Some(0), Some(2), Some(5), Some(9), Some(12)]
                    .choose(rng)
                    .unwrap()
            }
            3 => {
                let (cluster, into) = *[(0, 2), (1, 3), (8, 2), (0, 30), (0, 1)]
                    .choose(rng)
                    .unwrap();
                r.clusters.split = Some(Split { cluster, into });
            }
            4 => {
                r.basket.min_support = *[
                    None,
                    Some(0.0),
                    Some(1e-9),
                    Some(0.001),
                    Some(0.5),
                    Some(1.0),
                    Some(2.0),
                ]
                .choose(rng)
                .unwrap()
            }
            5 => {
                r.basket.min_confidence = *[None, Some(0.0), Some(0.5), Some(1.0), Some(f64::NAN)]
                    .choose(rng)
                    .unwrap()
            }
            6 => r.basket.max_len = *[0, 1, 2, 4, 10, 50].choose(rng).unwrap(),
            7 => {
                r.analysis_date = date(
                    rng,
                    &["2011-06-30", "1970-01-01", "1997-03-01", "2010-12-01"],
                )
            }
            8 => r.period_start = date(rng, &["2011-01-01", "2030-01-01", "1997-02-01"]),
            9 => {
                r.clv.calibration = date(rng, &["1997-09-30", "2011-06-01", "2012-01-01"])
                    .map_or(Calibration::Off, Calibration::Until)
            }
            _ => {
                r.clusters.migration_boundary =
                    date(rng, &["1997-06-01", "2011-03-01", "2100-01-01"])
            }
        }
    }
    r
}

/// How an input ended: analysed, or refused with a sentence (its first words).
type Ending = (Duration, String);

/// What went wrong with one input, if anything; else how it ended.
fn check(file: &[u8], request: &Request) -> Result<Ending, String> {
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| run(file, request, &mut |_, _| {})));
    let took = start.elapsed();
    match outcome {
        Err(panic) => Err(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
        Ok(_) if took > TIME_BOUND => Err(format!("took {took:?}")),
        Ok(Ok(a)) if !a.report.rows.balances() => {
            Err(format!("unbalanced account {:?}", a.report.rows))
        }
        Ok(Ok(_)) => Ok((took, "analysed".into())),
        Ok(Err(e)) => {
            let text = e.to_string();
            let sentence = !text.is_empty() && text.ends_with(['.', ')']) && !text.contains('\n');
            if sentence {
                Ok((
                    took,
                    text.split_whitespace()
                        .take(4)
                        .collect::<Vec<_>>()
                        .join(" "),
                ))
            } else {
                Err(format!("not one sentence: {text:?}"))
            }
        }
    }
}

fn keep_failure(n: usize, file: &[u8], request: &Request, why: &str) {
    let dir = root("target/fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(format!("{dir}/{n}.csv"), file).unwrap();
    let settings = serde_json::to_string_pretty(request).unwrap();
    std::fs::write(format!("{dir}/{n}.json"), format!("{settings}\n")).unwrap();
    eprintln!("input {n}: {why} (kept in {dir}/{n}.csv)");
}

#[test]
fn every_input_that_ever_failed_now_passes() {
    let dir = root("tests/data/fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let file = std::fs::read(&path).unwrap();
            let request: Request = std::fs::read_to_string(path.with_extension("json"))
                .map(|s| serde_json::from_str(&s).unwrap())
                .unwrap_or_default();
            if let Err(why) = check(&file, &request) {
                panic!("{}: {why}", path.display());
            }
            n += 1;
        }
    }
    assert!(n > 0, "regression fixtures in {dir}");
}

/// One thread's failures, its slowest input (time and number) and how its inputs ended.
type Tally = (usize, (Duration, usize), BTreeMap<String, usize>);

/// Input `n` of the run seeded `seed`: a seed file, sliced and mutated, and a request. Each input has its
/// own generator, so any one is made again from `(seed, n)` whatever the number of threads.
fn input(seeds: &[Vec<u8>], seed: u64, n: usize) -> (Vec<u8>, Request) {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n as u64);
    let mut file = seeds.choose(&mut rng).unwrap().clone();
    // A slice of the seed's rows keeps inputs small and varied.
    if rng.gen_bool(0.7) {
        let ls = lines(&file);
        let keep = rng.gen_range(2..=ls.len().clamp(2, 150));
        file = ls[..keep.min(ls.len())].join(&b'\n');
    }
    for _ in 0..rng.gen_range(1..=4) {
        mutate(&mut rng, &mut file);
    }
    (file, settings(&mut rng))
}

#[test]
fn seeded_mutations_end_in_an_account_or_a_sentence() {
    let count: usize = std::env::var("FUZZ_INPUTS").map_or(3000, |v| v.parse().unwrap());
    let seed: u64 = std::env::var("FUZZ_SEED").map_or(16, |v| v.parse().unwrap());
    let threads = std::env::var("FUZZ_THREADS").map_or_else(
        |_| std::thread::available_parallelism().map_or(1, |n| n.get()),
        |v| v.parse().unwrap(),
    );
    let seeds = seeds();
    let started = Instant::now();
    let show = std::env::var("FUZZ_SHOW").ok();
    let results: Vec<Tally> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (seeds, show) = (&seeds, &show);
                s.spawn(move || {
                    let (mut failures, mut slowest) = (0, (Duration::ZERO, 0));
                    let mut endings: BTreeMap<String, usize> = BTreeMap::new();
                    for n in (t..count).step_by(threads) {
                        let (file, request) = input(seeds, seed, n);
                        match check(&file, &request) {
                            Ok((took, ending)) => {
                                slowest = slowest.max((took, n));
                                let seen = endings.entry(ending.clone()).or_default();
                                let wanted = show.as_ref().is_some_and(|w| {
                                    *w == n.to_string() || (ending.starts_with(w) && *seen < 12)
                                });
                                if wanted {
                                    keep_failure(n, &file, &request, &ending);
                                }
                                *seen += 1;
                            }
                            Err(why) => {
                                failures += 1;
                                keep_failure(n, &file, &request, &why);
                            }
                        }
                    }
                    (failures, slowest, endings)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let failures: usize = results.iter().map(|r| r.0).sum();
    let slowest = results.iter().map(|r| r.1).max().unwrap_or_default();
    let mut endings: BTreeMap<String, usize> = BTreeMap::new();
    for (ending, n) in results.iter().flat_map(|r| &r.2) {
        *endings.entry(ending.clone()).or_default() += n;
    }
    eprintln!(
        "fuzz: {count} inputs (seed {seed}, {threads} threads) in {:.1} s, {failures} failures, slowest {:.3} s (input {})",
        started.elapsed().as_secs_f64(),
        slowest.0.as_secs_f64(),
        slowest.1
    );
    for (ending, n) in &endings {
        eprintln!("  {n:>8}  {ending}");
    }
    assert!(
        endings.get("analysed").is_some_and(|&n| n * 4 > count),
        "most inputs should still be analysed: {endings:?}"
    );
    assert_eq!(failures, 0, "see target/fuzz-failures");
}

//! Benchmark: ingest + RFM on a generated 1,000,000-row file in the UCI Online Retail II layout.
//! Prints wall time (best and median of 5 runs), throughput and peak heap memory.
//!
//! `cargo bench --bench ingest_rfm` (writes the file to target/bench/ first if it is not there).

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use customer_lens::core::pipeline::{run, Request};

/// Counts live and peak heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const ROWS: usize = 1_000_000;

/// A small deterministic generator (SplitMix64), so the file is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes the file: ~5,900 customers, invoices of ~20 lines over 2009-12-01 to 2011-12-09, with the
/// real data's blemishes (missing ids, cancellations, zero prices, duplicated lines).
fn generate(path: &PathBuf) {
    let mut rng = Rng(20_111_209);
    let products: Vec<(String, String, f64)> = (0..4_000)
        .map(|i| {
            (
                format!("{}{}", 20_000 + i, ["", "A", "B", "C"][i % 4]),
                format!("PRODUCT NUMBER {i} DESCRIPTION"),
                0.29 + (i % 97) as f64 * 0.37,
            )
        })
        .collect();
    let countries = [
        "United Kingdom",
        "Germany",
        "France",
        "EIRE",
        "Netherlands",
        "Spain",
    ];
    let mut out = String::with_capacity(ROWS * 80);
    out.push_str("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n");
    let (start, days) = (chrono_days(2009, 12, 1), 739);
    let mut invoice = 489_434u64;
    let mut rows = 0;
    while rows < ROWS {
        invoice += 1;
        let customer = if rng.below(5) == 0 {
            None
        } else {
            Some(12_346 + rng.below(5_900))
        };
        let cancelled = rng.below(50) == 0;
        let day = start + rng.below(days) as i64;
        let (y, m, d) = civil(day);
        let (hh, mm) = (7 + rng.below(12), rng.below(60));
        let country = countries[(customer.unwrap_or(0) % 17).min(5) as usize];
        let lines = 1 + rng.below(40) as usize;
        for _ in 0..lines.min(ROWS - rows) {
            let (code, desc, price) = &products[rng.below(products.len() as u64) as usize];
            let mut qty = 1 + rng.below(24) as i64;
            if cancelled {
                qty = -qty;
            }
            let price = if rng.below(500) == 0 { 0.0 } else { *price };
            let _ = writeln!(
                out,
                "{}{invoice},{code},{desc},{qty},{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:00,{price:.2},{},{country}",
                if cancelled { "C" } else { "" },
                customer.map_or(String::new(), |c| format!("{c}.0")),
            );
            rows += 1;
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, out).unwrap();
}

fn chrono_days(y: i64, m: i64, d: i64) -> i64 {
    // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn main() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/online_retail_ii_1m.csv");
    if !path.exists() {
        generate(&path);
    }
    let bytes = std::fs::read(&path).unwrap();
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "file: {} ({:.1} MB, {ROWS} rows, Online Retail II layout)",
        path.display(),
        mb
    );
    let mut times = Vec::new();
    // Ingest + RFM (with the management view, cohorts and the per-segment views): lifetime value, clusters
    // and baskets are timed by their own benchmarks.
    let mut request = Request::default();
    request.clv.enabled = false;
    request.clusters.enabled = false;
    request.basket.enabled = false;
    let mut peak_extra = 0;
    for _ in 0..5 {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let t = Instant::now();
        let a = run(&bytes, &request, &mut |_, _| {}).unwrap();
        times.push(t.elapsed().as_secs_f64());
        peak_extra = PEAK.load(Ordering::Relaxed) - base;
        assert_eq!(a.report.rows.read, ROWS as u64);
        std::hint::black_box(a);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "native ingest + RFM: best {:.3} s, median {:.3} s ({:.0} MB/s); peak heap during the run {:.0} MB = {:.2}x the file (plus the file itself)",
        times[0],
        times[2],
        mb / times[2],
        peak_extra as f64 / 1e6,
        peak_extra as f64 / bytes.len() as f64
    );
}

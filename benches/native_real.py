"""Times the native command on the real Online Retail II file and its tenfold copy (benches/real_files.mjs):
the whole analysis, best and median of several runs, with the peak resident memory of each run.
Usage: python3 benches/native_real.py (after `cargo build --release --bin customer-lens`); BIN=path times
another build of the command (used to run the previous commit's beside this one)."""
import os
import statistics
import subprocess
import time

BIN = os.environ.get("BIN", "target/release/customer-lens")
RUNS = {"online_retail_ii_real.csv": 3, "online_retail_ii_10x.csv": 2}

for name, runs in RUNS.items():
    seconds, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            [BIN, "analyze", f"target/bench/{name}", "--json"],
            stdout=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if status != 0:
            raise SystemExit(f"customer-lens failed on {name}")
    print(
        f"{BIN}, whole analysis of {name}: {min(seconds):.2f} s best, "
        f"{statistics.median(seconds):.2f} s median; peak {min(peaks):.0f}-{max(peaks):.0f} MB"
    )

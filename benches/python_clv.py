"""The lifetimes pipeline a data team would write for lifetime value, timed on the same file as
`benches/browser_clv.mjs` (target/bench/clv_100k.csv): the RFT summary in days (the page's default unit), BG/NBD, Pareto/NBD,
MBG/NBD and Gamma-Gamma fits, and 12-month CLV. Run by benches/run in a venv outside the repo
(lifetimes 0.11.3, pandas 2.2.3 from PyPI)."""
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter, ParetoNBDFitter
from lifetimes.utils import summary_data_from_transaction_data

path = sys.argv[1]
t0 = time.perf_counter()
tx = pd.read_csv(path, parse_dates=["date"])
summary = summary_data_from_transaction_data(
    tx, "customer_id", "date", monetary_value_col="amount", freq="D",
    observation_period_end=tx["date"].max() + pd.Timedelta(days=1),
)
t_summary = time.perf_counter() - t0
times = {}
fits = {}
for name, fitter in [("BG/NBD", BetaGeoFitter()), ("Pareto/NBD", ParetoNBDFitter()),
                     ("MBG/NBD", ModifiedBetaGeoFitter())]:
    t = time.perf_counter()
    try:
        fitter.fit(summary["frequency"], summary["recency"], summary["T"])
        fits[name] = fitter
        params = ", ".join(f"{k} {v:.4g}" for k, v in fitter.params_.items())
        times[name] = f"{time.perf_counter() - t:.2f} s ({params})"
    except Exception as e:  # lifetimes raises on convergence failures
        times[name] = f"failed after {time.perf_counter() - t:.2f} s: {type(e).__name__}"
repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
t = time.perf_counter()
gg = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
times["Gamma-Gamma"] = f"{time.perf_counter() - t:.2f} s"
t = time.perf_counter()
clv = gg.customer_lifetime_value(fits["BG/NBD"], summary["frequency"], summary["recency"], summary["T"],
                                 summary["monetary_value"], time=12, discount_rate=0.01, freq="D")
t_clv = time.perf_counter() - t
print(f"lifetimes 0.11.3 on {len(summary)} customers: summary {t_summary:.2f} s; "
      + "; ".join(f"{k} {v}" for k, v in times.items())
      + f"; 12-month CLV (no intervals) {t_clv:.2f} s; total {time.perf_counter() - t0:.2f} s")

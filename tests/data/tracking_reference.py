"""Makes tracking_reference.json: the weekly cumulative tracking series of the CDNOW sample as lifetimes
computes it, actual and expected repeat transactions, with a BG/NBD fitted on the 39-week calibration
summary: BetaGeoFitter().fit(frequency, recency, T) on cdnow_customers_summary.csv, then
expected_cumulative_transactions(bgf, transactions, "date", "id", t=546, freq="D", freq_multiplier=7).
Week k counts the repeat purchases made before first day + 7k (the literature's convention). Run once
with lifetimes 0.11.3 from PyPI (pandas 3.1.1, numpy 2.4.6); tests never need Python."""
import json

import lifetimes
import pandas as pd
from lifetimes import BetaGeoFitter
from lifetimes.utils import expected_cumulative_transactions

summary = pd.read_csv("tests/data/cdnow_customers_summary.csv")
bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
rows = [line.split() for line in open("tests/data/CDNOW_sample.txt")]
transactions = pd.DataFrame({"id": [r[1] for r in rows], "date": pd.to_datetime([r[2] for r in rows], format="%Y%m%d")})
tracking = expected_cumulative_transactions(bgf, transactions, "date", "id", t=546, freq="D", freq_multiplier=7)
out = {
    "source": f"lifetimes {lifetimes.__version__}: BetaGeoFitter().fit on tests/data/cdnow_customers_summary.csv; "
              "expected_cumulative_transactions(bgf, transactions, 'date', 'id', t=546, freq='D', freq_multiplier=7) "
              "(tests/data/tracking_reference.py)",
    "params": {k: float(v) for k, v in bgf.params_.items()},
    "actual": [int(v) for v in tracking["actual"]],
    "predicted": [float(v) for v in tracking["predicted"]],
}
json.dump(out, open("tests/data/tracking_reference.json", "w"), indent=1)
print(len(out["actual"]), "weeks; last", out["actual"][-1], out["predicted"][-1], out["params"])

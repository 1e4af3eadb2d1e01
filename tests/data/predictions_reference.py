"""Makes predictions_reference.json: what lifetimes predicts at fixed parameters (the published CDNOW
estimates in weeks, set on each fitter's params_), so tests of our predictions need no fit and no Python.
Calls, each with lifetimes 0.11.3 from PyPI (pandas 3.1.1, numpy 2.4.6), run once:
- BetaGeoFitter / ModifiedBetaGeoFitter .probability_of_n_purchases_up_to_time(t, n), n = 0..10, t = 39;
- each fitter's .expected_number_of_purchases_up_to_time(t) for t in TIMES;
- each fitter's .conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T) and
  .conditional_probability_alive(x, t_x, T) for the HISTORIES;
- ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time(n, 39, x, t_x, T), n = 0..6;
- lifetimes.utils._customer_lifetime_value(bgf, x, t_x, T, m, time=12, discount_rate=0.01, freq="W")
  for given spends m;
- GammaGammaFitter.conditional_expected_average_profit(x, m);
- summary_data_from_transaction_data on the small log LOG with freq "D" and "W" (monetary_value_col).
"""
import json

import numpy as np

import lifetimes
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter, ParetoNBDFitter
from lifetimes.utils import _customer_lifetime_value, summary_data_from_transaction_data

PARAMS = {
    "bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
    "pareto_nbd": {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669},
    "mbgnbd": {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614},
}
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}
TIMES = [1.0, 10.0, 39.0, 52.0, 78.0]
HISTORIES = [(0, 0.0, 38.86), (1, 30.43, 38.86), (2, 6.0, 38.0), (5, 20.0, 39.0), (14, 37.0, 38.0), (3, 35.0, 36.0)]
SPENDS = [20.0, 55.5]
LOG = [
    ("a", "2024-01-01", 10.0), ("a", "2024-01-01", 5.0), ("a", "2024-01-03", 20.0), ("a", "2024-02-20", 30.0),
    ("b", "2024-01-08", 7.0), ("b", "2024-01-10", 9.0), ("b", "2024-03-31", 11.0),
    ("c", "2024-02-01", 40.0),
    ("d", "2024-01-05", 1.0), ("d", "2024-01-06", 2.0), ("d", "2024-01-07", 3.0), ("d", "2024-03-01", 4.0),
]
END = "2024-03-31"

fitters = {"bgnbd": BetaGeoFitter(), "pareto_nbd": ParetoNBDFitter(), "mbgnbd": ModifiedBetaGeoFitter()}
out = {"source": f"lifetimes {lifetimes.__version__} (tests/data/predictions_reference.py)", "params": PARAMS,
       "gamma_gamma": GAMMA_GAMMA, "times": TIMES, "histories": HISTORIES, "spends": SPENDS, "models": {}}
for name, f in fitters.items():
    f.params_ = pd.Series(PARAMS[name])
    f.predict = f.conditional_expected_number_of_purchases_up_to_time  # as fit() sets it
    m = {"unconditional": [float(np.ravel(f.expected_number_of_purchases_up_to_time(t))[0]) for t in TIMES],
         "conditional_39": [float(np.ravel(f.conditional_expected_number_of_purchases_up_to_time(39.0, x, r, T))[0]) for x, r, T in HISTORIES],
         "p_alive": [float(np.ravel(f.conditional_probability_alive(x, r, T))[0]) for x, r, T in HISTORIES]}
    if name != "pareto_nbd":
        m["p_n_39"] = [float(np.ravel(f.probability_of_n_purchases_up_to_time(39.0, n))[0]) for n in range(11)]
    else:
        m["conditional_p_n_39"] = [[float(np.ravel(f.conditional_probability_of_n_purchases_up_to_time(n, 39.0, x, r, T))[0]) for n in range(7)]
                                   for x, r, T in HISTORIES]
    idx = pd.RangeIndex(len(HISTORIES))
    x = pd.Series([h[0] for h in HISTORIES], index=idx, dtype=float)
    r = pd.Series([h[1] for h in HISTORIES], index=idx)
    T = pd.Series([h[2] for h in HISTORIES], index=idx)
    m["clv_12_months"] = {str(s): [float(v) for v in _customer_lifetime_value(f, x, r, T, pd.Series(s, index=idx), time=12, discount_rate=0.01, freq="W")]
                          for s in SPENDS}
    out["models"][name] = m
gg = GammaGammaFitter()
gg.params_ = pd.Series(GAMMA_GAMMA)
out["expected_spend"] = [float(gg.conditional_expected_average_profit(h[0], 50.0)) if h[0] > 0 else None for h in HISTORIES]
log = pd.DataFrame(LOG, columns=["id", "date", "amount"])
log["date"] = pd.to_datetime(log["date"])
out["log"] = LOG
out["log_end"] = END
out["summaries"] = {}
for freq in ["D", "W"]:  # pandas 3 refuses lifetimes' "M" (an ambiguous timedelta)
    s = summary_data_from_transaction_data(log, "id", "date", monetary_value_col="amount", observation_period_end=END, freq=freq)
    out["summaries"][freq] = {i: {k: float(v) for k, v in row.items()} for i, row in s.iterrows()}
json.dump(out, open("tests/data/predictions_reference.json", "w"), indent=1)
print(json.dumps(out["summaries"], indent=0)[:1500])

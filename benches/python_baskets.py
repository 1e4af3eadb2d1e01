"""The mlxtend pipeline a data team would write for market baskets, timed on the file of
`cargo bench --bench baskets` (target/bench/baskets_50k.csv): orders one-hot encoded with
TransactionEncoder, fpgrowth(min_support=0.01, max_len=3) and association_rules(metric="confidence",
min_threshold=0.2). Run by benches/run in a venv outside the repo (mlxtend 0.23.4, pandas 2.2.3)."""
import sys
import time

import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth
from mlxtend.preprocessing import TransactionEncoder

t0 = time.perf_counter()
tx = pd.read_csv(sys.argv[1], dtype={"StockCode": str})
baskets = tx.groupby("InvoiceNo")["StockCode"].apply(lambda s: sorted(set(s))).tolist()
encoder = TransactionEncoder()
onehot = pd.DataFrame(encoder.fit(baskets).transform(baskets), columns=encoder.columns_)
t_encode = time.perf_counter() - t0
t = time.perf_counter()
itemsets = fpgrowth(onehot, min_support=0.01, use_colnames=True, max_len=3)
rules = association_rules(itemsets, metric="confidence", min_threshold=0.2)
t_mine = time.perf_counter() - t
print(f"mlxtend 0.23.4: {len(baskets)} baskets x {onehot.shape[1]} items: read + one-hot {t_encode:.2f} s; "
      f"fpgrowth + rules {t_mine:.2f} s ({len(itemsets)} itemsets, {len(rules)} rules); "
      f"total {time.perf_counter() - t0:.2f} s")

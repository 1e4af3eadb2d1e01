"""Makes rules_reference.json: 20 fixed baskets over 6 items and the frequent itemsets and association
rules mlxtend gives for them: apriori(df, min_support=0.2, use_colnames=True, max_len=3) and
association_rules(itemsets, num_itemsets=20, metric="confidence", min_threshold=0.5) with every measure
it reports. Run once with mlxtend 0.25.0 from PyPI (pandas 3.1.1); tests never need Python."""
import json

import mlxtend
import pandas as pd
from mlxtend.frequent_patterns import apriori, association_rules
from mlxtend.preprocessing import TransactionEncoder

baskets = [
    ["bread", "milk"], ["bread", "nappies", "beer", "eggs"], ["milk", "nappies", "beer", "cola"],
    ["bread", "milk", "nappies", "beer"], ["bread", "milk", "nappies", "cola"], ["milk", "cola"],
    ["bread", "eggs"], ["beer", "nappies"], ["bread", "milk", "eggs"], ["nappies", "beer", "cola"],
    ["bread", "milk", "nappies", "beer", "eggs"], ["milk"], ["bread", "cola"], ["beer", "nappies", "milk"],
    ["bread", "milk", "cola"], ["eggs", "milk"], ["bread", "beer"], ["nappies", "milk", "bread"],
    ["cola", "beer", "nappies"], ["bread", "milk", "nappies"],
]
encoder = TransactionEncoder()
df = pd.DataFrame(encoder.fit(baskets).transform(baskets), columns=encoder.columns_)
itemsets = apriori(df, min_support=0.2, use_colnames=True, max_len=3)
rules = association_rules(itemsets, num_itemsets=len(baskets), metric="confidence", min_threshold=0.5)
measures = ["antecedent support", "consequent support", "support", "confidence", "lift", "representativity",
            "leverage", "zhangs_metric", "jaccard", "certainty", "kulczynski"]
conviction = lambda v: None if v == float("inf") else float(v)
out = {
    "source": f"mlxtend {mlxtend.__version__}: apriori(df, min_support=0.2, use_colnames=True, max_len=3); "
              "association_rules(itemsets, num_itemsets=20, metric='confidence', min_threshold=0.5) "
              "(tests/data/rules_reference.py)",
    "measures": measures + ["conviction"],
    "baskets": baskets,
    "itemsets": sorted([sorted(s), round(float(p), 12)] for s, p in zip(itemsets["itemsets"], itemsets["support"])),
    "rules": sorted(
        [sorted(row["antecedents"]), sorted(row["consequents"]), [float(row[m]) for m in measures],
         conviction(row["conviction"])]
        for _, row in rules.iterrows()
    ),
}
json.dump(out, open("tests/data/rules_reference.json", "w"), indent=1)
print(len(out["itemsets"]), "itemsets,", len(out["rules"]), "rules")

"""The scikit-learn pipeline a data team would write for behavioural segments, timed on the same file as
`benches/browser_clusters.mjs` (target/bench/clv_100k.csv): LRFM features per customer in pandas, log1p
of skewed ones, StandardScaler, KMeans(k, n_init=10) for k = 2..9, silhouette_score on a 2,000-customer
sample per k, and a 2-component PCA. Run by benches/run in a venv outside the repo (scikit-learn 1.7.2,
pandas 2.2.3 from PyPI)."""
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

path = sys.argv[1]
t0 = time.perf_counter()
tx = pd.read_csv(path, parse_dates=["date"])
end = tx["date"].max() + pd.Timedelta(days=1)
g = tx.groupby("customer_id")
features = pd.DataFrame({
    "length": (g["date"].max() - g["date"].min()).dt.days,
    "recency": (end - g["date"].max()).dt.days,
    "frequency": g["date"].nunique(),
    "monetary": g["amount"].sum(),
})
for column in features:
    if features[column].skew() > 1:
        features[column] = np.log1p(features[column])
x = StandardScaler().fit_transform(features)
t_features = time.perf_counter() - t0
t = time.perf_counter()
inertia, silhouette = {}, {}
rng = np.random.RandomState(42)
for k in range(2, 10):
    model = KMeans(n_clusters=k, n_init=10, random_state=42).fit(x)
    inertia[k] = model.inertia_
    silhouette[k] = silhouette_score(x, model.labels_, sample_size=2000, random_state=rng)
t_kmeans = time.perf_counter() - t
t = time.perf_counter()
PCA(n_components=2).fit_transform(x)
t_pca = time.perf_counter() - t
print(f"scikit-learn 1.7.2 on {len(x)} customers: features {t_features:.2f} s; "
      f"k = 2..9 with 10 starts each and silhouette {t_kmeans:.2f} s; PCA {t_pca:.2f} s; "
      f"total {time.perf_counter() - t0:.2f} s")

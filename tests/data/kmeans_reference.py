"""Makes kmeans_reference.json: a fixed 45 x 3 matrix (three overlapping groups laid out by a formula, no
random numbers) and scikit-learn's K-Means inertia on it for k = 2..5, as the median over random_state
0..19 of KMeans(n_clusters=k, n_init=10, init="k-means++", random_state=s).fit(X).inertia_ (K-Means is
random: one seed is luck, the median is the method). Run once with scikit-learn 1.7.2 from PyPI; tests
never need Python."""
import json
import math

import numpy as np
import sklearn
from sklearn.cluster import KMeans

pts = []
for i in range(45):
    c = [(0, 0, 0), (3, 1, -1), (1, 4, 2)][i % 3]
    pts.append([round(c[0] + 1.6 * math.sin(1.7 * i), 4), round(c[1] + 1.4 * math.cos(2.3 * i), 4),
                round(c[2] + 1.2 * math.sin(0.9 * i + 1), 4)])
X = np.array(pts)
ref = {"source": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}: median over random_state 0..19 of "
                 "KMeans(n_clusters=k, n_init=10, init='k-means++', random_state=s).fit(X).inertia_, k = 2..5 "
                 "(tests/data/kmeans_reference.py)",
       "matrix": pts, "median_inertia": {}}
for k in range(2, 6):
    runs = sorted(KMeans(n_clusters=k, n_init=10, init="k-means++", random_state=s).fit(X).inertia_ for s in range(20))
    ref["median_inertia"][str(k)] = float((runs[9] + runs[10]) / 2)
json.dump(ref, open("tests/data/kmeans_reference.json", "w"), indent=1)
print(ref["median_inertia"])

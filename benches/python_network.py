"""Baseline: the referral network as a data team would compute it with pandas and networkx.

Reads the file written by `cargo bench --bench network`, builds the sponsor -> member graph, and for every
member counts its direct recruits, its downline (networkx.descendants) and the downline's revenue; checks for
cycles and for sponsors who never bought; prints the top sponsor and the time taken.
Run: python benches/python_network.py target/bench/network_100k.csv (networkx 3.4.2, pandas 2.2.3).
"""

import sys
import time

import networkx as nx
import pandas as pd

start = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype={"Member ID": str, "Sponsor ID": str})
members = df.groupby("Member ID").agg(sponsor=("Sponsor ID", "first"), revenue=("Amount", "sum"))
g = nx.DiGraph()
g.add_nodes_from(members.index)
links = members.dropna(subset=["sponsor"])
g.add_edges_from(zip(links["sponsor"], links.index))
missing = set(links["sponsor"]) - set(members.index)
cycles = list(nx.simple_cycles(g))
revenue = members["revenue"].to_dict()
rows = []
for node in g.nodes:
    below = nx.descendants(g, node)
    rows.append((node, g.out_degree(node), len(below), sum(revenue.get(m, 0.0) for m in below)))
table = pd.DataFrame(rows, columns=["id", "direct", "downline", "downline_revenue"])
top = table.sort_values("downline", ascending=False).iloc[0]
elapsed = time.perf_counter() - start
print(
    f"python network: {g.number_of_nodes()} members, {len(missing)} missing sponsors, {len(cycles)} cycles, "
    f"top sponsor {top['id']} with downline {top['downline']} (revenue {top['downline_revenue']:.2f})"
)
print(f"pandas {pd.__version__} + networkx {nx.__version__}: {elapsed:.2f} s")

"""The pandas pipeline a data team would write for the same job: clean the Online Retail II file, compute
RFM, score quintiles with qcut(rank(method="first")) and segment on the R x F grid. Prints its time and
the counts to compare with Customer Lens. Usage: python benches/python_rfm.py FILE"""
import sys
import time

import pandas as pd

SEGMENTS = {
    (5, 4): "Champions", (5, 5): "Champions", (3, 4): "Loyal Customers", (3, 5): "Loyal Customers",
    (4, 4): "Loyal Customers", (4, 5): "Loyal Customers", (4, 2): "Potential Loyalists", (4, 3): "Potential Loyalists",
    (5, 2): "Potential Loyalists", (5, 3): "Potential Loyalists", (5, 1): "New Customers", (4, 1): "Promising",
    (3, 3): "Need Attention", (3, 1): "About To Sleep", (3, 2): "About To Sleep", (1, 3): "At Risk",
    (1, 4): "At Risk", (2, 3): "At Risk", (2, 4): "At Risk", (1, 5): "Can't Lose Them", (2, 5): "Can't Lose Them",
    (1, 1): "Hibernating", (1, 2): "Hibernating", (2, 1): "Hibernating", (2, 2): "Hibernating",
}

t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype={"Invoice": str, "StockCode": str, "Customer ID": "float64"})
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
read = len(df)
df = df.dropna(subset=["Customer ID"])
df = df[~df["Invoice"].str.startswith("C") & (df["Quantity"] >= 0)]
df = df.drop_duplicates()
df = df[df["Price"] > 0]
df["amount"] = df["Quantity"] * df["Price"]
analysis_date = df["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
rfm = df.groupby("Customer ID").agg(
    last=("InvoiceDate", "max"), frequency=("Invoice", "nunique"), monetary=("amount", "sum")
)
rfm["recency"] = (analysis_date - rfm["last"].dt.normalize()).dt.days
rfm["R"] = pd.qcut(rfm["recency"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
rfm["F"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm["M"] = pd.qcut(rfm["monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm["segment"] = [SEGMENTS[(r, f)] for r, f in zip(rfm["R"], rfm["F"])]
seconds = time.perf_counter() - t0
print(f"python pandas {pd.__version__} ingest + RFM: {seconds:.3f} s; rows read {read}, used {len(df)}, "
      f"customers {len(rfm)}, revenue {df['amount'].sum():.2f}")
print("python segments:", dict(sorted(rfm["segment"].value_counts().items())))

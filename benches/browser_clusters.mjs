// Browser benchmark of behavioural segments: the built page (dist/) in headless Chromium, with the
// 100,000 customers of target/bench/clv_100k.csv (written by `cargo bench --bench clv_fit`). Times the
// clustering stage, from the progress bar showing "Finding behavioural segments" to the section drawn:
// features, K-Means for k = 2..9 (10 k-means++ starts each, on a 5,000-customer sample, every customer
// then labelled), the silhouette per k on 2,000 customers, PCA, the chosen k refined on all customers,
// profiles, the random forest, the migration between two periods (which fits lifetime value on each
// half) and the charts. Best and median of 3.
import { bestMedian, threeRuns } from "./page.mjs";

const runs = await threeRuns("clv_100k.csv", async (page, file) => {
  await page.setInputFiles("#file-input", file);
  const start = await page.waitForFunction(
    () => /Finding behavioural segments/.test(document.querySelector(".status")?.textContent ?? "") && performance.now(),
    null,
    { timeout: 120_000, polling: 5 },
  );
  const t0 = await start.jsonValue();
  const end = await page.waitForFunction(
    () =>
      !document.querySelector(".status.running") &&
      document.querySelector("[data-kpi=customers] .kpi-value")?.textContent === "100,000" &&
      document.querySelector("#cluster-profiles, #cluster-error") &&
      performance.now(),
    null,
    { timeout: 120_000, polling: 5 },
  );
  const t1 = await end.jsonValue();
  const error = await page.evaluate(() => document.querySelector("#cluster-error")?.textContent);
  if (error) throw new Error(error);
  return (t1 - t0) / 1000;
});
console.log(
  `browser (headless Chromium), 100,000 customers: clustering stage (k = 2..9, silhouette, PCA, forest, migration, charts) ` +
    `${bestMedian(runs)}`,
);

// Browser benchmark of lifetime value: the built page (dist/) in headless Chromium, with the 100,000
// customers of `cargo bench --bench clv_fit` (target/bench/clv_100k.csv, simulated from the CDNOW BG/NBD
// and Gamma-Gamma parameters). Times, from the file chosen, the first dashboard (KPIs) and then the
// lifetime-value section drawn (shown before the clusters that follow): the worker builds the repeat-purchase summary, fits BG/NBD, Pareto/NBD,
// MBG/NBD and Gamma-Gamma, values every customer with 20-draw intervals and the page draws the charts.
// Best and median of 3.
import { bestMedian, threeRuns } from "./page.mjs";

const runs = await threeRuns("clv_100k.csv", async (page, file) => {
  const t0 = Date.now();
  await page.setInputFiles("#file-input", file);
  await page.waitForFunction(
    () => document.querySelector("[data-kpi=customers] .kpi-value")?.textContent === "100,000",
    null,
    { timeout: 120_000, polling: 10 },
  );
  const first = (Date.now() - t0) / 1000;
  await page.waitForFunction(() => document.querySelector("[data-kpi=clv-total], #clv-error"), null, {
    timeout: 120_000,
    polling: 10,
  });
  const done = (Date.now() - t0) / 1000;
  const error = await page.evaluate(() => document.querySelector("#clv-error")?.textContent);
  if (error) throw new Error(error);
  return { first, clv: done - first };
});
console.log(
  `browser (headless Chromium), 100,000 customers: first dashboard ${bestMedian(runs.map((r) => r.first))} after the file is chosen; ` +
    `lifetime value (summary, four fits, values with intervals, charts) ${bestMedian(runs.map((r) => r.clv))} after that`,
);

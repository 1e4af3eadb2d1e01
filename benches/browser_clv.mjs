// Browser benchmark of lifetime value: the built page (dist/) in headless Chromium, with the 100,000
// customers of `cargo bench --bench clv_fit` (target/bench/clv_100k.csv, simulated from the CDNOW BG/NBD
// and Gamma-Gamma parameters). Times, from the file chosen, the first dashboard (KPIs) and then the
// lifetime-value section drawn (shown before the clusters that follow): the worker builds the repeat-purchase summary, fits BG/NBD, Pareto/NBD,
// MBG/NBD and Gamma-Gamma, values every customer with 20-draw intervals and the page draws the charts.
// Best and median of 3.
import { fileURLToPath } from "node:url";
import { serve, launch } from "../tests/e2e/serve.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const file = root + "target/bench/clv_100k.csv";
const server = await serve(root + "dist");
const browser = await launch();
const runs = [];
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  await page.goto(server.url);
  await page.waitForFunction(
    () => !document.querySelector(".status.running") && document.querySelector("[data-kpi=clv-total], #clv-error"),
    null,
    { timeout: 120_000 },
  );
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
  runs.push({ first, clv: done - first });
  // Let the clustering that follows finish before the next run.
  await page.waitForFunction(() => !document.querySelector(".status.running"), null, { timeout: 120_000 });
  await page.close();
}
await browser.close();
await server.close();
runs.sort((a, b) => a.clv - b.clv);
console.log(
  `browser (headless Chromium), 100,000 customers: first dashboard ${runs[1].first.toFixed(2)} s after the file is chosen; ` +
    `lifetime value (summary, four fits, values with intervals, charts) ${runs[0].clv.toFixed(2)} s best, ${runs[1].clv.toFixed(2)} s median after that`,
);

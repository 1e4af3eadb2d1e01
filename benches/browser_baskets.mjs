// Browser benchmark of market baskets: the built page (dist/) in headless Chromium, with the 50,000
// orders over 4,000 products of target/bench/baskets_50k.csv (written by `cargo bench --bench baskets`).
// Times the basket stage, from the progress bar showing "Mining market baskets" to it moving on to the
// next stage: itemsets and rules at 1 % support, bundles, offers for every customer, the single-item
// buyers, and the factor model with its held-out check; and, within it, the itemsets and rules alone (to the
// progress bar's 30 %). Best and median of 3.
import { bestMedian, threeRuns } from "./page.mjs";

let summary = "";
const runs = await threeRuns("baskets_50k.csv", async (page, file) => {
  await page.setInputFiles("#file-input", file);
  const stage = (pattern) =>
    page.waitForFunction(
      (p) => new RegExp(p).test(document.querySelector(".status")?.textContent ?? "") && performance.now(),
      pattern,
      { timeout: 120_000, polling: 2 },
    );
  const t0 = await (await stage("Mining market baskets")).jsonValue();
  // The worker reports 30 % once the itemsets and rules are found.
  const mined = await page.waitForFunction(
    () =>
      /Mining market baskets/.test(document.querySelector(".status")?.textContent ?? "") &&
      Number(document.querySelector(".status progress")?.getAttribute("value")) >= 30 &&
      performance.now(),
    null,
    { timeout: 120_000, polling: 2 },
  );
  const tm = await mined.jsonValue();
  const t1 = await (await stage("Fitting lifetime-value models")).jsonValue();
  await page.waitForFunction(() => !document.querySelector(".status.running"), null, { timeout: 120_000 });
  summary = await page.locator("#basket-summary").innerText();
  return { mining: (tm - t0) / 1000, stage: (t1 - t0) / 1000 };
});
console.log(`browser (headless Chromium): ${summary}`);
console.log(
  `browser: itemsets and rules ${bestMedian(runs.map((r) => r.mining))}; ` +
    `the whole basket stage (with bundles, offers, single-item buyers, factor model and its check) ` +
    `${bestMedian(runs.map((r) => r.stage))}`,
);

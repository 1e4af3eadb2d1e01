// Browser benchmark: the built page (dist/) in headless Chromium, from choosing the generated 1M-row file
// to the first dashboard drawn (KPIs shown and every RFM chart inked; the lifetime-value models go on
// in the worker and are timed by `cargo bench --bench clv_fit`). Also reports the longest gap between
// animation frames on the main thread while the worker runs, to show that the page does not freeze.
// Run by benches/run after `cargo bench --bench ingest_rfm` has written the file.
import { bestMedian, longestFrameGap, threeRuns, watchFrames } from "./page.mjs";

const runs = await threeRuns("online_retail_ii_1m.csv", async (page, file) => {
  await watchFrames(page);
  const t0 = Date.now();
  await page.setInputFiles("#file-input", file);
  await page.waitForFunction(
    () => {
      if (document.querySelector("[data-kpi=rows-read] .kpi-value")?.textContent !== "1,000,000") return false;
      return [...document.querySelectorAll("figure.chart canvas")].every((c) => {
        const d = c.getContext("2d").getImageData(0, 0, c.width, 40).data;
        return d.some((v, k) => k % 4 !== 3 && v < 200);
      });
    },
    null,
    { timeout: 120_000, polling: 10 },
  );
  const seconds = (Date.now() - t0) / 1000;
  const maxGap = await longestFrameGap(page);
  return { seconds, maxGap };
});
console.log(
  `browser (headless Chromium) file chosen -> dashboard drawn, 1M rows: ${bestMedian(runs.map((r) => r.seconds))}; ` +
    `longest main-thread frame gap during the run ${Math.max(...runs.map((r) => r.maxGap)).toFixed(0)} ms`,
);

// Browser benchmark on real data: the release page (dist/) in headless Chromium with the UCI Online Retail II
// file and its tenfold copy (written by benches/real_files.mjs). For each file, three runs on fresh pages
// whose demo has finished: seconds from the file chosen to the first numbers (the rows-read tile shows the
// file's count) and to the whole analysis done (no progress bar), the peak memory of all Chromium processes
// over the idle page (resident set sizes summed, sampled every 100 ms) and the longest gap between
// animation frames on the main thread. Then the same file chosen while the demo still runs.
// Usage: node benches/browser_real.mjs [real|10x ...]
import { execFileSync } from "node:child_process";
import { bestMedian, longestFrameGap, threeRuns, watchFrames } from "./page.mjs";

const FILES = {
  real: { name: "online_retail_ii_real.csv", rows: "1,067,370" },
  "10x": { name: "online_retail_ii_10x.csv", rows: "10,673,700" },
};

/** Resident memory of every Chromium process, in MB. */
function chromiumMb() {
  try {
    const out = execFileSync("ps", ["-C", "chromium", "-o", "rss="], { encoding: "utf8" });
    return out.split("\n").reduce((s, v) => s + (Number(v) || 0), 0) / 1024;
  } catch {
    return 0;
  }
}

/** Chooses `file` on `page` and measures until the analysis is done. */
async function measure(page, file, rows) {
  await watchFrames(page);
  const idle = chromiumMb();
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumMb())), 100);
  const t0 = Date.now();
  await page.setInputFiles("#file-input", file);
  await page.waitForFunction((n) => document.querySelector("[data-kpi=rows-read] .kpi-value")?.textContent === n, rows, {
    timeout: 600_000,
    polling: 10,
  });
  const first = (Date.now() - t0) / 1000;
  await page.waitForFunction(() => !document.querySelector(".status.running"), null, { timeout: 600_000, polling: 10 });
  const done = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const failed = await page.locator(".status.failed").count();
  const maxGap = await longestFrameGap(page);
  return { first, done, peak: peak - idle, maxGap, failed };
}

for (const key of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(FILES)) {
  const { name, rows } = FILES[key];
  const runs = await threeRuns(name, (page, file) => measure(page, file, rows));
  const mb = runs.map((r) => r.peak).sort((a, b) => a - b);
  console.log(
    `browser (headless Chromium), ${name}: first numbers ${bestMedian(runs.map((r) => r.first))}; ` +
      `done ${bestMedian(runs.map((r) => r.done))}; peak over the idle page ${mb[0].toFixed(0)}-${mb.at(-1).toFixed(0)} MB; ` +
      `longest frame gap ${Math.max(...runs.map((r) => r.maxGap)).toFixed(0)} ms` +
      (runs.some((r) => r.failed) ? "; a run ended in a failure sentence" : ""),
  );
}

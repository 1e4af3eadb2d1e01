// Where the page's main thread spends a run: the release page in headless Chromium analyses the real Online
// Retail II file (benches/real_files.mjs) while the DevTools profiler samples the main thread; prints the
// long tasks and frame gaps over 50 ms (start and length, ms since the page opened) with their totals, and
// the 25 functions with the most time of their own. Usage: node benches/page_profile.mjs [real|10x] (after
// `trunk build --release`).
import { fileURLToPath } from "node:url";
import { serve, launch } from "../tests/e2e/serve.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const FILES = {
  real: { name: "online_retail_ii_real.csv", rows: "1,067,370" },
  "10x": { name: "online_retail_ii_10x.csv", rows: "10,673,700" },
};
const file = FILES[process.argv[2] ?? "real"];
const server = await serve(process.env.DIST ?? root + "dist");
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  await page.goto(server.url);
  const idle = () => page.waitForFunction(() => !document.querySelector(".status.running"), null, { timeout: 300_000, polling: 10 });
  await page.waitForSelector("[data-kpi=customers]", { timeout: 120_000 });
  await idle();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({
      type: "longtask",
    });
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => {
      if (t - last > 50) window.__gaps.push([Math.round(last), Math.round(t - last)]);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await cdp.send("Profiler.start");
  await page.setInputFiles("#file-input", root + `target/bench/${file.name}`);
  await page.waitForFunction((n) => document.querySelector("[data-kpi=rows-read] .kpi-value")?.textContent === n, file.rows, {
    timeout: 300_000,
    polling: 10,
  });
  await idle();
  await page.waitForTimeout(500);
  const { profile } = await cdp.send("Profiler.stop");
  const seen = await page.evaluate(() => ({ long: window.__long, gaps: window.__gaps }));
  console.log(`long tasks [start, ms]: ${JSON.stringify(seen.long)}`);
  console.log(`frame gaps over 50 ms [start, ms]: ${JSON.stringify(seen.gaps)}`);
  const total = seen.long.reduce((s, [, ms]) => s + ms, 0);
  const longest = (list) => Math.max(0, ...list.map(([, ms]) => ms));
  console.log(
    `long tasks ${total} ms in all, the longest ${longest(seen.long)} ms; longest frame gap ${longest(seen.gaps)} ms, ` +
      `${seen.gaps.filter(([, ms]) => ms > 100).length} over 100 ms`,
  );
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const own = new Map();
  profile.samples.forEach((id, k) => {
    const f = nodes.get(id).callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}`;
    own.set(key, (own.get(key) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
  });
  console.log("own time on the main thread, ms:");
  for (const [key, ms] of [...own].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(1).padStart(9)}  ${key}`);
} finally {
  await browser.close();
  await server.close();
}

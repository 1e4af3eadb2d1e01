// Shared by the browser benchmarks: the built page (dist/) served on loopback to headless Chromium, a fresh
// page per run whose demo has finished (so the worker is free), and the best and median of the runs.
import { fileURLToPath } from "node:url";
import { serve, launch } from "../tests/e2e/serve.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Runs `once(page, path)` three times on fresh pages, with `path` the file `target/bench/<name>`;
 *  resolves to what the runs returned. */
export async function threeRuns(name, once) {
  const server = await serve(process.env.DIST ?? root + "dist");
  const browser = await launch();
  const runs = [];
  try {
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
      await page.goto(server.url);
      await idle(page);
      runs.push(await once(page, root + "target/bench/" + name));
      await idle(page, 300_000);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return runs;
}

/** Waits until a dashboard is shown and the worker has finished every stage. */
async function idle(page, timeout = 120_000) {
  await page.waitForSelector("[data-kpi=customers]", { timeout });
  await page.waitForFunction(() => !document.querySelector(".status.running"), null, { timeout });
}

/** The best and median of `values` (seconds): "0.79 s best, 0.82 s median". */
export function bestMedian(values) {
  const v = [...values].sort((a, b) => a - b);
  return `${v[0].toFixed(2)} s best, ${v[Math.floor(v.length / 2)].toFixed(2)} s median`;
}

/** Starts recording the gaps between animation frames on the page's main thread. */
export function watchFrames(page) {
  return page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops recording; resolves to the longest gap (ms). */
export function longestFrameGap(page) {
  return page.evaluate(() => {
    window.__stop = true;
    return Math.max(...window.__gaps);
  });
}

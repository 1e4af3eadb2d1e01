// Browser benchmark of the referral network: the built page (dist/) in headless Chromium, with the 100,000
// members of target/bench/network_100k.csv (written by `cargo bench --bench network`). Times, best and
// median of 3: from the file chosen to the network section drawn (reading, customer table, RFM, the
// network and the first dashboard), and re-centring the drawing on another sponsor (the layout over every
// member, and the canvas drawn again).
import { bestMedian, threeRuns } from "./page.mjs";

let summary = "";
const runs = await threeRuns("network_100k.csv", async (page, file) => {
  const t0 = await page.evaluate(() => performance.now());
  await page.setInputFiles("#file-input", file);
  const shown = await page.waitForFunction(
    () => document.querySelector("#chart-network") && document.querySelector("#top-sponsors") && performance.now(),
    null,
    { timeout: 120_000, polling: 2 },
  );
  const t1 = await shown.jsonValue();
  const before = await page.$eval("#chart-network", (c) => c.toDataURL());
  const t2 = await page.evaluate(() => performance.now());
  await page.locator("#top-sponsors tbody tr").nth(1).locator("button").click();
  const redrawn = await page.waitForFunction(
    (b) => document.querySelector("#chart-network").toDataURL() !== b && performance.now(),
    before,
    { timeout: 60_000, polling: 2 },
  );
  const t3 = await redrawn.jsonValue();
  summary = (await page.locator("#network .summary").innerText()).trim();
  return { shown: (t1 - t0) / 1000, recentre: (t3 - t2) / 1000 };
});
console.log(`browser (headless Chromium): ${summary}`);
console.log(
  `browser: file chosen -> referral network drawn ${bestMedian(runs.map((r) => r.shown))}; ` +
    `re-centre on another sponsor ${bestMedian(runs.map((r) => r.recentre))}`,
);

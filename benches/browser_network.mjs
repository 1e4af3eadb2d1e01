// Browser benchmark of the referral network: the built page (dist/) in headless Chromium, with the 100,000
// members of target/bench/network_100k.csv (written by `cargo bench --bench network`). Times, best and
// median of 3: from the file chosen to the network section drawn (reading, customer table, RFM, the
// network and the first dashboard), and re-centring the drawing on another sponsor (the layout over every
// member, and the canvas drawn again).
import { fileURLToPath } from "node:url";
import { serve, launch } from "../tests/e2e/serve.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const file = root + "target/bench/network_100k.csv";
const server = await serve(root + "dist");
const browser = await launch();
const runs = [];
let summary = "";
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  await page.goto(server.url);
  await page.waitForSelector("#network", { timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector(".status.running"), null, { timeout: 120_000 });
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
  runs.push({ shown: (t1 - t0) / 1000, recentre: (t3 - t2) / 1000 });
  summary = (await page.locator("#network .summary").innerText()).trim();
  await page.waitForFunction(() => !document.querySelector(".status.running"), null, { timeout: 300_000 });
  await page.close();
}
await browser.close();
await server.close();
const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[1];
const best = (key) => Math.min(...runs.map((r) => r[key]));
console.log(`browser (headless Chromium): ${summary}`);
console.log(
  `browser: file chosen -> referral network drawn ${best("shown").toFixed(2)} s best, ${median("shown").toFixed(2)} s median; ` +
    `re-centre on another sponsor ${best("recentre").toFixed(2)} s best, ${median("recentre").toFixed(2)} s median`,
);

// What the end-to-end test files share: the served page, waits for the worker and the charts, and files.
import { before, after } from "node:test";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch } from "./serve.mjs";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** Serves dist/ and launches Chromium for the tests of one file; returns `open`, which opens the page
 *  and records console errors and every request that leaves the page's origin. `prepare(page)` runs
 *  before the page loads (e.g. to route a request). */
export function session() {
  let server, browser;
  before(async () => {
    server = await serve(root + "dist");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return async (prepare, options = {}) => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 }, ...options });
    const errors = [];
    const foreign = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !url.startsWith("blob:") && !url.startsWith("data:")) foreign.push(url);
    });
    await prepare?.(page);
    await page.goto(server.url);
    return { page, errors, foreign };
  };
}

/** Waits until the worker has finished (no progress bar, lifetime value shown or explained) and every
 *  chart is drawn (charts past a frame's drawing budget wait for the next frames). */
export const settled = (page) =>
  page.waitForFunction(
    () =>
      !document.querySelector(".status.running") &&
      document.querySelector("[data-kpi=clv-total], #clv-error") &&
      (document.documentElement.dataset.chartsWaiting ?? "0") === "0",
    null,
    { timeout: 90_000 },
  );

export const kpi = (page, id) => page.locator(`[data-kpi=${id}] .kpi-value`).innerText();

/** Share of non-white pixels of every chart canvas, once no chart waits to be drawn. */
export const inked = async (page) => {
  await page.waitForFunction(() => (document.documentElement.dataset.chartsWaiting ?? "0") === "0");
  return page.$$eval("figure.chart canvas", (canvases) =>
    canvases.map((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
      return ink / (d.length / 4);
    }),
  );
};

export async function tempFile(name, text) {
  const path = join(await mkdtemp(join(tmpdir(), "customer-lens-e2e-")), name);
  await writeFile(path, text);
  return path;
}

/** A file of `rows` purchases by 5,000 customers over 2023-2024. */
export function purchases(rows) {
  const lines = ["Customer,Date,Amount"];
  for (let i = 0; i < rows; i++) {
    const month = String(1 + (i % 12)).padStart(2, "0");
    const day = String(1 + (i % 28)).padStart(2, "0");
    lines.push(`C${(i * 7919) % 5000},${2023 + (i % 2)}-${month}-${day},${(5 + (i % 50)).toFixed(2)}`);
  }
  return lines.join("\n") + "\n";
}

/** Records every value the rows-read tile shows from now on, in `window.__seen`. */
export const watchRowsRead = (page) =>
  page.evaluate(() => {
    window.__seen = [];
    window.__watch?.disconnect();
    window.__watch = new MutationObserver(() => {
      const v = document.querySelector("[data-kpi=rows-read] .kpi-value")?.textContent;
      if (v && window.__seen.at(-1) !== v) window.__seen.push(v);
    });
    window.__watch.observe(document.body, { subtree: true, childList: true, characterData: true });
  });


/** An unsigned LEB128 number at `at` in `bytes`: [value, the offset after it]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** `value` as unsigned LEB128. */
function toLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

/** The WebAssembly module `wasm` with its memory limited to `pages` pages of 64 KiB, so that a job larger
 *  than that runs out of memory in the worker as it would on a small device. */
export function capMemory(wasm, pages) {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id === 5) {
      let [count, p] = leb(wasm, start);
      const flags = wasm[p++];
      let initial;
      [initial, p] = leb(wasm, p);
      if (flags & 1) [, p] = leb(wasm, p);
      const payload = Buffer.concat([toLeb(count), Buffer.from([flags | 1]), toLeb(initial), toLeb(Math.max(pages, initial)), wasm.subarray(p, end)]);
      parts.push(Buffer.from([5]), toLeb(payload.length), payload);
    } else {
      parts.push(wasm.subarray(at, end));
    }
    at = end;
  }
  return Buffer.concat(parts);
}

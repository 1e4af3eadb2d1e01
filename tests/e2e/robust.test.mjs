// Nothing breaks (issue 16), in the page: Windows and old Mac line endings, one order of 300 lines, an
// infinite amount and a 5 MB cell, a worker that runs out of memory, a file too large for the tab.
import { test } from "node:test";
import assert from "node:assert/strict";
import { open as openFile, readFile } from "node:fs/promises";
import { root, session, settled, kpi, tempFile, capMemory } from "./page.mjs";

const open = session();

const loaded = (page) => page.waitForSelector("[data-kpi=customers]", { timeout: 30_000 });

/** A file of 12 purchases by 4 customers whose line 5 has a date that is none, ended by `end`. */
function lineEnded(end) {
  const rows = ["Customer ID,InvoiceDate,Sales"];
  for (let i = 0; i < 12; i++) rows.push(`C${i % 4},2024-${String(1 + (i % 9)).padStart(2, "0")}-1${i % 10},${10 + i}.5`);
  rows[4] = "C3,not a date,5";
  return rows.join(end) + end;
}

test("CRLF and CR files keep an exact account and the file's line numbers", async () => {
  const { page, errors } = await open();
  await loaded(page);
  for (const [name, end] of [["windows.csv", "\r\n"], ["old_mac.csv", "\r"]]) {
    await page.setInputFiles("#file-input", await tempFile(name, lineEnded(end)));
    await page.locator("[data-testid=file-name]", { hasText: name }).waitFor();
    await page.waitForFunction(() => document.querySelector("[data-testid=rows-read]")?.textContent === "12");
    await settled(page);
    assert.equal(await page.locator("[data-testid=rows-used]").innerText(), "11", name);
    assert.equal(await page.locator("[data-testid=rows-set-aside]").innerText(), "1", name);
    assert.match(await page.locator("#row-account").innerText(), /line 5, InvoiceDate: .not a date./, name);
    assert.doesNotMatch(await page.locator("#row-account").innerText(), /basket column was expanded/, name);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("one order of 300 lines gets its rules or a sentence within 5 s, and the page answers", async () => {
  const { page, errors } = await open();
  await loaded(page);
  await settled(page);
  const rows = ["Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID"];
  for (let i = 0; i < 300; i++) rows.push(`1000,P${i},Item ${i},1,2024-01-05 10:00,1.50,42`);
  rows.push("1001,P1,Item 1,1,2024-02-05 10:00,1.50,43", "1002,P2,Item 2,2,2024-03-05 10:00,1.50,42");
  await page.setInputFiles("#file-input", await tempFile("one_order.csv", rows.join("\n") + "\n"));
  const started = Date.now();
  await page.waitForFunction(() => document.querySelector("#basket-summary, #basket-error") && !document.querySelector(".status.running"), null, {
    timeout: 5_000,
  });
  assert.ok(Date.now() - started < 5_000);
  const baskets = await page.locator("#baskets").innerText();
  assert.match(baskets, /an itemset must be in at least 2 of them|rules match/, baskets);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Records the longest gap between animation frames from now on, in `window.__gap`. */
const watchFrames = (page) =>
  page.evaluate(() => {
    window.__gap = 0;
    let last = performance.now();
    const tick = (now) => {
      window.__gap = Math.max(window.__gap, now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

test("an infinite amount and a 5 MB cell are set aside or shortened while the page answers", async () => {
  const { page, errors } = await open();
  await loaded(page);
  await settled(page);
  const rows = ["Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID"];
  for (let i = 0; i < 60; i++) rows.push(`${100 + i},P${i % 7},Item ${i % 7},${1 + (i % 3)},2024-${String(1 + (i % 12)).padStart(2, "0")}-05 10:00,2.50,C${i % 9}`);
  rows.push(`900,PX,Huge,1e20,2024-03-03 10:00,1e308,C1`);
  rows.push(`901,PL,${"x".repeat(5_000_000)},1,2024-04-04 10:00,2.00,C2`);
  await watchFrames(page);
  await page.setInputFiles("#file-input", await tempFile("extreme.csv", rows.join("\n") + "\n"));
  await page.waitForFunction(() => document.querySelector("[data-testid=rows-read]")?.textContent === "62", null, { timeout: 30_000 });
  await settled(page);
  const gap = await page.evaluate(() => window.__gap);
  assert.ok(gap < 2_000, `the page stopped answering for ${gap} ms`);
  const account = await page.locator("#row-account").innerText();
  assert.equal(await page.locator("[data-testid=rows-used]").innerText(), "61");
  assert.match(account, /out of range/i, account);
  assert.match(await page.locator("#shortened-cells").innerText(), /^1 cells? longer than 256 characters/);
  const text = await page.evaluate(() => document.body.innerText.length);
  assert.ok(text < 1_000_000, `the page shows ${text} characters`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a worker that runs out of memory ends in a sentence naming the stage, and the next file works", async () => {
  const wasm = await readFile(root + "dist/worker_bg.wasm");
  // 300 pages of 64 KiB (19 MB) hold the demo's analysis but not that of 300,000 rows.
  const { page, errors } = await open((p) =>
    p.route("**/worker_bg.wasm", (r) => r.fulfill({ body: capMemory(wasm, 300), contentType: "application/wasm" })),
  );
  await loaded(page);
  await settled(page);
  const rows = ["Customer,Date,Amount"];
  for (let i = 0; i < 300_000; i++) rows.push(`C${(i * 7919) % 5000},2024-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")},${5 + (i % 50)}.25`);
  await page.setInputFiles("#file-input", await tempFile("too_much.csv", rows.join("\n") + "\n"));
  const alert = page.locator("[role=alert]");
  await alert.waitFor({ timeout: 60_000 });
  assert.match(await alert.innerText(), /stopped unexpectedly while reading and cleaning rows .*ready for the next file.*customer-lens analyze/);
  assert.equal(await page.locator(".status.running").count(), 0, "no progress bar runs on");
  assert.equal(await page.locator("[data-kpi=customers]").count(), 0, "no number of the demo under the new file's name");
  await page.setInputFiles("#file-input", root + "tests/data/ingest/online_retail.csv");
  await page.waitForFunction(() => document.querySelector("[data-testid=rows-read]")?.textContent === "11", null, { timeout: 30_000 });
  await settled(page);
  assert.equal(await kpi(page, "rows-used"), "3");
  assert.deepEqual(
    errors.filter((e) => !/unreachable/.test(e)),
    [],
    "the only error is the worker's own",
  );
  await page.close();
});

test("a file too large for the tab says its size, the limit and the native command", async () => {
  const { page, errors } = await open();
  await loaded(page);
  // A sparse file: 2.1 GB long, no disk used.
  const path = await tempFile("huge.csv", "");
  const handle = await openFile(path, "r+");
  await handle.truncate(2_100_000_000);
  await handle.close();
  await page.setInputFiles("#file-input", path);
  const alert = page.locator("[role=alert]");
  await alert.waitFor({ timeout: 30_000 });
  const text = await alert.innerText();
  assert.match(text, /huge\.csv is 2100\.0 MB, more than the 2000\.0 MB this browser tab can analyse/, text);
  assert.match(text, /customer-lens analyze "huge\.csv"/);
  assert.equal(await page.locator("[data-kpi=customers]").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a setting out of its range is refused beside its button with the range, and nothing re-runs", async () => {
  const { page, errors } = await open();
  await loaded(page);
  await settled(page);
  const total = await kpi(page, "clv-total");
  for (const [input, value, button, words] of [
    ["#clv-horizon", "500", "#apply-clv", /horizon is above 0 and at most 20 years .*; 500 months is not/],
    ["#clv-horizon", "3 years", "#apply-clv", /such as 12 months, 39 weeks or 10 days; '3 years' is not one/],
    ["#clv-month-days", "40", "#apply-clv", /month of discounting is from 28 to 31 days/],
    ["#clv-discount", "-100", "#apply-clv", /discount rate is a share per month from 0 to 0\.5/],
    ["#basket-max-len", "50", "#apply-baskets", /largest itemset is a whole number of items from 2 to 10/],
    ["#cluster-parts", "30", "#apply-clusters", /splits into 2 to 5 sub-clusters; 30 is not/],
  ]) {
    if (input === "#cluster-parts") await page.selectOption("#cluster-split", "0");
    await page.fill(input, value);
    await page.click(button);
    const problem = page.locator(`${button} ~ .problem`);
    await problem.waitFor();
    assert.match(await problem.innerText(), words);
    assert.equal(await page.locator(".status.running").count(), 0, `${input}: nothing re-runs`);
    assert.equal(await kpi(page, "clv-total"), total);
    await page.fill(input, input === "#clv-discount" ? "1" : input === "#clv-horizon" ? "12 months" : input === "#clv-month-days" ? "" : input === "#basket-max-len" ? "3" : "2");
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("bad dates, words in numbers and an overflowing time are named by line, column and value", async () => {
  const { page, errors } = await open();
  await loaded(page);
  // A date column whose every value is bad: not "no column holds dates", but the reason and the first cell.
  await page.setInputFiles("#file-input", await tempFile("bad_dates.csv", "Customer ID,InvoiceDate,Sales\nA,abc,5\nB,soon,7\n"));
  const alert = page.locator("[role=alert]");
  await alert.waitFor({ timeout: 30_000 });
  assert.match(await alert.innerText(), /2 rows set aside as unparseable date \(line 2: InvoiceDate is 'abc'\)/);
  assert.doesNotMatch(await alert.innerText(), /No column holds dates/);
  // Words in Quantity and Price, and an hour that overflows: those rows are set aside, the rest used.
  const rows = ["Customer ID,InvoiceDate,Quantity,Price", "A,2024-01-01 10:00,2,3.5", "B,2024-01-02 10:00,abc,1", "C,2024-01-03 10:00,NaN,2",
    "D,2024-01-04 10:00,1,inf", "E,12/1/2010 1193047:00,1,2", "A,2024-02-01 10:00,1,4", "F,2024-02-03 11:00,3,1.25"];
  await page.setInputFiles("#file-input", await tempFile("bad_numbers.csv", rows.join("\n") + "\n"));
  await page.waitForFunction(() => document.querySelector("[data-testid=rows-read]")?.textContent === "7", null, { timeout: 30_000 });
  await settled(page);
  assert.equal(await page.locator("[data-testid=rows-used]").innerText(), "3");
  const account = await page.locator("#row-account").innerText();
  assert.match(account, /unparseable number\s+3/i, account);
  assert.match(account, /line 3, Quantity: .abc./, account);
  assert.match(account, /unparseable date\s+1/i, account);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a cluster named like a formula is defused in its target list", async () => {
  const { page, errors } = await open();
  await loaded(page);
  await page.waitForSelector("#cluster-profiles", { timeout: 90_000 });
  await settled(page);
  const row = page.locator("#cluster-profiles tbody tr").first();
  await row.locator("input.name").fill('=HYPERLINK("http://example.com","open")');
  await row.locator("input.name").dispatchEvent("change");
  const [download] = await Promise.all([page.waitForEvent("download"), row.locator("button.export").click()]);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\n");
  assert.ok(lines.length > 1);
  assert.ok(lines.slice(1).every((l) => l.includes(`"'=HYPERLINK(`)), lines[1]);
  assert.ok(!csv.includes(',=HYPERLINK('), "no cell starts with =");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a compressed file or a picture is named for what it is", async () => {
  const { page, errors } = await open();
  await loaded(page);
  const alert = page.locator("[role=alert]");
  for (const [name, bytes, words] of [
    ["orders.csv.gz", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x04, 0x00]), /This is a gzip-compressed file, not a text file/],
    ["chart.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /This is a PNG picture/],
  ]) {
    await page.setInputFiles("#file-input", { name, mimeType: "application/octet-stream", buffer: bytes });
    await page.locator("[data-testid=file-name]", { hasText: name }).waitFor();
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), words);
    assert.doesNotMatch(await alert.innerText(), /No column holds dates/);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

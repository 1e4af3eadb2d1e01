// Writes the real-data benchmark files to target/bench/ (skipping those already there):
// - online_retail_ii_real.csv: the UCI Online Retail II file from ../shared/data (1,067,370 rows, 93 MB);
// - online_retail_ii_10x.csv: ten disjoint copies of it (10,673,700 rows, 951 MB): in copy k every invoice and
//   customer id starts with k (a cancellation keeps its leading C), so each copy is new customers and orders.
// Usage: node benches/real_files.mjs
import { createReadStream, createWriteStream, existsSync, mkdirSync } from "node:fs";
import { createGunzip } from "node:zlib";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { pipeline } from "node:stream/promises";

const root = fileURLToPath(new URL("../", import.meta.url));
const source = root + "../shared/data/online_retail_ii/online_retail_II_full.csv.gz";
const dir = root + "target/bench/";
const real = dir + "online_retail_ii_real.csv";
const tenfold = dir + "online_retail_ii_10x.csv";
mkdirSync(dir, { recursive: true });

if (!existsSync(real)) await pipeline(createReadStream(source), createGunzip(), createWriteStream(real));

/** Splits one CSV line into fields, keeping quotes as written. */
function fields(line) {
  const out = [];
  let field = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}

if (!existsSync(tenfold)) {
  const lines = [];
  for await (const line of createInterface({ input: createReadStream(real) })) lines.push(line);
  const out = createWriteStream(tenfold);
  const write = (text) => (out.write(text) ? null : new Promise((r) => out.once("drain", r)));
  await write(lines[0] + "\n");
  for (let copy = 0; copy < 10; copy++) {
    let chunk = [];
    for (let i = 1; i < lines.length; i++) {
      const f = fields(lines[i]);
      const invoice = f[0];
      f[0] = invoice.startsWith("C") ? `C${copy}${invoice.slice(1)}` : `${copy}${invoice}`;
      const c = f.length - 2;
      if (f[c] !== "") f[c] = `${copy}${f[c]}`;
      chunk.push(f.join(","));
      if (chunk.length === 50_000) {
        await write(chunk.join("\n") + "\n");
        chunk = [];
      }
    }
    await write(chunk.join("\n") + (chunk.length ? "\n" : ""));
  }
  await new Promise((r) => out.end(r));
}
console.log(`benchmark files ready: ${real}, ${tenfold}`);

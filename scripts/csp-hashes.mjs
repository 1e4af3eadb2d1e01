// Trunk post-build hook: puts the SHA-256 hashes of the inline scripts Trunk wrote into index.html into the
// Content-Security-Policy, so that no 'unsafe-inline' is needed for scripts.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((m) => `'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
if (!html.includes("CSP_SCRIPT_HASHES")) throw new Error("index.html has no CSP_SCRIPT_HASHES placeholder");
writeFileSync(file, html.replace("CSP_SCRIPT_HASHES", hashes.join(" ")));
console.log(`csp-hashes: ${hashes.length} inline script(s) allowed by hash`);

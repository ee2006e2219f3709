// Runs Lighthouse (the pinned npm package) on several pages in ONE node process, against
// ONE already running chromium (its remote-debugging port), sequentially: far cheaper
// than one `lighthouse` CLI (node + chromium start-up) per page.  Mobile preset
// (Lighthouse's default: simulated slow 4G, 4x CPU slowdown, a phone screen).
//
//   node lighthouse_run.mjs PORT OUT_DIR URL...
// writes OUT_DIR/<n>.json (the full Lighthouse result of the n-th URL).
import fs from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";

const [port, outDir, ...urls] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const flags = {
  port: Number(port),
  output: "json",
  logLevel: "error",
  onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
};
let failed = 0;
for (let i = 0; i < urls.length; i++) {
  try {
    const result = await lighthouse(urls[i], flags);
    fs.writeFileSync(path.join(outDir, `${i}.json`), result.report);
  } catch (err) {
    failed += 1;
    fs.writeFileSync(path.join(outDir, `${i}.error.txt`), String(err && err.stack || err));
  }
}
process.exit(failed ? 1 : 0);

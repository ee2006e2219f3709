// Renders TeX to HTML + MathML with KaTeX, for the Sphinx extension (course_katex.py).
// Protocol: one JSON request per line on stdin, {"tex": "...", "display": true|false},
// one JSON answer per line on stdout, {"html": "...", "warnings": [...]} or {"error": "..."}.
// Usage: node katex_render.cjs /path/to/node_modules/katex '{"\\KL": "..."}'
"use strict";
const katex = require(process.argv[2]);
const macros = JSON.parse(process.argv[3] || "{}");
const readline = require("readline");

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let answer;
  try {
    const request = JSON.parse(line);
    const warnings = [];
    const html = katex.renderToString(request.tex, {
      displayMode: Boolean(request.display),
      macros: Object.assign({}, macros), // a copy: \gdef in one formula must not leak
      throwOnError: true,
      output: "htmlAndMathml", // the MathML copy is what screen readers read
      trust: false,
      strict: (code, message) => {
        warnings.push(`${code}: ${message}`);
        return "ignore";
      },
    });
    answer = { html, warnings };
  } catch (err) {
    answer = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});

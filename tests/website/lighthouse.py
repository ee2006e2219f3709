"""Lighthouse budgets of the website (mobile preset, pages served with gzip).

Lighthouse (npm, pinned in package-lock.json) runs on Debian's chromium: one chromium
and one node process for all the pages, one page after the other, through the gzip
server of ``gzip_server.py``.  The budgets (issue 11) hold for every page:

* performance >= 95, accessibility 100, best practices 100, SEO >= 95;
* first contentful paint <= 1.5 s, largest contentful paint <= 2.0 s, total blocking
  time <= 150 ms;
* transferred <= 350 KB for a text page, <= 500 KB for a page with an explorer
  (1 KB = 1000 bytes).

The reference is a quiet machine: blocking time is measured CPU time (times
Lighthouse's 4x slowdown), so on a machine shared with other jobs it reads high.  A page
that misses a load-dependent budget (performance, paint times, blocking time) is run
twice more and judged on its median run (by performance score), as Lighthouse CI does;
the budgets themselves never move.

    python -m tests.website.lighthouse          # every page: writes _build/lighthouse.md
    python -m tests.website.lighthouse PAGE...  # some pages
    python -m tests.website.lighthouse [--once] [--site DIR] [PAGE...]
        # --once: no reruns; --site: another built site (e.g. an old build, to compare)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .gzip_server import serve
from .pages import PREFIX, site_pages

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
NODE_MODULES = ROOT / "node_modules"
RUNNER = Path(__file__).with_name("lighthouse_run.mjs")
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

#: The pages `make test` audits: every explorer page and one text page (of the edition
#: the tests look at: IC_SITE_LANG=zh gives zh/chapters/...).
TEST_PAGES = [
    PREFIX + page
    for page in (
        "chapters/01_entropy.html",
        "chapters/02_cross_entropy.html",
        "chapters/03_kl_divergence.html",
        "chapters/05_equivalence.html",
        "chapters/06_loss.html",
    )
]

MIN_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
MAX_MS = {
    "first-contentful-paint": 1500,
    "largest-contentful-paint": 2000,
    "total-blocking-time": 150,
}
MAX_BYTES_TEXT = 350_000
MAX_BYTES_EXPLORER = 500_000
#: The budgets whose reading does not depend on the machine (first word of a failure).
STEADY = {"accessibility", "best-practices", "seo", "transferred"}


@dataclass
class Result:
    page: str
    explorer: bool
    scores: dict[str, int] = field(default_factory=dict)
    ms: dict[str, float] = field(default_factory=dict)
    cls: float = 0.0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)  # failing audits, for the report
    runs: int = 1
    benchmark: float = 0.0  # Lighthouse's CPU benchmark of the machine during the run

    @property
    def max_bytes(self) -> int:
        return MAX_BYTES_EXPLORER if self.explorer else MAX_BYTES_TEXT

    def steady_failures(self) -> list[str]:
        """Failures that do not depend on the machine's load (bytes, a11y, practices, SEO)."""
        return [f for f in self.failures() if f.split()[0] in STEADY]

    def load_failures(self) -> list[str]:
        """Failures that do (performance score, paint times, blocking time)."""
        return [f for f in self.failures() if f.split()[0] not in STEADY]

    def failures(self) -> list[str]:
        out = []
        for cat, low in MIN_SCORES.items():
            if self.scores.get(cat, -1) < low:
                out.append(f"{cat} {self.scores.get(cat)} < {low}")
        for key, high in MAX_MS.items():
            if self.ms.get(key, float("inf")) > high:
                out.append(f"{key} {self.ms.get(key, float('nan')):.0f} ms > {high} ms")
        if self.bytes > self.max_bytes:
            out.append(f"transferred {self.bytes / 1000:.0f} KB > {self.max_bytes / 1000:.0f} KB")
        return out


def summarise(page: str, explorer: bool, report: dict) -> Result:
    r = Result(page, explorer)
    for key, cat in report["categories"].items():
        r.scores[key] = round(100 * (cat["score"] or 0))
        for ref in cat["auditRefs"]:
            audit = report["audits"].get(ref["id"], {})
            if (
                ref.get("weight", 0) > 0
                and audit.get("score") is not None
                and audit["score"] < 1
                and key != "performance"
            ):
                r.problems.append(f"{key}: {ref['id']}")
    audits = report["audits"]
    for key in MAX_MS:
        r.ms[key] = audits[key]["numericValue"]
    r.ms["speed-index"] = audits["speed-index"]["numericValue"]
    r.cls = audits["cumulative-layout-shift"]["numericValue"]
    r.bytes = int(audits["total-byte-weight"]["numericValue"])
    r.benchmark = float((report.get("environment") or {}).get("benchmarkIndex") or 0.0)
    return r


def _start_chromium(profile: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--mute-audio",
            "--disable-features=Translate,MediaRouter,OptimizationHints",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    assert proc.stderr
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        m = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("chromium did not start (no DevTools port)")


def run(site: Path, pages: list[str], *, retries: int = 2) -> list[Result]:
    """Audit ``pages`` of ``site``; a page missing a budget gets ``retries`` more runs."""
    if not (NODE_MODULES / "lighthouse").exists():
        raise RuntimeError("lighthouse is not installed: run `npm ci` (make install)")
    httpd, base = serve(site)
    profile = Path(tempfile.mkdtemp(prefix="lh-chromium-"))
    chromium, port = _start_chromium(profile)
    try:

        def audit(batch: list[str]) -> list[dict]:
            out = Path(tempfile.mkdtemp(prefix="lh-out-"))
            try:
                subprocess.run(
                    ["node", str(RUNNER), str(port), str(out), *[f"{base}/{p}" for p in batch]],
                    cwd=ROOT,
                    check=False,
                    timeout=120 + 60 * len(batch),
                    env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                )
                reports = []
                for i, p in enumerate(batch):
                    f = out / f"{i}.json"
                    if not f.exists():
                        err = out / f"{i}.error.txt"
                        raise RuntimeError(
                            f"Lighthouse failed on {p}: "
                            f"{err.read_text()[:500] if err.exists() else '?'}"
                        )
                    reports.append(json.loads(f.read_text(encoding="utf-8")))
                return reports
            finally:
                shutil.rmtree(out, ignore_errors=True)

        def is_explorer(p: str) -> bool:
            return 'class="ic-explorer' in (site / p).read_text(encoding="utf-8")

        # The first audit in a new chromium (cold caches, most likely) read 100-200 ms more
        # blocking time than the same page audited next, in most batches of 2026-12-04.  So
        # the first page is audited twice, the first time thrown away.
        reports = audit(pages[:1] + pages)[1:]
        results = [summarise(p, is_explorer(p), rep) for p, rep in zip(pages, reports)]
        for i, r in enumerate(results):
            if retries <= 0 or not r.failures() or r.steady_failures():
                continue  # passed, or fails on something a rerun cannot change
            runs = [r] + [summarise(r.page, r.explorer, rep) for rep in audit([r.page] * retries)]
            runs.sort(key=lambda x: x.scores.get("performance", 0))
            results[i] = runs[len(runs) // 2]
            results[i].runs = len(runs)
        return results
    finally:
        chromium.terminate()
        try:
            chromium.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            chromium.kill()
        shutil.rmtree(profile, ignore_errors=True)
        httpd.shutdown()


def table(results: list[Result]) -> str:
    rows = [
        "| page | perf | a11y | best pr. | SEO | FCP (s) | LCP (s) | TBT (ms) | CLS "
        "| transferred (KB) | CPU index | budgets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        fails = r.failures()
        rows.append(
            f"| {r.page}{' (explorer)' if r.explorer else ''} | {r.scores.get('performance')} "
            f"| {r.scores.get('accessibility')} | {r.scores.get('best-practices')} "
            f"| {r.scores.get('seo')} | {r.ms['first-contentful-paint'] / 1000:.2f} "
            f"| {r.ms['largest-contentful-paint'] / 1000:.2f} | {r.ms['total-blocking-time']:.0f} "
            f"| {r.cls:.3f} | {r.bytes / 1000:.0f} / {r.max_bytes // 1000} | {r.benchmark:.0f} "
            f"| {'PASS' if not fails else 'FAIL: ' + '; '.join(fails)} |"
        )
    return "\n".join(rows) + "\n"


def report(results: list[Result]) -> str:
    load = os.getloadavg()
    head = (
        "# Lighthouse audit\n\n"
        "Lighthouse 12 (npm, pinned), mobile preset (simulated slow 4G: 150 ms RTT, "
        "1.6 Mbit/s; 4x CPU slowdown), Debian's chromium, pages served with gzip. Budgets: "
        "performance >= 95, accessibility 100, best practices 100, SEO >= 95, FCP <= 1.5 s, "
        "LCP <= 2.0 s, TBT <= 150 ms, transferred <= 350 KB (text page) or 500 KB (page "
        "with an explorer), 1 KB = 1000 bytes.\n\n"
        f"Machine load during the run (1/5/15-min averages): {load[0]:.2f} / {load[1]:.2f} / "
        f"{load[2]:.2f} on {os.cpu_count()} cores. Blocking time (and, a little, the paint "
        "times) is measured CPU time: on a busy machine it reads high. 'CPU index' is "
        "Lighthouse's benchmarkIndex of the machine during each run (higher is faster).\n\n"
    )
    problems = [f"- {r.page}: {', '.join(r.problems)}" for r in results if r.problems]
    tail = ("\nAudits below full marks:\n\n" + "\n".join(problems) + "\n") if problems else ""
    return head + table(results) + tail


def main(argv: list[str]) -> int:
    site, retries = SITE, 2
    if argv[:1] == ["--once"]:
        retries, argv = 0, argv[1:]
    if argv[:1] == ["--site"]:
        site, argv = Path(argv[1]), argv[2:]
    if not (site / "intro.html").exists():
        raise SystemExit(f"no built site in {site}: run `make book` first")
    pages = argv or [p for p in site_pages(site) if p != PREFIX + "index.html"]  # a redirect
    results = run(site, pages, retries=retries)
    text = report(results)
    out = site.parent / "lighthouse.md"
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written: {out}")
    return 0 if all(not r.failures() for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""List the runs of English words still visible on the Chinese pages.

Usage: ``python tools/scan_english.py [SITE_DIR] [-v]`` (default ``_build/html/zh``).

Every page's visible text (and its alt, title, aria-label and placeholder attributes)
is read, except code: ``<code>``, the input cells' ``<pre>``, KaTeX, scripts and styles,
the switcher to the English page (``lang="en"``), citations and bibliography entries
(names and titles), and the English column of the glossary.
Printed outputs (the output cells' ``<pre>``) are read.  A *run* is two or more
consecutive Latin words (letters only, 2+ letters each) that are not names or symbols
of :data:`ALLOWED`; a single word is reported too when it is 4+ letters long and not
allowed.  Prints, per page, the number of runs and (``-v``) each run with where it is.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

#: Words a Chinese page may show in Latin letters: names, symbols, units, identifiers.
ALLOWED = {
    w.lower()
    for w in """
    KL JS KaTeX MathJax Python NumPy SciPy PyTorch TensorFlow Jupyter JupyterLab ipywidgets
    infocourse Huffman Shannon Kullback Leibler Jensen Gibbs Cover Thomas MacKay Bishop
    Murphy Goodfellow Bengio Courville Gaussian Bernoulli softmax logit logits sigmoid
    ln log exp max min argmin argmax sum mean std var ReLU GPU CPU
    PDF HTML CSS JavaScript GitHub MyST Sphinx pandas matplotlib pytest nbval otter
    nats nat bits bit dB SNR BPSK QAM AWGN ELBO VAE EM MLE MAP IID ii iid
    Wikipedia arXiv DOI ISBN URL doi org com http https www
    Adam SGD Hz Lighthouse
    """.split()
}

SKIP_TAGS = {"script", "style", "code", "svg", "math", "noscript", "kbd", "samp", "var"}
VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr", "area", "base", "col"}
ATTRS = ("alt", "title", "aria-label", "placeholder")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


class Visible(HTMLParser):
    def __init__(self, first_column_is_english: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.first_column_is_english = first_column_is_english  # the glossary's table
        self.column = -1
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.texts: list[tuple[str, str]] = []  # (where, text)

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _where(self) -> str:
        return "/".join(t for t, _ in self.stack[-4:])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        skip = self._skipping()
        if tag in SKIP_TAGS or "katex" in cls.split() or "katex-display" in cls:
            skip = True
        if "cell_input" in cls or ("highlight" in cls and tag == "div" and not self._in_output()):
            skip = True
        if a.get("aria-hidden") == "true" or "hidden" in a or a.get("type") == "hidden":
            skip = True
        if (a.get("lang") or "").startswith("en"):  # the switcher to the English page
            skip = True
        if "citation" in cls.split() or "bibtex-citation" in cls.split():  # names, titles
            skip = True
        if tag == "tr":
            self.column = -1
        if tag == "td":
            self.column += 1
            if self.first_column_is_english and self.column == 0:
                skip = True
        if not skip:
            for name in ATTRS:
                if name == "title" and tag == "a" and "headerlink" not in cls:
                    continue  # a citation's title: the entry in the bibliography
                if a.get(name):
                    self.texts.append((f"{tag}@{name}", a[name]))
        if tag not in VOID:
            self.stack.append((tag + ("." + cls.split()[0] if cls else ""), skip))

    def _in_output(self) -> bool:
        return any("cell_output" in t for t, _ in self.stack)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0].split(".")[0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.texts.append((self._where(), data))


def english_runs(text: str) -> list[str]:
    """Runs of non-allowed Latin words (2+ words, or one word of 4+ letters)."""
    runs = []
    # split on anything that is not a Latin word, space or light punctuation
    for chunk in re.split(r"[^A-Za-z'’\- ,.;:!?()]+", text):
        for piece in re.split(r"[,.;:!?()]", chunk):
            words = WORD.findall(piece)
            current = [w for w in words if w.lower().strip("'’-") not in ALLOWED and len(w) > 1]
            if len(current) >= 2 or (len(current) == 1 and len(current[0]) >= 4):
                runs.append(" ".join(current))
    return runs


def scan(site: Path) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("_"):  # theme templates and downloads, not pages
            continue
        parser = Visible(first_column_is_english=rel == "chapters/91_glossary.html")
        parser.feed(page.read_text(encoding="utf-8"))
        hits = []
        for where, text in parser.texts:
            for run in english_runs(text):
                hits.append((where, run))
        found[rel] = hits
    return found


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    site = Path(args[0] if args else "_build/html/zh")
    found = scan(site)
    total = 0
    for page, hits in found.items():
        if not hits:
            continue
        total += len(hits)
        print(f"{page}: {len(hits)}")
        if verbose:
            for (where, run), n in Counter(hits).items():
                print(f"    {n}× [{where}] {run}")
    print(f"total: {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Tune _fast.BLOCK: time at n = 1e7 for several block sizes (not in run.py, ~1-2 min).

    .venv/bin/python bench/block_size.py [--quick] [--clock cpu]

Prints each function's median time as a multiple of np.log(q, out=buf) on the
same data (the dense and the 50 %-zeros classes of bench/inputs.py), interleaved
across block sizes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import numpy as np
from common import interleaved
from inputs import large_classes

import infocourse as ic
from infocourse import _fast

SIZES = (8192, 16384, 32768, 65536, 131072)


def main(quick: bool = False) -> None:
    if "--clock" in sys.argv and sys.argv[sys.argv.index("--clock") + 1] == "cpu":
        common.CLOCK = time.process_time
    n = 100_000 if quick else 10_000_000
    default = _fast.BLOCK
    for c in large_classes(n=n, rows=100 if quick else 10_000)[:3:2]:  # dense, 50 % zeros
        p, q = c.p, c.q
        buf = np.empty_like(q)

        def with_block(b: int, fn):
            def call() -> None:
                _fast.BLOCK = b
                try:
                    fn()
                finally:
                    _fast.BLOCK = default

            return call

        fns = {"log": lambda q=q, buf=buf: np.log(q, out=buf)}
        for b in SIZES:
            fns[f"H {b}"] = with_block(b, lambda p=p: ic.entropy(p))
            fns[f"CE {b}"] = with_block(b, lambda p=p, q=q: ic.cross_entropy(p, q))
            fns[f"KL {b}"] = with_block(b, lambda p=p, q=q: ic.kl_divergence(p, q))
        t = interleaved(fns, rounds=1 if quick else 9, target=0.0 if quick else 0.05)
        print(f"{c.label}; current BLOCK = {default}; times / np.log(q, out=buf)")
        print("  BLOCK   entropy  cross_entropy  kl_divergence")
        for b in SIZES:
            print(
                f"{b:7d}  {t[f'H {b}'] / t['log']:8.2f}  {t[f'CE {b}'] / t['log']:13.2f}"
                f"  {t[f'KL {b}'] / t['log']:13.2f}"
            )


if __name__ == "__main__":
    main("--quick" in sys.argv)

"""Tune _core.BLOCK: throughput at n = 1e7 for several block sizes (not in run.py).

    .venv/bin/python bench/block_size.py [--quick]

Prints each function's median time as a multiple of np.log(p) on the same data,
interleaved across block sizes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from bench_throughput import inputs
from common import interleaved

import infocourse as ic
from infocourse import _core

SIZES = (8192, 16384, 32768, 65536, 131072, 262144)


def main(quick: bool = False) -> None:
    n = 100_000 if quick else 10_000_000
    p, q = inputs(n)
    default = _core.BLOCK

    def with_block(b: int, fn):
        def call() -> None:
            _core.BLOCK = b
            try:
                fn()
            finally:
                _core.BLOCK = default
        return call

    fns = {"log": lambda: np.log(p)}
    for b in SIZES:
        fns[f"H {b}"] = with_block(b, lambda: ic.entropy(p))
        fns[f"CE {b}"] = with_block(b, lambda: ic.cross_entropy(p, q))
        fns[f"KL {b}"] = with_block(b, lambda: ic.kl_divergence(p, q))
    t = interleaved(fns, rounds=1 if quick else 9, target=0.0 if quick else 0.05)
    print(f"n = {n:.0e}, current BLOCK = {default}; times / np.log(p)")
    print("BLOCK     entropy  cross_entropy  kl_divergence")
    for b in SIZES:
        print(f"{b:7d}  {t[f'H {b}'] / t['log']:8.2f}  {t[f'CE {b}'] / t['log']:13.2f}"
              f"  {t[f'KL {b}'] / t['log']:13.2f}")


if __name__ == "__main__":
    main("--quick" in sys.argv)

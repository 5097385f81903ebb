"""How long `prov trace` takes as a user runs it: a new process, start-up included.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/trace_latency.py --db URL [--claims 10] [--repeat 3]

Claims are sentences (their first 14 words) of documents spread over the database.
Each is traced as `prov --db URL trace CLAIM --format json` in a new process, twice
over: on its own (PROV_SERVER=off: Python starts, loads prov, opens the database),
and with a `prov serve` for the database running (started by this script, stopped
at the end). Printed: the median and the slowest of each claim's median wall time,
and how many documents the claims matched. Target (issue 6): 0.5 s at 100,000
documents. `benchmarks/reuse_scale.py` runs this on the databases it builds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from sqlalchemy import func, select

from provenance.db import Database
from provenance.models import Document

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
os.environ.setdefault("PROV_MEANING", "off")


def pick_claims(url: str, count: int) -> list[str]:
    """The first 14 words of a sentence of COUNT documents spread evenly over the database."""
    db = Database(url)
    try:
        with db.session() as session:
            low, high = session.execute(select(func.min(Document.id), func.max(Document.id))).one()
            claims = []
            for k in range(count):
                target = low + (high - low) * (k + 1) // (count + 1)
                text = session.scalar(select(Document.text).where(Document.id >= target)
                                      .order_by(Document.id).limit(1)) or ""
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 8]
                if sentences:
                    claims.append(" ".join(sentences[len(sentences) // 2].split()[:14]))
            return claims
    finally:
        db.dispose()


def trace_walls(url: str, claim: str, repeat: int, env: dict[str, str]) -> tuple[float, int]:
    """The median wall time of REPEAT runs of `prov trace CLAIM`, and the occurrences found."""
    walls, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "provenance", "--db", url, "trace", claim, "--format", "json"],
                              env=env, capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - start)
        found = len(json.loads(done.stdout)["occurrences"])
    return statistics.median(walls), found


def measure(url: str, claims: list[str], repeat: int = 3) -> dict[str, float]:
    """Median and slowest trace wall time over CLAIMS, without and with `prov serve`."""
    with tempfile.TemporaryDirectory() as runtime:
        env = {**os.environ, "PROV_RUNTIME_DIR": runtime}
        cold = [trace_walls(url, c, repeat, {**env, "PROV_SERVER": "off"}) for c in claims]
        server = subprocess.Popen([sys.executable, "-m", "provenance", "--db", url, "serve"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            ready = server.stderr.readline() if server.stderr else ""
            if "answering" not in ready:
                raise SystemExit(f"prov serve did not start: {ready}")
            served = [trace_walls(url, c, repeat, env) for c in claims]
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"cold_median": statistics.median(w for w, _ in cold), "cold_max": max(w for w, _ in cold),
            "served_median": statistics.median(w for w, _ in served), "served_max": max(w for w, _ in served),
            "found_median": statistics.median(n for _, n in served), "found_max": max(n for _, n in served)}


def describe(figures: dict[str, float]) -> str:
    return (f"prov trace {figures['cold_median']:.2f} s (slowest {figures['cold_max']:.2f}); with prov serve "
            f"{figures['served_median']:.2f} s (slowest {figures['served_max']:.2f}); documents matched: median "
            f"{figures['found_median']:g}, most {figures['found_max']:g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL")
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    claims = pick_claims(args.db, args.claims)
    with Database(args.db).session() as session:
        size = session.scalar(select(func.count()).select_from(Document))
    print(f"trace latency: {len(claims)} claims, {size} documents")
    print(describe(measure(args.db, claims, args.repeat)))


if __name__ == "__main__":
    main()

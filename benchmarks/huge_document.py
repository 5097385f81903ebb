"""What one huge document costs: ingesting a one-line text file of many megabytes, and tracing a claim in it.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/huge_document.py [--mb 19] [--db sqlite|postgresql] [--traces 3]

The file is generated (sentences of made-up words and common ones, the claim's words among them, from a
fixed seed, no line break anywhere) with one known claim in its middle.
`prov ingest FILE` runs as its own process: its wall time and peak memory
are printed. Then `prov trace CLAIM` runs TRACES times, each a new process, with the huge document and a
few ordinary documents that also hold the claim's words in the archive: the median and slowest wall
time are printed, and whether the huge document was found. PostgreSQL runs on a temporary server like
the test suite's (tests/pgserver.py; needs the `postgres` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from needs import require  # noqa: E402

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
os.environ.setdefault("PROV_MEANING", "off")

CLAIM = "The Harbour commission agreed to release 40 percent more water from the Tavira Dam"


# Words of news prose, the claim's among them, so that many sentences hold some of the claim's words (as in
# a real text, where scoring every sentence that might match is what costs a trace its time).
COMMON = ("the of and to in a that for on with said was is by from at more water commission dam release "
          "percent agreed harbour river farmers government minister would year its their after about").split()


def huge_text(size: int, seed: int = 5) -> str:
    """About SIZE characters of made-up sentences on one line, the claim in the middle."""
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10)))
             for _ in range(5000)]
    parts, total, placed = [], 0, False
    while total < size:
        sentence = " ".join(rng.choice(COMMON) if rng.random() < 0.4 else rng.choice(words)
                            for _ in range(rng.randint(8, 25))).capitalize() + ". "
        if not placed and total >= size // 2:
            sentence, placed = CLAIM + ". ", True
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts).strip() + "\n"


def ordinary_texts() -> list[str]:
    """A few documents of news length that share some of the claim's words."""
    return [f"The commission met on Tuesday {i}. It agreed that more water from the dam would reach farmers "
            f"downstream. Officials said the release of water would be reviewed in the dry season. " * 8
            for i in range(5)]


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], env: dict[str, str], *, check: bool = True) -> tuple[float, float, str]:
    """Wall time, CPU time (the figure that holds on a busy machine) and stdout of `prov ARGS` in a new process."""
    start, cpu = time.perf_counter(), cpu_of_children()
    done = subprocess.run([sys.executable, "-m", "provenance", *args], env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    if done.returncode != 0 and check:
        raise SystemExit(f"prov {' '.join(args[2:4])}: exit {done.returncode} after {wall:.1f} s: "
                         f"{(done.stderr or done.stdout).strip()}")
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=19.0)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--traces", type=int, default=3)
    args = parser.parse_args()
    if args.db == "postgresql":
        require(__file__, "postgres", "psycopg")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        server = None
        if args.db == "postgresql":
            from pgserver import PostgresServer

            server = PostgresServer()
            server.start()
        try:
            url = f"sqlite:///{tmp / 'huge.db'}" if server is None else server.create_database("huge")
            env = {**os.environ, "PROV_SERVER": "off", "PROV_RUNTIME_DIR": str(tmp)}
            for i, text in enumerate(ordinary_texts()):
                (tmp / f"ordinary-{i}.txt").write_text(text)
            run(["--db", url, "ingest", "-q", *[str(p) for p in sorted(tmp.glob("ordinary-*.txt"))]], env)
            print("  prov (start-up, a trace of an ordinary archive): "
                  f"{run(['--db', url, 'trace', CLAIM, '--format', 'json'], env)[1]:.2f} s CPU", flush=True)
            huge = tmp / "huge.txt"
            huge.write_text(huge_text(int(args.mb * 1_000_000)))
            print(f"{args.db}: one-line text file of {huge.stat().st_size / 1e6:.1f} MB", flush=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            wall, cpu, out = run(["--db", url, "ingest", "-q", "--max-bytes", str(10 ** 9), "--format", "json",
                                  str(huge)], env, check=False)
            result = json.loads(out)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            print(f"  prov ingest: {result['status']} in {wall:.1f} s ({cpu:.1f} s CPU), "
                  f"peak memory {peak / 1024:.0f} MB"
                  + ("" if peak > before else " (or less: an earlier process peaked higher)")
                  + (f": {result['error']}" if result["error"] else ""), flush=True)
            if result["document_id"] is None:
                return
            huge_id = result["document_id"]
            walls, cpus, found = [], [], False
            for _ in range(args.traces):
                wall, cpu, out = run(["--db", url, "trace", CLAIM, "--format", "json"], env)
                walls.append(wall)
                cpus.append(cpu)
                found = any(o["document_id"] == huge_id for o in json.loads(out)["occurrences"])
            print(f"  prov trace of a claim inside it: median {statistics.median(walls):.2f} s "
                  f"({statistics.median(cpus):.2f} s CPU), slowest {max(walls):.2f} s; "
                  f"the huge document {'found' if found else 'NOT found'}", flush=True)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()

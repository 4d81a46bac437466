"""Print every page's speed figures in one run: each bench script in turn, in its own process
(so one script's imports and caches do not flatter the next).

    python bench/run_all.py            # all of them, about two minutes on two cores
    python bench/run_all.py gmm hmm    # only the scripts whose names contain these words
"""

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
NOISE = ("ScriptRunContext", "bare mode", "Session state does not function", "Warning",
         "Loading weights", "Writing model shards")


def main(filters: list[str]) -> int:
    scripts = sorted(p for p in BENCH.glob("bench_*.py")
                     if not filters or any(word in p.stem for word in filters))
    failed = 0
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        started = time.perf_counter()
        run = subprocess.run([sys.executable, str(script)], cwd=BENCH.parent, text=True,
                             capture_output=True)
        for line in (run.stdout + run.stderr).splitlines():
            if line.strip() and not any(noise in line for noise in NOISE):
                print("  " + line)
        print(f"  ({time.perf_counter() - started:.0f} s, exit {run.returncode})", flush=True)
        failed += run.returncode != 0
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

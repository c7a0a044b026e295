"""Time parse + recompute + verdict on a synthetic 10,000-row table (imports excluded).

Run: .venv/bin/python benchmarks/bench_audit.py    Target: under 0.5 s on 2 cores.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_table  # noqa: E402

from evsynth.audit.recheck import audit  # noqa: E402

if __name__ == "__main__":
    table = synthetic_table(10_000)
    audit(table.head(50))  # warm caches (scipy's lazily built distributions), not the work itself
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = audit(table)
        times.append(time.perf_counter() - start)
    counts = result["verdict"].value_counts().to_dict()
    print(f"audit of {len(table):,} rows: best {min(times):.3f} s of {len(times)} runs; verdicts {counts}")

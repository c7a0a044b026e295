"""Time effects + synthesis + pooling on a synthetic 10,000-row table (imports excluded).

Run: .venv/bin/python benchmarks/bench_synthesis.py    Target: under 0.5 s on 2 cores.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_table  # noqa: E402

from evsynth.synthesis.directions import study_directions, vote_count  # noqa: E402
from evsynth.synthesis.effects import effect_sizes  # noqa: E402
from evsynth.synthesis.pooling import pool  # noqa: E402


def run(table):
    effects = effect_sizes(table)
    votes = vote_count(study_directions(effects))
    pooled, decisions = pool(effects, hksj=True)
    return effects, votes, pooled


if __name__ == "__main__":
    table = synthetic_table(10_000)
    run(table.head(50))  # warm caches, not the work itself
    times = []
    for _ in range(3):
        start = time.perf_counter()
        effects, votes, pooled = run(table)
        times.append(time.perf_counter() - start)
    print(f"effects + synthesis + pooling of {len(table):,} rows: best {min(times):.3f} s of {len(times)} runs; "
          f"{len(effects):,} effect rows, {len(votes)} domains, {len(pooled)} pooled rows")

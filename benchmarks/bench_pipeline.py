"""Time the pipeline: a clean run and a no-op run of the review, a run on a synthetic
3,000-row table (target: under 2 minutes), and a 100,000-row table, which must stop early
with a message naming the row limit. Each is a separate process, as a user runs it.

Run: .venv/bin/python benchmarks/bench_pipeline.py
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_table  # noqa: E402

from evsynth import paths  # noqa: E402


def timed(*args, expect: int = 0) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "evsynth", "run", *args], capture_output=True, text=True,
                          cwd=paths.ROOT)
    assert done.returncode == expect, done.stderr
    assert expect == 0 or "a run is limited to" in done.stderr, done.stderr
    return time.perf_counter() - started


def synthetic_review(folder: Path, studies: int) -> list[str]:
    table = synthetic_table(2 * studies)  # two outcomes per study
    table.to_csv(folder / "studies.csv", index=False)
    keys = sorted(set(table["study_id"]))
    (folder / "references.bib").write_text(
        "".join(f"@misc{{{k}, author = {{Synthetic}}, year = {{2020}}}}\n" for k in keys))
    return ["--studies", str(folder / "studies.csv"), "--references", str(folder / "references.bib")]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        clean = timed("--out", str(scratch / "review"))
        noop = timed("--out", str(scratch / "review"))
        (scratch / "large").mkdir()
        large = timed(*synthetic_review(scratch / "large", 1_500), "--out", str(scratch / "large-out"))
        (scratch / "huge").mkdir()
        huge = timed(*synthetic_review(scratch / "huge", 50_000), "--out", str(scratch / "huge-out"), expect=2)
    print(f"review, clean run: {clean:.1f} s; no-op run: {noop:.2f} s; 3,000 synthetic rows: {large:.1f} s; "
          f"100,000 rows refused after {huge:.1f} s")

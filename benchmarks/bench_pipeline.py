"""Time the pipeline: a clean run and a no-op run of the review, and a run on a
synthetic 1,000-study table. Each is a separate process, as a user runs it.

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


def timed(*args) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "evsynth", "run", *args], check=True, capture_output=True,
                   cwd=paths.ROOT)
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
        large = timed(*synthetic_review(scratch, 1_000), "--out", str(scratch / "synthetic"))
    print(f"review, clean run: {clean:.1f} s; no-op run: {noop:.2f} s; 1,000 synthetic studies: {large:.1f} s")

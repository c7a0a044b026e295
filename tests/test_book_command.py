"""``make book``'s render step: says plainly whether it could render (no Quarto needed)."""

import os
import shutil
import subprocess

from evsynth import paths

SCRIPT = paths.ROOT / "scripts" / "render-book"


def fake_bin(tmp_path, with_quarto: bool):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"  # stands in for the venv's python: 'pip install quarto-cli' fails
    python.write_text("#!/bin/sh\nexit 1\n")
    python.chmod(0o755)
    if with_quarto:
        quarto = bin_dir / "quarto"
        quarto.write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path / 'calls'}\n")
        quarto.chmod(0o755)
    return bin_dir


def render(bin_dir):
    # run where a project would be, with only what the script reads: the language picker page
    project = bin_dir.parent / "project"
    (project / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.ROOT / "assets" / "book-index.html", project / "assets")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    return subprocess.run(["sh", str(SCRIPT), str(bin_dir)], capture_output=True, text=True, env=env,
                          cwd=project, timeout=60)


def test_without_quarto_it_says_what_was_built_and_fails(tmp_path):
    done = render(fake_bin(tmp_path, with_quarto=False))
    assert done.returncode == 1
    assert "NOT rendered" in done.stderr and "Quarto (>= 1.9)" in done.stderr
    assert "make book" in done.stderr


def test_with_quarto_it_renders_both_languages(tmp_path):
    done = render(fake_bin(tmp_path, with_quarto=True))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "calls").read_text().splitlines() == ["render --profile id", "render --profile en"]
    picker = (tmp_path / "project" / "_book" / "index.html").read_text()
    assert 'href="id/index.html"' in picker and 'href="en/index.html"' in picker

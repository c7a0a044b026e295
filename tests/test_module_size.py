"""No module of the package is longer than a reader can hold: 400 lines at most."""

from evsynth import paths

LONGEST = 400


def test_no_module_is_over_400_lines():
    sizes = {path.relative_to(paths.PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in sorted(paths.PACKAGE.rglob("*.py"))}
    over = {name: lines for name, lines in sizes.items() if lines > LONGEST}
    assert not over, (f"over {LONGEST} lines, split each by job: "
                      + ", ".join(f"{name} ({lines})" for name, lines in over.items()))

"""The ``system`` marker: skip with a reason locally, fail under KAOPING_REQUIRE_SYSTEM=1."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

TEST = """
import pytest
from tests.conftest import SYSTEM_PACKAGES

SYSTEM_PACKAGES["nothing-here"] = (lambda: False, "no-such-package")

@pytest.mark.system("nothing-here")
def test_needs_it():
    pass
"""


@pytest.mark.parametrize(("require", "outcome"), [("", "skipped"), ("1", "errors")])
def test_missing_package(pytester, monkeypatch, require, outcome):
    from tests.conftest import ROOT

    monkeypatch.setenv("KAOPING_REQUIRE_SYSTEM", require)
    pytester.syspathinsert(str(ROOT))
    pytester.makeconftest("from tests.conftest import pytest_runtest_setup  # noqa: F401\n")
    pytester.makeini("[pytest]\nmarkers =\n    system(name): system package\n")
    pytester.makepyfile(TEST)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(**{outcome: 1})
    if outcome == "skipped":
        result.stdout.fnmatch_lines(
            ["*needs system package nothing-here (apt-get install no-such-package)*"]
        )


def test_ci_installs_every_package_the_markers_need():
    """Each system name used by a test maps to Debian packages the Makefile installs."""
    import re

    from tests.conftest import ROOT, SYSTEM_PACKAGES

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installed = set(re.search(r"^SYSTEM_PACKAGES := (.*)$", makefile, re.M).group(1).split())
    used: set[str] = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        used |= set(
            re.findall(r"pytest\.mark\.system\(\"([^\"]+)\"\)", path.read_text(encoding="utf-8"))
        )
    used.discard("nothing-here")
    assert used, "no test uses the system marker"
    for name in used:
        packages = set(SYSTEM_PACKAGES[name][1].split())
        assert packages <= installed, (name, packages - installed)

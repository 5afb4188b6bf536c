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

"""Every doctest in the package passes (examples in docstrings are documentation that must stay true)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import newscrawl

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(newscrawl.__path__, "newscrawl.")
    if not info.name.startswith("newscrawl.demo.site")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest examples failed in {name}"

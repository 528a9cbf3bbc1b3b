"""Import one module of a package without running the package's ``__init__``.

Some libraries import every feature they have from their ``__init__``: ``import datasketch``
loads SciPy (for LSH parameter tuning), ``import extruct`` loads rdflib and the RDFa and
microformat parsers. Each costs tens of MB in every process that imports it, for a module that
needs none of them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType


def import_submodule(name: str) -> ModuleType:
    """The module ``name`` ("package.module"), imported with its package left uninitialized.

    While the module loads, its package is a bare module object (its ``__path__`` only); it is
    removed afterwards, so a later ``import package`` runs the package's ``__init__`` as usual,
    which then finds this module already loaded. When the package is already imported, this
    is a plain import."""
    package, _, _ = name.partition(".")
    if package in sys.modules or name in sys.modules:
        return importlib.import_module(name)
    spec = importlib.util.find_spec(package)
    if spec is None or spec.submodule_search_locations is None:
        return importlib.import_module(name)
    bare = importlib.util.module_from_spec(spec)
    sys.modules[package] = bare
    try:
        return importlib.import_module(name)
    finally:
        if sys.modules.get(package) is bare:
            del sys.modules[package]

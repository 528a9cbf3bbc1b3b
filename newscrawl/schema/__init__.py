"""The JSON Schema of item schema v1, shipped with the package, and a validator for records."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

__all__ = ["SCHEMA_FILE", "arrow_schema", "features", "load_schema", "validate_article"]

SCHEMA_FILE = "article-v1.json"


@functools.cache
def _schema() -> dict[str, Any]:
    text = resources.files("newscrawl.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> Draft202012Validator:
    schema = _schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def load_schema() -> dict[str, Any]:
    """The article schema v1 (JSON Schema draft 2020-12) as a fresh dict."""
    return copy.deepcopy(_schema())


def validate_article(record: Mapping[str, Any]) -> list[str]:
    """Every way ``record`` breaks schema v1, as "<path>: <message>" strings; empty when valid."""
    errors = sorted(_validator().iter_errors(dict(record)), key=lambda e: list(map(str, e.absolute_path)))
    messages = []
    for error in errors:
        path = "/".join(str(part) for part in error.absolute_path) or "(record)"
        messages.append(f"{path}: {error.message}")
    return messages


def arrow_schema() -> Any:
    """The dataset's Arrow schema (needs pyarrow: ``newscrawl[parquet]``); see :mod:`.dataset`."""
    from newscrawl.schema.dataset import arrow_schema as build

    return build()


def features() -> Any:
    """The ``datasets.Features`` of exported Parquet files (``newscrawl[datasets]``)."""
    from newscrawl.schema.dataset import features as build

    return build()

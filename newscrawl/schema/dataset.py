"""The dataset schema: item schema v1 as a fixed Arrow schema and HuggingFace ``datasets.Features``.

Types follow ``article-v1.json`` (one home for the field list: the JSON Schema's ``required``):

- strings stay strings, integers are ``int32``, lists of strings ``list<string>``;
- ``images`` is ``list<struct<url, caption, credit>>``;
- ``provenance`` is a struct with one nullable string per field the JSON Schema allows as a key
  (a fixed struct rather than a map: ``datasets`` has no map type);
- ``date_published``/``date_modified`` keep the page's ISO string (its offset, or a bare date)
  and get a ``…_utc`` column beside them: ``timestamp[ms, UTC]`` when the value has a time and
  an offset, null when it is a bare date or a time without zone (no honest UTC instant);
  milliseconds, as Parquet has no second unit;
- ``crawled_at`` is always UTC, so it is a ``timestamp[us, UTC]`` itself.

Parquet files written by ``newscrawl export`` hold :func:`file_schema`: every column but the
partition keys ``site`` and ``day``, which are the ``site=…/day=…/`` directory names (hive style).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newscrawl.schema import load_schema
from newscrawl.schema.optional import require

DATE_FIELDS = ("date_published", "date_modified")
PARTITION_KEYS = ("site", "day")


def _pa() -> Any:
    return require("pyarrow", "parquet")


def _field_type(name: str, spec: dict[str, Any]) -> Any:
    pa = _pa()
    if name == "crawled_at":
        return pa.timestamp("us", tz="UTC")
    if name == "images":
        item = spec["items"]["properties"]
        return pa.list_(pa.struct([pa.field(key, pa.string()) for key in item]))
    if name == "provenance":
        return pa.struct([pa.field(key, pa.string()) for key in spec["propertyNames"]["enum"]])
    kinds = spec.get("type", "integer" if "const" in spec else "string")
    kinds = {kinds} if isinstance(kinds, str) else set(kinds)
    if "array" in kinds:
        return pa.list_(pa.string())
    if "integer" in kinds:
        return pa.int32()
    return pa.string()


def _nullable(name: str, spec: dict[str, Any]) -> bool:
    kinds = spec.get("type")
    return not (isinstance(kinds, str) and kinds in ("string", "integer"))


def file_schema() -> Any:
    """The Arrow schema of each exported Parquet file (no partition columns)."""
    pa = _pa()
    schema = load_schema()
    fields = []
    for name in schema["required"]:
        if name in PARTITION_KEYS:
            continue
        spec = schema["properties"][name]
        fields.append(pa.field(name, _field_type(name, spec), nullable=_nullable(name, spec)))
        if name in DATE_FIELDS:
            fields.append(pa.field(f"{name}_utc", pa.timestamp("ms", tz="UTC")))
    return pa.schema(fields)


def partition_schema() -> Any:
    """The hive partition keys: ``site`` (string) and ``day`` (the UTC crawl day, date32)."""
    pa = _pa()
    return pa.schema([pa.field("site", pa.string()), pa.field("day", pa.date32())])


def arrow_schema() -> Any:
    """The whole dataset as pyarrow reads it back: the file columns plus ``site`` and ``day``."""
    pa = _pa()
    return pa.schema(list(file_schema()) + list(partition_schema()))


def partitioning() -> Any:
    """The ``pyarrow.dataset`` partitioning of an export (pass it to ``pyarrow.dataset.dataset``)."""
    return require("pyarrow.dataset", "parquet").partitioning(partition_schema(), flavor="hive")


def features() -> Any:
    """``datasets.Features`` of the exported Parquet files (for ``load_dataset(..., features=)``)."""
    datasets = require("datasets", "datasets")
    return datasets.Features.from_arrow_schema(file_schema())


def jsonl_features() -> Any:
    """``datasets.Features`` of the JSONL records themselves (dates and crawl times as strings).

    ``load_dataset("json", data_files=…, features=jsonl_features())`` reads several runs' files
    even when a column is all null in one of them.
    """
    pa = _pa()
    datasets = require("datasets", "datasets")
    schema = load_schema()
    fields = [
        pa.field(name, pa.string() if name == "crawled_at" else _field_type(name, schema["properties"][name]))
        for name in schema["required"]
    ]
    return datasets.Features.from_arrow_schema(pa.schema(fields))


def utc_instant(value: str | None) -> datetime | None:
    """The UTC instant of an ISO 8601 value with a time and an offset; None otherwise."""
    if not value or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo is not None else None


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    """One JSONL record as a row of :func:`file_schema` (plus its ``site`` and ``day`` keys)."""
    row = dict(record)
    for name in DATE_FIELDS:
        row[f"{name}_utc"] = utc_instant(record.get(name))
    crawled = record.get("crawled_at")
    row["crawled_at"] = datetime.fromisoformat(crawled).astimezone(UTC) if crawled else None
    row["day"] = row["crawled_at"].date() if row["crawled_at"] else None
    row["images"] = [
        {"url": i.get("url"), "caption": i.get("caption"), "credit": i.get("credit")}
        for i in record.get("images") or []
    ]
    return row


def to_table(records: list[dict[str, Any]], *, with_partitions: bool = True) -> Any:
    """Records as an Arrow table of the fixed schema (missing provenance keys are null)."""
    pa = _pa()
    schema = arrow_schema() if with_partitions else file_schema()
    rows = [to_row(r) for r in records]
    return pa.Table.from_pylist(rows, schema=schema)

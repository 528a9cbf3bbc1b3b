"""Requests as JSON (never pickle): Scrapy's ``Request.to_dict`` / ``request_from_dict`` plus tagged values.

``Request.to_dict`` gives a dict whose headers and body are bytes and whose ``meta`` holds
whatever the spider put there. JSON has no bytes, tuples, datetimes or newscrawl's
:class:`~newscrawl.discovery.SourceEntry`, so those travel as one-key objects::

    {"$bytes": "<base64>"}  {"$tuple": [...]}  {"$datetime": "<ISO 8601>"}  {"$date": "<ISO date>"}
    {"$dict": [[key, value], ...]}            (a dict with non-str keys, or keys starting with "$")
    {"$SourceEntry": {field: value, ...}}     (a dataclass listed in DATACLASSES)

Anything else (a lambda, a socket, an arbitrary object) raises :class:`UnserializableRequest`,
naming the value's place, so the scheduler can log and count it instead of dropping it silently.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import date, datetime
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

from newscrawl.discovery import SourceEntry

# Dataclasses a request's meta may carry, by the tag they travel under.
DATACLASSES: dict[str, type] = {"SourceEntry": SourceEntry}
# Meta keys that only mean something inside one process (Scrapy's start-request marker).
LOCAL_META_KEYS = ("is_start_request",)


class UnserializableRequest(ValueError):
    """A request that cannot travel as JSON (its callback is not a spider method, or a meta value
    is of an unknown type)."""


def encode_value(value: Any, where: str = "value") -> Any:
    """``value`` as plain JSON data (tagged where JSON has no type for it)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, list):
        return [encode_value(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, tuple):
        return {"$tuple": [encode_value(v, f"{where}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode_value(v, f"{where}[{k!r}]") for k, v in value.items()}
        return {
            "$dict": [
                [encode_value(k, f"{where} key"), encode_value(v, f"{where}[{k!r}]")]
                for k, v in value.items()
            ]
        }
    for tag, cls in DATACLASSES.items():
        if type(value) is cls:
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(cls)}
            return {f"${tag}": encode_value(fields, where)}
    raise UnserializableRequest(f"{where} is a {type(value).__name__}, which cannot be stored as JSON")


def decode_value(data: Any) -> Any:
    """The value :func:`encode_value` encoded."""
    if isinstance(data, list):
        return [decode_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if len(data) == 1:
        ((key, inner),) = data.items()
        if key.startswith("$"):
            return _decode_tagged(key[1:], inner)
    return {k: decode_value(v) for k, v in data.items()}


def _decode_tagged(tag: str, inner: Any) -> Any:
    if tag == "bytes":
        return base64.b64decode(inner)
    if tag == "tuple":
        return tuple(decode_value(v) for v in inner)
    if tag == "datetime":
        return datetime.fromisoformat(inner)
    if tag == "date":
        return date.fromisoformat(inner)
    if tag == "dict":
        return {_hashable(decode_value(k)): decode_value(v) for k, v in inner}
    cls = DATACLASSES.get(tag)
    if cls is None:
        raise ValueError(f"unknown tag ${tag} in a stored request")
    return cls(**decode_value(inner))


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def request_to_json(request: Request, spider: Spider) -> str:
    """The request as a JSON string (raises :class:`UnserializableRequest`)."""
    try:
        data = request.to_dict(spider=spider)
    except ValueError as exc:  # the callback or errback is not a method of the spider
        raise UnserializableRequest(f"{request.url}: {exc}") from exc
    data["meta"] = {k: v for k, v in data.get("meta", {}).items() if k not in LOCAL_META_KEYS}
    return json.dumps(encode_value(data, "request"), separators=(",", ":"))


def request_from_json(text: str | bytes, spider: Spider) -> Request:
    """The request :func:`request_to_json` stored, bound to ``spider``'s methods again."""
    data = decode_value(json.loads(text))
    return request_from_dict(data, spider=spider)

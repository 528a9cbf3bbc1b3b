"""Read archived pages (HTTP ``response`` records) from WARC files: ours and others' (CC-NEWS).

Only response records with HTTP headers are pages; request, warcinfo, metadata and other
records are skipped. Bodies are decoded (chunked transfer and content encoding undone).
A file cut short (a crawl killed mid-write, a partial download) is read up to its last
complete record, with a warning that says where it stopped.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

logger = logging.getLogger(__name__)
_TRANSFER = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass
class ArchivedPage:
    """One archived HTTP response."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: str | None
    """WARC-Date: when the page was fetched (ISO 8601, UTC)."""
    site: str | None = None
    timezone: str | None = None
    entry: dict[str, Any] | None = field(default=None)


@dataclass
class ReadReport:
    """What reading a set of WARC files found."""

    pages: int = 0
    problems: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Per file that could not be read whole: ``warc_truncated`` (pages were read before the
    cut), ``warc_unreadable`` or ``warc_without_pages``, and the problem as logged."""

    @property
    def truncated(self) -> list[str]:
        """The files cut short or unreadable (a file without pages is neither)."""
        return [path for path, (reason, _) in self.problems.items() if reason != "warc_without_pages"]

    def note(self, path: Path, reason: str, problem: str) -> None:
        """Record what was wrong with ``path``, and log ``problem`` (a warning)."""
        logger.warning("%s", problem)
        self.problems[str(path)] = (reason, problem)


def _page(record: Any) -> ArchivedPage | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        return None
    expected = int(record.rec_headers.get_header("Content-Length") or -1)
    body = record.content_stream().read()
    if expected >= 0 and record.raw_stream.limit:  # bytes promised but never there
        raise EOFError(f"record of {url} ends {record.raw_stream.limit} bytes early")
    headers = [(k, v) for k, v in record.http_headers.headers if k.lower() not in _TRANSFER]
    entry = record.rec_headers.get_header("Newscrawl-Entry")
    return ArchivedPage(
        url=url,
        status=int(record.http_headers.get_statuscode() or 0),
        headers=headers,
        body=body,
        date=record.rec_headers.get_header("WARC-Date"),
        site=record.rec_headers.get_header("Newscrawl-Site"),
        timezone=record.rec_headers.get_header("Newscrawl-Timezone"),
        entry=json.loads(entry) if entry else None,
    )


def _check_complete(record: Any) -> None:
    """Raise EOFError if ``record`` (of any type: a request or metadata record too) holds fewer
    bytes than its Content-Length, or has none: the file was cut inside it."""
    if record.rec_headers.get_header("Content-Length") is None:  # mandatory in every WARC record
        raise EOFError("a record without Content-Length: cut inside its WARC headers, or not WARC")
    while record.raw_stream.read(65536):
        pass
    if record.raw_stream.limit:
        uri = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
        raise EOFError(f"{record.rec_type} record of {uri} ends {record.raw_stream.limit} bytes early")


def read_pages(path: Path, report: ReadReport | None = None) -> Iterator[ArchivedPage]:
    """The pages of one WARC file (``.warc`` or ``.warc.gz``), in file order."""
    report = report if report is not None else ReadReport()
    count = 0
    with open(path, "rb") as handle:
        try:
            for record in ArchiveIterator(handle):
                page = _page(record)
                _check_complete(record)
                if page is not None:
                    count += 1
                    report.pages += 1
                    yield page
        # AttributeError: warcio on a record cut inside its WARC headers (no WARC-Target-URI yet)
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as exc:
            if count:
                report.note(
                    path, "warc_truncated", f"{path} is truncated: read {count} pages, stopped at: {exc}"
                )
            else:
                report.note(path, "warc_unreadable", f"{path} is not a readable WARC file: {exc}")
            return
    if path.name.endswith(".gz") and _gzip_complete(path) is False:  # warcio ends quietly on a cut member
        if count:
            report.note(
                path,
                "warc_truncated",
                f"{path} is truncated: read {count} pages, its last gzip member is cut",
            )
        else:
            report.note(
                path,
                "warc_unreadable",
                f"{path} is not a readable WARC file: it is cut inside its first records",
            )
    elif not count:
        report.note(
            path, "warc_without_pages", f"{path} is not a readable WARC file: no HTTP response record in it"
        )


def _gzip_complete(path: Path) -> bool | None:
    """Whether every gzip member of ``path`` is whole (a cut one ends warcio's reading without an
    error); None when it is not gzip. Decompresses in bounded steps and keeps nothing."""
    try:
        return _members_whole(path)
    except zlib.error:
        return None


def _members_whole(path: Path) -> bool:
    member = zlib.decompressobj(wbits=31)
    whole = True
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            data = chunk
            while data:
                member.decompress(data, 1 << 20)
                whole = member.eof
                if member.eof:
                    data = member.unused_data
                    member = zlib.decompressobj(wbits=31)
                else:
                    data = member.unconsumed_tail
    return whole

"""Decoding page bytes to text, repairing pages whose bytes do not match their declared charset."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)

REPLACEMENT = "\ufffd"
# Tried when detection finds nothing: the WHATWG default for mislabelled Western pages, then
# latin-1 (which decodes any byte).
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


# File signatures of binary formats that servers send as text/html by mistake.
BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"RIFF": "RIFF media (WebP, WAV, AVI)",
}


def binary_kind(data: bytes) -> str | None:
    r"""What binary content ``data`` is (a known file signature, or mostly control bytes), else None.

    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind(b"<html>caf\x00e</html>")
    ('PDF document', None)
    """
    head = data[:4096]
    for signature, kind in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return None
    if head[0::2].count(0) == 0 and head[1::2].count(0) > len(head) // 4:
        return None  # UTF-16LE text without a byte order mark
    if head[1::2].count(0) == 0 and head[0::2].count(0) > len(head) // 4:
        return None  # UTF-16BE
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return "binary data" if controls > len(head) // 10 else None


@dataclass(frozen=True)
class DecodedPage:
    """A page's text, the encoding it was read with, and whether its declared charset had to be
    overridden because the bytes did not decode in it (``repaired``)."""

    text: str
    encoding: str
    repaired: bool = False


def body_encoding(body: bytes, content_type: str | None = None) -> str:
    r"""The encoding of page bytes as Scrapy's ``TextResponse.encoding`` reads it (the byte order
    mark, the HTTP charset, the charset the page's head declares, else UTF-8 when the bytes are
    valid UTF-8, else cp1252), without the decoded copy of the whole page that
    ``TextResponse.encoding`` keeps on the response when nothing declares a charset.

    >>> body_encoding(b"<meta charset=iso-8859-1>"), body_encoding("é".encode()), body_encoding(b"\xe9")
    ('cp1252', 'utf-8', 'cp1252')
    """
    declared = (
        read_bom(body)[0]
        or http_content_type_encoding(content_type or "")
        or html_body_declared_encoding(body)
    )
    if declared:
        return declared
    try:
        body.decode("utf-8")  # a temporary copy, dropped at once
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode page bytes to text; never raises (see :func:`decode_page`)."""
    return decode_page(body, content_type).text


def decode_page(body: bytes, content_type: str | None = None) -> DecodedPage:
    """Decode page bytes to text; never raises.

    Bytes that are valid UTF-8 and contain non-ASCII win over a declared charset (pages
    declaring iso-8859-1 while sending UTF-8 are common); otherwise w3lib's
    ``html_to_unicode`` decides from the HTTP Content-Type header, the BOM and the meta tags.
    When the bytes are not valid in that charset (a page declared UTF-8 sending windows-1252),
    the charset is detected (charset-normalizer) instead of replacing bytes with U+FFFD: the
    text holds U+FFFD only where the bytes encode one.
    """
    if isinstance(body, str):
        return DecodedPage(body, "str")
    try:
        data = bytes(body or b"")
    except (TypeError, ValueError):
        return DecodedPage("", "none")
    if not data:
        return DecodedPage("", "none")
    if not data.isascii() and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return DecodedPage(text.removeprefix("\ufeff"), "utf-8")
    try:
        encoding, text = html_to_unicode(content_type, data)
    except Exception:
        encoding, text = "utf-8", data.decode("utf-8", errors="replace")
    if REPLACEMENT not in text or decodes_strictly(data, encoding):
        return DecodedPage(text, encoding)
    return repair(data, encoding)


def decodes_strictly(data: bytes, encoding: str) -> bool:
    """Whether every byte of ``data`` is valid in ``encoding`` (a BOM aside)."""
    try:
        codec = codecs.lookup(encoding).name
        data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


def repair(data: bytes, declared: str) -> DecodedPage:
    """``data`` read in another charset than ``declared``: windows-1252 when it reads as Western
    text (the most common mislabelling), else the charset detection finds, else a fallback."""
    candidates = []
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = ""
    if western and reads_as_latin_text(western):
        candidates.append("cp1252")
    try:
        best = from_bytes(data).best()
    except Exception:  # detection is a best effort; the fallbacks always decode
        best = None
    candidates += ([best.encoding] if best is not None else []) + list(FALLBACK_ENCODINGS)
    expected = data.count("\ufffd".encode()) if "utf" in declared.lower() else 0
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        if text.count(REPLACEMENT) <= expected:
            return DecodedPage(text.removeprefix("\ufeff"), encoding, repaired=True)
    return DecodedPage(data.decode("latin-1"), "latin-1", repaired=True)


def reads_as_latin_text(text: str) -> bool:
    """Whether the non-ASCII letters of ``text`` sit inside words of ASCII letters ("café",
    "Élise"), as in Western European text, rather than forming words of their own (Cyrillic or
    Greek bytes read as windows-1252 give "Ïðèâåò")."""
    inside = alone = 0
    for i, char in enumerate(text):
        if char.isascii() or not char.isalpha():
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
            inside += 1
        else:
            alone += 1
    return inside > 0 and inside >= 2 * alone

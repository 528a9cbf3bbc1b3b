"""Decoding page bytes to text."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode page bytes to text; never raises.

    Bytes that are valid UTF-8 and contain non-ASCII win over a declared charset (pages
    declaring iso-8859-1 while sending UTF-8 are common); otherwise w3lib's
    ``html_to_unicode`` decides from the HTTP Content-Type header, the BOM and the meta tags.
    """
    if isinstance(body, str):
        return body
    try:
        data = bytes(body or b"")
    except (TypeError, ValueError):
        return ""
    if not data:
        return ""
    if not data.isascii() and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text.removeprefix("\ufeff")
    try:
        return html_to_unicode(content_type, data)[1]
    except Exception:
        return data.decode("utf-8", errors="replace")

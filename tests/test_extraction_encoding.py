"""decode_html: UTF-8 wins over a wrong declared charset; otherwise w3lib decides; never raises."""

from __future__ import annotations

import pytest

from newscrawl.extraction.encoding import decode_html


def test_utf8_bytes_win_over_declared_latin1_header() -> None:
    body = "<html><body><p>Türkiye’s café — naïve</p></body></html>".encode()
    assert "Türkiye’s café — naïve" in decode_html(body, "text/html; charset=iso-8859-1")


def test_utf8_bytes_win_over_declared_latin1_meta() -> None:
    body = '<html><head><meta charset="iso-8859-1"></head><body>Zürich</body></html>'.encode()
    assert "Zürich" in decode_html(body)


def test_cp1252_page_decodes_with_its_declared_charset() -> None:
    body = '<html><head><meta charset="windows-1252"></head><body>“Quote” – café</body></html>'.encode(
        "cp1252"
    )
    assert "“Quote” – café" in decode_html(body)


def test_cp1252_bytes_from_http_header() -> None:
    body = "<p>Ça coûte 5 €</p>".encode("cp1252")
    assert "Ça coûte 5 €" in decode_html(body, "text/html; charset=windows-1252")


def test_ascii_only_uses_declared_charset_path() -> None:
    assert decode_html(b"<p>plain</p>", "text/html; charset=utf-8") == "<p>plain</p>"


def test_utf8_bom_is_not_kept() -> None:
    assert decode_html("\ufeff<p>é</p>".encode()) == "<p>é</p>"


@pytest.mark.parametrize(
    "body",
    [b"", b"\x00\x01\x02\xff\xfe\xfa", bytes(range(256)) * 10, b"\xc3\x28 broken utf-8", b"<html>\x80\x81"],
)
def test_garbage_never_raises(body: bytes) -> None:
    assert isinstance(decode_html(body, "text/html; charset=nonsense-charset"), str)


def test_str_input_is_returned_unchanged() -> None:
    assert decode_html("<p>déjà</p>") == "<p>déjà</p>"  # type: ignore[arg-type]

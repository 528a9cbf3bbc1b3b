"""decode_html: UTF-8 wins over a wrong declared charset; otherwise w3lib decides; never raises."""

from __future__ import annotations

import pytest

from newscrawl.extraction.encoding import binary_kind, decode_html, decode_page


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


def test_bytes_invalid_in_the_declared_charset_are_repaired_by_detection() -> None:
    text = (
        "<html><head><meta charset='utf-8'></head><body><p>Café owners met Élise Fournier.</p></body></html>"
    )
    page = decode_page(text.encode("cp1252"), "text/html; charset=utf-8")
    assert page.repaired and "\ufffd" not in page.text
    assert "Café owners met Élise Fournier." in page.text


def test_french_and_cyrillic_mislabelled_pages_read_in_their_own_charsets() -> None:
    french = "<p>" + "Le café à côté de la gare était fermé, déjà vu. " * 5 + "</p>"
    russian = "<p>" + "Привет, как дела? Сегодня хорошая погода в Москве. " * 5 + "</p>"
    assert "à côté" in decode_page(french.encode("cp1252"), "text/html; charset=utf-8").text
    assert "погода в Москве" in decode_page(russian.encode("cp1251"), "text/html; charset=utf-8").text


def test_a_replacement_character_the_bytes_hold_is_kept_and_not_a_repair() -> None:
    page = decode_page("<p>broken \ufffd already</p>".encode(), "text/html; charset=utf-8")
    assert page.text == "<p>broken \ufffd already</p>" and not page.repaired


def test_binary_files_are_recognised_and_text_with_a_nul_is_not() -> None:
    assert binary_kind(b"\x89PNG\r\n\x1a\n\x00\x00") == "PNG image"
    assert binary_kind(bytes(range(32)) * 50) == "binary data"
    assert binary_kind(b"<html><body>caf\x00e and more text here</body></html>") is None
    assert binary_kind("<html>é</html>".encode("utf-16")) is None

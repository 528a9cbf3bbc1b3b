"""Layout tables (page columns, not data) turned into block containers, so a navigation cell and a
story cell are read as separate blocks; data tables stay tables."""

from __future__ import annotations

from collections import Counter

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.normalize.text import clean_space

# Layout tables (page columns, not data) hold the page's h1, a heading or a nested table, or most
# of the page's paragraph text, or are a box (one cell of blocks or long text). A table with
# header cells or a caption, or with rows of the same shape where all columns but one are short
# (a comparison table with a long description column), is data: it stays a table, however long
# its cells.
_OWN_CELLS = etree.XPath("./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th")
_OWN_ROWS = etree.XPath("./tr | ./*/tr")
_LAYOUT_CELL_TAGS = ("table", "h1", "h2", "h3", "h4", "h5", "h6")
_CELL_BLOCK_TAGS = ("p", "div", "ul", "ol", "blockquote", "section", "article")
MIN_BLOCK_CELL_CHARS = 150
MIN_LONG_CELL_CHARS = 400
MIN_DATA_ROWS = 3
MAX_SHORT_CELL_CHARS = 100
LAYOUT_TEXT_SHARE = 0.5
_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "caption")


def unwrap_layout_tables(root: HtmlElement) -> None:
    """Turn layout tables, with their rows and cells, into <div> containers, in place, so a
    navigation cell and a story cell are read as separate blocks and not as one table row."""
    tables = list(root.iter("table"))
    if not tables:
        return
    page_chars = paragraph_chars(root)
    by_paragraphs = page_chars > 0
    if not by_paragraphs:
        page_chars = len(root.text_content())
    layout = [table for table in tables if _is_layout_table(table, page_chars, by_paragraphs)]  # judged first
    for table in layout:
        cells = _OWN_CELLS(table)
        rows = {cell.getparent() for cell in cells}
        groups = [el for el in table if el.tag in _TABLE_PARTS]
        for el in (table, *groups, *rows, *cells):
            el.tag = "div"
        for el in [el for el in table if el.tag in ("colgroup", "col")]:
            el.drop_tree()  # its tail text stays


def _is_layout_table(table: HtmlElement, page_chars: int, by_paragraphs: bool) -> bool:
    """A table laid out as page columns, not data: it holds the page's h1, a cell holding a
    heading or a nested table, or most of the page's paragraph text (``page_chars``; of its
    text when the page has no paragraphs), or it is a box: a single cell of blocks or long
    text (a frame around an image and its caption, a note). A single short cell (a pull quote)
    stays a table. A table with a header cell (``th``, ``thead``) or a
    caption, or a grid of data rows (see ``_is_data_grid``), is data, however long its cells."""
    if table.find("thead") is not None or table.find("caption") is not None:
        return False
    rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in _OWN_ROWS(table)]
    if any(cell.tag == "th" for row in rows for cell in row):
        return False
    framed = {cell for row in rows for cell in row if next(cell.iter(*_LAYOUT_CELL_TAGS), None) is not None}
    if _is_data_grid([row for row in rows if framed.isdisjoint(row)]):
        return False
    if framed or next(table.iter("h1"), None) is not None:
        return True
    if len(rows) == 1 == len(rows[0]) and _is_box(rows[0][0]):
        return True
    held = paragraph_chars(table) if by_paragraphs else len(table.text_content())
    return held > LAYOUT_TEXT_SHARE * page_chars


def _is_data_grid(rows: list[list[HtmlElement]]) -> bool:
    """``MIN_DATA_ROWS`` or more rows of the same number of cells (two or more) in which every
    column but one keeps to short cells: a comparison table with a long description column."""
    widths = Counter(len(row) for row in rows if len(row) >= 2)
    for width, count in widths.items():
        if count < MIN_DATA_ROWS:
            continue
        lengths = [
            [len(clean_space(cell.text_content())) for cell in row] for row in rows if len(row) == width
        ]
        long_columns = sum(1 for column in zip(*lengths, strict=True) if max(column) > MAX_SHORT_CELL_CHARS)
        if long_columns <= 1:
            return True
    return False


def _is_box(cell: HtmlElement) -> bool:
    """A cell of blocks with some text, or of a lot of text."""
    chars = len(clean_space(cell.text_content()))
    return chars >= MIN_LONG_CELL_CHARS or (
        chars >= MIN_BLOCK_CELL_CHARS and next(cell.iter(*_CELL_BLOCK_TAGS), None) is not None
    )


def paragraph_chars(el: HtmlElement) -> int:
    """Text held in the paragraphs under ``el``."""
    return sum(len(p.text_content()) for p in el.iter("p"))

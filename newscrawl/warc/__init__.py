"""WARC capture of fetched article pages, and re-extraction of archived pages (warcio)."""

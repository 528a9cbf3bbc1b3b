"""Normalizers: one module per kind of value, the only place a value's final form is decided.

Every entry point (the page's own markup, a site rule, a feed or sitemap hint, the command
line) sends its raw values through these functions, in :mod:`newscrawl.normalize.loader`
(the ``ArticleLoader``, which builds the whole record from a page's fields and its crawl hints):

- :mod:`~newscrawl.normalize.text`: whitespace, tags and entities, body paragraphs, word counts,
  comparison keys, lists of tags;
- :mod:`~newscrawl.normalize.dates`: date parsing (day-first by language), time zones, floors;
- :mod:`~newscrawl.normalize.authors`: bylines into person and organization names;
- :mod:`~newscrawl.normalize.headline`: site names in titles ("Rates rise | Gazette");
- :mod:`~newscrawl.normalize.language`: language tags and names into ISO 639-1 codes;
- :mod:`~newscrawl.normalize.urls`: canonical URLs (the article's identity), tracking parameters,
  registered domains.

The functions are pure (plain values in, plain values out, ``None`` for "no value") and
idempotent, so extraction may call them to judge its candidates and the loader runs them
again on whatever it is given. The normalizers import nothing from the rest of newscrawl; the
loader imports them and the item type (:mod:`newscrawl.items`).
"""

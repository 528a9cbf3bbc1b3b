"""Spiders: the generic ``news`` spider and one per site profile; start URLs, sources (robots.txt,
sitemaps, feeds), links, page handling and failure reasons. They build the page hints and never
talk to the ledger or parse article fields."""

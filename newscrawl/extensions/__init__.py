"""Scrapy extensions of a crawl: the crawl state (run, ledger, aliases, limits), the rejects
recorder, the max_articles limit, the run manifest, progress lines, the exit status and the log
formatter."""

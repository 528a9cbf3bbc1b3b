"""Scrapy commands of newscrawl (``COMMANDS_MODULE``): ``crawl`` checks the spider arguments first."""

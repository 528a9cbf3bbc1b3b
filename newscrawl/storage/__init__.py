"""Durable output files (no Scrapy)."""

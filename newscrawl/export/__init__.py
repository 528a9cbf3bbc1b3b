"""Exports of a data directory's articles into other dataset formats."""

"""Test support: a local stand-in for the web (fixture server, download handler, fixture generators)."""

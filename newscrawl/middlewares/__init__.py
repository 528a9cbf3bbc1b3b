"""The fetch step, as downloader middlewares: the address guard and resolver, the user agent,
the date-window skip, the revisit decision with conditional requests."""

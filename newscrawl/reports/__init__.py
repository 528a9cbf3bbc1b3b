"""Run reports: find a run's manifest and records, summarize them as text or as one HTML file."""

"""The ``newscrawl reextract`` subcommand: rebuild a dataset from WARC files, offline."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_reextract(args: argparse.Namespace) -> int:
    missing = [p for p in args.warc if not Path(p).is_file()]
    if missing:
        print(f"newscrawl reextract: no such WARC file: {', '.join(missing)}", file=sys.stderr)
        return 2
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from newscrawl.cli import format_report
    from newscrawl.export.progress import Progress
    from newscrawl.storage.runinfo import new_run_id
    from newscrawl.warc.replay import ReextractSpider

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    run_id = args.run_id or new_run_id()
    settings.setdict(
        {"NEWSCRAWL_DATA_DIR": args.out, "NEWSCRAWL_RUN_ID": run_id, "LOG_LEVEL": args.log_level},
        priority="cmdline",
    )
    progress = Progress("reextract", None, "pages")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ReextractSpider)
    process.crawl(crawler, warc_files=list(args.warc), progress=progress)
    process.start()
    progress.close()
    manifest_path = Path(args.out) / "runs" / f"{run_id}.json"
    if not manifest_path.exists():
        print("newscrawl reextract: the re-extraction failed (no run manifest)", file=sys.stderr)
        return 1
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    print(format_report(manifest))
    if not manifest.get("counts", {}).get("pages_fetched"):
        print("newscrawl reextract: no archived page could be read", file=sys.stderr)
        return 1
    return 0


def add_reextract_command(sub: argparse._SubParsersAction) -> None:
    """Register ``newscrawl reextract`` on the CLI's subparsers."""
    cmd = sub.add_parser(
        "reextract", help="run today's extraction over archived pages (WARC files) into a new data directory"
    )
    cmd.add_argument("warc", nargs="+", help="WARC files (.warc or .warc.gz; newscrawl's or CC-NEWS style)")
    cmd.add_argument("--out", required=True, help="data directory to write the new dataset to")
    cmd.add_argument("--run-id", default="", help="run id of the re-extraction (default: a new one)")
    cmd.add_argument("--log-level", default="WARNING", help="Scrapy log level (default: WARNING)")
    cmd.set_defaults(func=_cmd_reextract)

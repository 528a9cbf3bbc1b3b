"""The ``newscrawl export`` subcommand."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from newscrawl.schema.optional import MissingDependency


def _cmd_export(args: argparse.Namespace) -> int:
    from newscrawl.export.state import ExportStateError

    data_dir = Path(args.data_dir)
    if not (data_dir / "articles").is_dir():
        print(f"newscrawl export: no articles under {data_dir} (use --data-dir)", file=sys.stderr)
        return 2
    try:
        from newscrawl.export.parquet import export_parquet

        result = export_parquet(data_dir, Path(args.out), all_revisions=args.all_revisions)
    except (MissingDependency, ExportStateError) as exc:
        print(f"newscrawl export: {exc}", file=sys.stderr)
        return 2
    print(
        f"Exported {result.rows_written} rows ({result.records_read} new records read,"
        f" {result.rows_replaced} older revisions replaced) to {args.out}"
    )
    return 0


def add_export_command(sub: argparse._SubParsersAction) -> None:
    """Register ``newscrawl export`` on the CLI's subparsers."""
    export = sub.add_parser("export", help="export the articles of a data directory as a Parquet dataset")
    export.add_argument("out", help="output directory of the dataset (site=…/day=…/ partitions)")
    export.add_argument("--format", choices=["parquet"], default="parquet", help="output format (parquet)")
    export.add_argument(
        "--data-dir",
        default=os.environ.get("NEWSCRAWL_DATA_DIR", "data"),
        help="the crawl's data directory (default: $NEWSCRAWL_DATA_DIR, else data)",
    )
    export.add_argument(
        "--all-revisions",
        action="store_true",
        help="keep every revision of an article (default: only the latest per canonical URL)",
    )
    export.set_defaults(func=_cmd_export)

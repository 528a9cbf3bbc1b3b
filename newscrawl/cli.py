"""The ``newscrawl`` command: extract one page, run the demo, list runs and sites."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from newscrawl.settings import default_data_dir


def crawl_command(
    spider: str, data_dir: Path, *, arguments: dict[str, str], settings: dict[str, str]
) -> list[str]:
    """The ``scrapy crawl`` command line for a spider, its arguments and setting overrides."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in arguments.items():
        command += ["-a", f"{name}={value}"]
    for name, value in {"NEWSCRAWL_DATA_DIR": str(data_dir), **settings}.items():
        command += ["-s", f"{name}={value}"]
    return command


def scrapy_env() -> dict[str, str]:
    """Environment that lets ``scrapy`` find newscrawl's settings from any directory."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}


def _cmd_demo(args: argparse.Namespace) -> int:
    from newscrawl.demo.server import DemoServer
    from newscrawl.storage.runinfo import new_run_id

    data_dir = Path(args.data_dir)
    if not args.keep_state and (data_dir / "state").exists():
        shutil.rmtree(data_dir / "state")  # each demo starts from an empty ledger
    run_id = new_run_id()
    try:
        server = DemoServer(port=args.port)
    except OSError:
        print(f"Port {args.port} is busy; serving the demo site on a free port instead.")
        server = DemoServer()
    with server:
        print(f"Demo news site running at {server.base_url}/")
        command = crawl_command(
            "news",
            data_dir,
            arguments={"start_urls": f"{server.base_url}/"},
            settings={
                "NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true",
                "NEWSCRAWL_RUN_ID": run_id,
                "AUTOTHROTTLE_ENABLED": "false",
                "DOWNLOAD_DELAY": "0",
                "LOG_LEVEL": "INFO" if _quieter_than_info(args.log_level) else args.log_level,
                "NEWSCRAWL_PROGRESS_INTERVAL": str(args.progress_interval),
            },
        )
        print("Running:", " ".join(command[2:]))
        completed = _run_showing_progress(command, args.log_level)
    manifest_path = data_dir / "runs" / f"{run_id}.json"
    if manifest_path.exists():
        print()
        print(format_report(json.loads(manifest_path.read_text(encoding="utf-8"))))
    if completed.returncode != 0 or not manifest_path.exists():
        print(f"The crawl failed (exit status {completed.returncode}).", file=sys.stderr)
        return completed.returncode or 1
    return 0


def _quieter_than_info(level: str) -> bool:
    return level.upper() in ("WARNING", "ERROR", "CRITICAL")


def _run_showing_progress(command: list[str], log_level: str) -> subprocess.CompletedProcess[str]:
    """Run the crawl; at a log level above INFO, still show its progress lines."""
    if not _quieter_than_info(log_level):
        return subprocess.run(command, env=scrapy_env(), check=False, text=True)
    levels = ("WARNING", "ERROR", "CRITICAL")
    shown = ("[newscrawl.extensions.progress]", *levels[levels.index(log_level.upper()) :])
    with subprocess.Popen(command, env=scrapy_env(), stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        showing = False
        for line in process.stderr:
            if line[:4].isdigit():  # a new log record ("2026-11-27 20:30:00 [name] LEVEL: ...")
                head = line.split(": ", 1)[0]
                showing = any(mark in head for mark in shown)
            if showing:
                sys.stderr.write(line)
        returncode = process.wait()
    return subprocess.CompletedProcess(command, returncode)


def format_report(manifest: dict[str, Any]) -> str:
    """A readable summary of a run manifest (also of a killed run's recovery manifest)."""
    counts = manifest.get("counts", {})
    duplicates = counts.get("duplicates", {})
    lines = [
        f"Run {manifest['run_id']} ({manifest.get('spider') or 'unknown spider'})",
        f"  from {manifest.get('started_at') or '?'} to {manifest.get('finished_at') or '?'}"
        f" [{manifest.get('finish_reason')}]",
        *_status_lines(manifest),
        f"  pages fetched      {counts.get('pages_fetched', '?')}",
        f"  articles written   {counts.get('articles_written', 0)}"
        + (f" ({counts['revisions_written']} new revisions)" if counts.get("revisions_written") else ""),
        f"  duplicates         {sum(duplicates.values())} {_inline(duplicates)}".rstrip(),
        f"  rejects            {counts.get('rejects', 0)} {_inline(counts.get('rejects_by_reason', {}))}".rstrip(),
        f"  non-article pages  {counts.get('non_article_pages', 0)}",
    ]
    if counts.get("skipped"):
        lines.append(
            f"  skipped            {sum(counts['skipped'].values())} {_inline(counts['skipped'])}".rstrip()
        )
    if counts.get("coverage"):
        lines.append(
            "  field coverage     " + ", ".join(f"{k} {v:.0%}" for k, v in sorted(counts["coverage"].items()))
        )
    for worker in manifest.get("workers", []):
        lines.append(
            f"  worker {worker['worker_id']:<11} fetched={worker['pages_fetched']}"
            f" written={worker['articles_written']} [{worker.get('finish_reason')}]"
            + (f" {worker['status']}" if worker.get("status") else "")
        )
    for kind, paths in manifest.get("files", {}).items():
        for path in paths:
            lines.append(f"  {kind:<18} {path}")
    where = manifest.get("manifest_dir") or Path(manifest["data_dir"]) / "runs" / (
        manifest["run_id"] + ".json"
    )
    lines.append(f"  manifest           {where}")
    return "\n".join(lines)


def _status_lines(manifest: dict[str, Any]) -> list[str]:
    """The run's verdict (manifests written before it existed have none)."""
    if "status" not in manifest:
        return []
    failure = manifest.get("failure") or {}
    why = f" ({failure.get('reason')}: {failure.get('detail')})" if failure else ""
    return [f"  status             {manifest['status']}{why}"]


def _inline(counts: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + ")" if counts else ""


def _manifests(data_dir: Path) -> list[dict[str, Any]]:
    from newscrawl.reports.runs import load_manifests

    return sorted(load_manifests(data_dir), key=lambda m: str(m.get("run_id") or ""))


def _cmd_runs(args: argparse.Namespace) -> int:
    manifests = _manifests(Path(args.data_dir))
    if not manifests:
        print(f"No runs under {args.data_dir}/runs/")
    for m in manifests:
        c = m.get("counts", {})
        print(
            f"{m['run_id']}  {m.get('spider') or '-':<14} written={c.get('articles_written', 0)}"
            f" rejects={c.get('rejects', 0)} duplicates={sum(c.get('duplicates', {}).values())}"
            f"  {m.get('finish_reason')}"
            + (f" workers={len(m['workers'])}" if m.get("workers") else "")
            + (f" FAILED ({(m.get('failure') or {}).get('reason')})" if m.get("status") == "failed" else "")
        )
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from newscrawl.reports.html import render_html
    from newscrawl.reports.runs import RunNotFound, find_run

    data_dir = Path(args.data_dir)
    try:
        manifest = find_run(data_dir, args.run_id, args.site)
    except RunNotFound as exc:
        print(f"newscrawl report: {exc}", file=sys.stderr)
        return 2
    if args.html:
        out = Path(args.html)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(manifest, data_dir, args.site), encoding="utf-8")
        print(f"Report of run {manifest['run_id']} written to {out}")
        return 0
    print(format_report(manifest))
    return 0


def _cmd_sites(args: argparse.Namespace) -> int:
    from newscrawl.sites import load_profiles
    from newscrawl.sites.profile import ProfileError

    try:
        profiles = load_profiles(args.sites_dir or [])
    except ProfileError as exc:
        print(f"newscrawl sites: {exc}", file=sys.stderr)
        return 2
    for profile in profiles.values():
        print(f"{profile.name:<16} {profile.title} ({', '.join(profile.domains)})")
        for kind, urls in (
            ("start", profile.start_urls),
            ("sitemap", profile.sitemaps),
            ("feed", profile.feeds),
        ):
            for url in urls:
                mark = " (unconfirmed)" if url in profile.unconfirmed_sources else ""
                print(f"  {kind:<8} {url}{mark}")
    return 0


def _version() -> str:
    from newscrawl import __version__

    return __version__


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    from newscrawl.extract_command import add_extract_command

    parser = argparse.ArgumentParser(
        prog="newscrawl",
        description="newscrawl: extract one page, run the demo, list runs and site profiles.",
    )
    parser.add_argument("--version", action="version", version=f"newscrawl {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    add_extract_command(sub)

    demo = sub.add_parser("demo", help="serve the bundled demo news site and crawl it")
    demo.add_argument("--data-dir", default="data/demo", help="output directory (default: data/demo)")
    demo.add_argument("--log-level", default="WARNING", help="Scrapy log level (default: WARNING)")
    demo.add_argument(
        "--port", type=int, default=8642, help="port of the demo site (default 8642; URLs identify articles)"
    )
    demo.add_argument(
        "--progress-interval",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="seconds between progress lines (NEWSCRAWL_PROGRESS_INTERVAL; default 0.5, 0: none)",
    )
    demo.add_argument(
        "--keep-state",
        action="store_true",
        help="keep the ledger of earlier demo runs: a re-run then fetches and writes nothing new",
    )
    demo.set_defaults(func=_cmd_demo)

    for name, func, text in (
        ("runs", _cmd_runs, "list crawl runs"),
        ("report", _cmd_report, "summarize a run"),
    ):
        cmd = sub.add_parser(name, help=text)
        if name == "report":
            cmd.add_argument("run_id", help="a run id, or 'latest' (the latest run, of --site when given)")
            cmd.add_argument("--site", help="the latest run of this site; the HTML report shows it alone")
            cmd.add_argument("--html", metavar="OUT.html", help="write one self-contained HTML report")
        cmd.add_argument(
            "--data-dir",
            default=default_data_dir(),
            help="the crawl's data directory (default: $NEWSCRAWL_DATA_DIR, else data)",
        )
        cmd.set_defaults(func=func)

    sites = sub.add_parser("sites", help="list site profiles and their sources")
    sites.add_argument("--sites-dir", action="append", help="an extra directory of profiles")
    sites.set_defaults(func=_cmd_sites)

    from newscrawl.export.command import add_export_command
    from newscrawl.warc.command import add_reextract_command

    add_export_command(sub)
    add_reextract_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newscrawl`` console script."""
    args = build_parser().parse_args(argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # here, so that a closed pipe is caught below and not at exit
        return code
    except BrokenPipeError:  # the reader went away (`newscrawl sites | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``newscrawl export --format parquet`` over real crawls of the demo site, read back with
pyarrow, pandas and ``datasets``; incremental exports; the dataset schema's all-null fix."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import datasets
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pytest

from newscrawl.cli import main
from newscrawl.demo.server import SITE_DIR, DemoServer
from newscrawl.export.parquet import export_parquet
from newscrawl.export.progress import Progress
from newscrawl.schema import arrow_schema, features, load_schema
from newscrawl.schema.dataset import file_schema, jsonl_features, partitioning
from newscrawl.schema.optional import MissingDependency
from tests.crawling import CrawlResult, run_crawl

ALLOWED = {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": "true"}
WILDFIRE = "world/wildfire-season-starts-weeks-early-across-southern-europe.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(SITE_DIR, copy)
    return copy


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[DemoServer]:
    with DemoServer(site_dir=site) as demo:
        yield demo


@pytest.fixture(scope="module")
def crawl(server: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    data = tmp_path_factory.mktemp("crawl") / "data"
    return run_crawl("news", data, arguments={"start_urls": f"{server.base_url}/"}, settings=ALLOWED)


def data_dir(crawl: CrawlResult) -> Path:
    return Path(crawl.manifest["data_dir"])


def read_back(out: Path) -> pa.Table:
    return pads.dataset(out, format="parquet", partitioning=partitioning()).to_table()


def parquet_files(out: Path) -> list[str]:
    return sorted(str(p) for p in out.glob("site=*/day=*/*.parquet"))


def test_the_export_reads_back_with_pyarrow_one_row_per_article(crawl: CrawlResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = export_parquet(data_dir(crawl), out)
    table = read_back(out)
    assert table.num_rows == result.rows_written == len({r["canonical_url"] for r in crawl.records}) > 0
    assert table.schema == arrow_schema()
    day = crawl.records[0]["crawled_at"][:10]
    assert [p.split(str(out) + "/")[1].rsplit("/", 1)[0] for p in parquet_files(out)] == [
        f"site=127.0.0.1/day={day}"
    ]
    rows = {r["canonical_url"]: r for r in table.to_pylist()}
    for record in crawl.records:
        row = rows[record["canonical_url"]]
        for name in ("headline", "article_body", "authors", "tags", "date_published", "revision", "site"):
            assert row[name] == record[name], name
        assert row["images"] == record["images"]
        assert {k: v for k, v in row["provenance"].items() if v is not None} == record["provenance"]
        assert row["crawled_at"].isoformat() == record["crawled_at"]


def test_dates_keep_their_offset_beside_a_utc_timestamp(crawl: CrawlResult, tmp_path: Path) -> None:
    export_parquet(data_dir(crawl), tmp_path / "out")
    rows = read_back(tmp_path / "out").to_pylist()
    with_offset = [r for r in rows if r["date_published"] and r["date_published"][19:] not in ("", "+00:00")]
    date_only = [r for r in rows if r["date_published"] and len(r["date_published"]) == 10]
    assert with_offset and date_only  # the demo has both kinds
    for row in with_offset:
        original = pd.Timestamp(row["date_published"])
        assert row["date_published_utc"] == original.tz_convert("UTC").to_pydatetime()
    assert all(r["date_published_utc"] is None for r in date_only)


def test_pandas_reads_the_partitioned_dataset_with_declared_types(crawl: CrawlResult, tmp_path: Path) -> None:
    export_parquet(data_dir(crawl), tmp_path / "out")
    frame = pd.read_parquet(tmp_path / "out")
    assert len(frame) == len(crawl.records)
    assert str(frame["crawled_at"].dtype) == "datetime64[us, UTC]"
    assert str(frame["date_published_utc"].dtype).endswith(", UTC]")
    assert frame["word_count"].dtype == "int32"
    assert set(frame["site"]) == {"127.0.0.1"}
    by_url = {r["canonical_url"]: r for r in crawl.records}
    for url, authors in zip(frame["canonical_url"], frame["authors"], strict=True):
        assert list(authors) == by_url[url]["authors"]


def test_datasets_loads_the_files_with_the_shipped_features(crawl: CrawlResult, tmp_path: Path) -> None:
    export_parquet(data_dir(crawl), tmp_path / "out")
    loaded = datasets.load_dataset(
        "parquet", data_files=parquet_files(tmp_path / "out"), features=features(),
        cache_dir=str(tmp_path / "cache"), split="train",
    )  # fmt: skip
    assert loaded.num_rows == len(crawl.records)
    assert loaded.features == features()
    assert loaded.features["images"] == datasets.List(
        {
            "url": datasets.Value("string"),
            "caption": datasets.Value("string"),
            "credit": datasets.Value("string"),
        }
    )


def test_the_schema_follows_the_item_schema() -> None:
    item = load_schema()
    names = [f.name for f in arrow_schema()]
    assert set(item["required"]) <= set(names)
    assert [n for n in names if n not in item["required"]] == [
        "date_published_utc",
        "date_modified_utc",
        "day",
    ]
    schema = arrow_schema()
    assert schema.field("crawled_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("provenance").type.names == item["properties"]["provenance"]["propertyNames"]["enum"]
    assert schema.field("tags").type == pa.list_(pa.string())
    assert set(features()) == set(file_schema().names)


def _split_by_attribution(crawl: CrawlResult, directory: Path) -> list[str]:
    """Two runs' worth of real records: one file where attribution is null on every line."""
    without = [r for r in crawl.records if r["attribution"] is None]
    with_it = [r for r in crawl.records if r["attribution"] is not None]
    assert without and with_it
    paths = []
    for name, records in (("run1", without), ("run2", with_it)):
        path = directory / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_jsonl_of_several_runs_with_an_all_null_column_loads_with_the_features(
    crawl: CrawlResult, tmp_path: Path
) -> None:
    files = _split_by_attribution(crawl, tmp_path)
    with pytest.raises(Exception) as failure:  # what users hit without the schema
        datasets.load_dataset("json", data_files=files, cache_dir=str(tmp_path / "c1"), split="train")
    assert "Couldn't cast array of type string to null" in _chain(failure.value)
    loaded = datasets.load_dataset(
        "json", data_files=files, features=jsonl_features(), cache_dir=str(tmp_path / "c2"), split="train"
    )
    assert loaded.num_rows == len(crawl.records)
    assert sorted(a for a in loaded["attribution"] if a) == sorted(
        r["attribution"] for r in crawl.records if r["attribution"]
    )


def _chain(error: BaseException | None) -> str:
    messages = []
    while error is not None:
        messages.append(str(error))
        error = error.__cause__ or error.__context__
    return " | ".join(messages)


def test_a_reexport_of_an_unchanged_data_dir_adds_nothing(crawl: CrawlResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = export_parquet(data_dir(crawl), out)
    files = {p: Path(p).read_bytes() for p in parquet_files(out)}
    again = export_parquet(data_dir(crawl), out)
    assert (again.records_read, again.rows_written) == (0, 0)
    assert {p: Path(p).read_bytes() for p in parquet_files(out)} == files
    assert read_back(out).num_rows == first.rows_written


def test_a_new_revision_replaces_the_older_row(
    crawl: CrawlResult, site: Path, server: DemoServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(crawl), data)
    out, every = tmp_path / "latest", tmp_path / "all"
    export_parquet(data, out)
    export_parquet(data, every, all_revisions=True)
    page = site / WILDFIRE
    original = page.read_text(encoding="utf-8")
    page.write_text(
        original.replace("No injuries were reported.", "Two firefighters were hurt."), encoding="utf-8"
    )
    try:  # the module's server serves the edited page; the URLs (and their port) stay the same
        second = run_crawl(
            "news", data, arguments={"start_urls": f"{server.base_url}/"},
            settings={**ALLOWED, "NEWSCRAWL_REVISIT_POLICY": "days:0.000001"},
        )  # fmt: skip
    finally:
        page.write_text(original, encoding="utf-8")
    (revised,) = [r for r in second.records if r["revision"] == 2]
    assert revised["url"].endswith(WILDFIRE)

    result = export_parquet(data, out)
    assert (result.rows_written, result.rows_replaced) == (1, 1)
    rows = read_back(out).to_pylist()
    assert len(rows) == len(crawl.records)
    (row,) = [r for r in rows if r["canonical_url"] == revised["canonical_url"]]
    assert row["revision"] == 2 and "Two firefighters were hurt." in row["article_body"]

    everything = export_parquet(data, every, all_revisions=True)
    assert everything.rows_written == len(second.records)
    assert read_back(every).num_rows == len(crawl.records) + len(second.records)


def test_the_cli_exports_and_reports(
    crawl: CrawlResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["export", "--data-dir", str(data_dir(crawl)), "--format", "parquet", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"Exported {len(crawl.records)} rows" in captured.out
    assert "export: 1/1 files" in captured.err  # plain progress lines: stderr is not a terminal
    assert main(["export", "--data-dir", str(data_dir(crawl)), "--all-revisions", str(out)]) == 2
    assert "holds a 'latest' export" in capsys.readouterr().err


def test_a_missing_pyarrow_names_the_extra(
    crawl: CrawlResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.dataset", None)
    with pytest.raises(MissingDependency, match=r"pip install 'newscrawl\[parquet\]'"):
        export_parquet(data_dir(crawl), tmp_path / "out")
    assert main(["export", "--data-dir", str(data_dir(crawl)), str(tmp_path / "out")]) == 2
    assert "install it with pip install 'newscrawl[parquet]'" in capsys.readouterr().err


def test_a_missing_datasets_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(MissingDependency, match=r"newscrawl\[datasets\]"):
        features()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = Progress("export", 3, "files", stream=stream, interval=0)
        for n in range(3):
            progress.update(1, f"{n} records")
        progress.close()
    assert "100%" in terminal.getvalue() and "3/3" in terminal.getvalue()
    lines = pipe.getvalue().splitlines()
    assert lines[-1] == "export: 3/3 files (2 records)" and "%" not in pipe.getvalue()


def test_files_of_an_interrupted_export_are_removed_by_the_next(crawl: CrawlResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_parquet(data_dir(crawl), out)
    (written,) = parquet_files(out)
    leftover = Path(written).with_name("part-00002-0.parquet")  # as if export 2 died before its state
    shutil.copyfile(written, leftover)
    assert read_back(out).num_rows == 2 * len(crawl.records)
    export_parquet(data_dir(crawl), out)
    assert not leftover.exists()
    assert read_back(out).num_rows == len(crawl.records)

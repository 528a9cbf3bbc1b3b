"""scrapyd, proven: deploy the project with ``scrapyd-deploy`` and run ``news`` on the demo site.

The steps are those of the README's "scrapyd" section. scrapyd and scrapyd-client live in a
virtual environment of their own (``.venv-scrapyd`` at the project root, ignored by git, or
``$NEWSCRAWL_SCRAPYD_VENV``), made once and reused while its requirements stay the same.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from newscrawl.demo.server import DemoServer
from tests.crawling import PROJECT_ROOT

pytestmark = pytest.mark.slow

# scrapyd 1.6 needs setuptools < 81; `license = "MIT"` (PEP 639) needs setuptools >= 77.
SCRAPYD_REQUIREMENTS = ["scrapyd==1.6.*", "scrapyd-client>=2.0", "setuptools>=77,<81"]
SCRAPYD_LIFETIME = 600  # seconds: the server is killed after this even if the test hangs


def project_dependencies() -> list[str]:
    """newscrawl's own dependencies (the egg scrapyd-deploy builds carries none)."""
    with (PROJECT_ROOT / "pyproject.toml").open("rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def scrapyd_venv() -> Path:
    """The scrapyd environment, created (or brought up to date) on first use."""
    import os

    venv = Path(os.environ.get("NEWSCRAWL_SCRAPYD_VENV") or PROJECT_ROOT / ".venv-scrapyd")
    requirements = [*SCRAPYD_REQUIREMENTS, *project_dependencies()]
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    stamp = venv / ".newscrawl-requirements"
    if stamp.exists() and stamp.read_text() == digest and (venv / "bin" / "scrapyd").exists():
        return venv
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [*pip, *SCRAPYD_REQUIREMENTS],
        [*pip, *project_dependencies()],  # the egg carries newscrawl alone
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=900, check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot set up scrapyd's environment ({' '.join(step[:4])}…): {done.stderr[-500:]}")
    stamp.write_text(digest)
    return venv


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_project(target: Path, scrapyd_url: str) -> Path:
    """The project as a user checks it out, with ``[deploy] url`` pointed at the test's scrapyd."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(PROJECT_ROOT / name, target / name)
    shutil.copytree(
        PROJECT_ROOT / "newscrawl", target / "newscrawl", ignore=shutil.ignore_patterns("__pycache__")
    )
    cfg = (PROJECT_ROOT / "scrapy.cfg").read_text(encoding="utf-8")
    assert "url = http://localhost:6800/" in cfg
    (target / "scrapy.cfg").write_text(cfg.replace("http://localhost:6800/", scrapyd_url), encoding="utf-8")
    return target


def api(url: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as response:
        return dict(json.load(response))


def wait_for(url: str, deadline: float) -> None:
    while True:
        try:
            api(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_scrapyd_deploy_schedule_and_crawl_the_demo(tmp_path: Path) -> None:
    venv = scrapyd_venv()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    service = tmp_path / "scrapyd"
    service.mkdir()
    (service / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\nmax_proc = 1\npoll_interval = 0.5\nitems_dir =\n",
        encoding="utf-8",
    )
    log = (service / "scrapyd.log").open("wb")
    server = subprocess.Popen([str(venv / "bin" / "scrapyd")], cwd=service, stdout=log, stderr=log)
    killer = threading.Timer(SCRAPYD_LIFETIME, server.kill)
    killer.daemon = True
    killer.start()
    data = tmp_path / "data"
    try:
        wait_for(url + "daemonstatus.json", time.monotonic() + 60)
        project = copy_project(tmp_path / "checkout", url)
        deploy = subprocess.run(
            [str(venv / "bin" / "scrapyd-deploy")],
            cwd=project, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert deploy.returncode == 0, deploy.stderr + deploy.stdout
        assert json.loads(deploy.stdout)["status"] == "ok"
        assert (project / "setup.py").exists() and (project / "build").exists()  # left behind:
        (project / "setup.py").unlink()  # the README's `rm -rf setup.py build`
        shutil.rmtree(project / "build")
        assert api(url + "listspiders.json?project=newscrawl")["spiders"].count("news") == 1
        with DemoServer() as demo:
            scheduled = api(
                url + "schedule.json",
                [
                    ("project", "newscrawl"),
                    ("spider", "news"),
                    ("start_urls", f"{demo.base_url}/"),
                    ("setting", "NEWSCRAWL_ALLOW_PRIVATE_HOSTS=true"),
                    ("setting", f"NEWSCRAWL_DATA_DIR={data}"),
                    ("setting", "AUTOTHROTTLE_ENABLED=false"),
                ],
            )
            assert scheduled["status"] == "ok", scheduled
            job = scheduled["jobid"]
            deadline = time.monotonic() + 240
            while True:
                jobs = api(url + "listjobs.json?project=newscrawl")
                if any(j["id"] == job for j in jobs["finished"]):
                    break
                assert time.monotonic() < deadline, jobs
                time.sleep(0.5)
    finally:
        server.kill()
        server.wait()
        killer.cancel()
        log.close()
    job_log = "".join(p.read_text(errors="replace") for p in (service / "logs").rglob(f"{job}.log"))
    (manifest_path,) = (data / "runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["status"] == "ok", job_log[-3000:]
    assert manifest["spider"] == "news" and manifest["arguments"]["start_urls"] == [f"{demo.base_url}/"]
    articles = list((data / "articles").glob("*/*/*.jsonl"))
    lines = [json.loads(line) for path in articles for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines and len(lines) == manifest["counts"]["articles_written"]
    assert all(record["url"].startswith(demo.base_url) for record in lines)

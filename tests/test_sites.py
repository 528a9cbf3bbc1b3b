"""Site profiles: validation errors name file, key and problem; every profile is a spider."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.sites import ProfileError, load_profile, load_profiles
from newscrawl.sites.profile import parse_profile

GOOD = {"name": "example", "domains": ["example.org"], "start_urls": ["https://example.org/"]}


def test_bundled_profiles_load() -> None:
    profiles = load_profiles()
    assert "trtworld" in profiles
    trt = profiles["trtworld"]
    assert trt.domains == ("trtworld.com",)
    assert any(url.startswith("https://www.trtworld.com/") for url in trt.start_urls)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Bad Name"}, "key 'name'"),
        ({"domains": []}, "key 'domains'"),
        ({"domains": "example.org"}, "key 'domains' must be a list"),
        ({"start_urls": [], "sitemaps": [], "feeds": []}, "at least one of"),
        ({"deny": ["("]}, "key 'deny': bad pattern"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"settings": 3}, "key 'settings' must be a table"),
        (
            {"settings": {"NEWSCRAWL_ALLOW_PRIVATE_HOSTS": True}},
            "settings.NEWSCRAWL_ALLOW_PRIVATE_HOSTS cannot be set",
        ),
        ({"timezone": "Mars/Olympus"}, "key 'timezone': unknown time zone"),
        (
            {"feeds": ["ftp://example.org/rss"]},
            r"key 'feeds': 'ftp://example.org/rss' is not an http\(s\) URL",
        ),
        ({"rules": {"body": "div"}}, r"key 'rules' must be an array of tables"),
        ({"rules": [{"fields": {"headline": "h1[["}}]}, r"rules #1: fields.headline: bad CSS selector"),
        ({"rules": [{"fields": {"colour": "h1"}}]}, r"rules #1: fields: unknown field 'colour'"),
        (
            {"rules": [{"valid_from": "2025-01-02", "valid_until": "2025-01-01"}]},
            "valid_from is after valid_until",
        ),
        ({"rules": [{"valid_until": "soon"}]}, r"rules #1: valid_until: not an ISO date"),
    ],
)
def test_invalid_profiles_name_the_key(change: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError, match=message) as info:
        parse_profile({**GOOD, **change}, "sites/example.toml")
    assert str(info.value).startswith("sites/example.toml: ")


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "x\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"broken\.toml: invalid TOML"):
        load_profile(path)


def test_user_profiles_directory_adds_a_spider(tmp_path: Path) -> None:
    (tmp_path / "mysite.toml").write_text(
        'name = "mysite"\ndomains = ["my.example"]\nfeeds = ["https://my.example/rss"]\n', encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list", "-s", f"NEWSCRAWL_SITES_DIRS={tmp_path}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    names = result.stdout.split()
    assert {"news", "trtworld", "mysite"} <= set(names)

"""The ledger contract, on every backend (SQLite, Redis): revisions, fingerprints, near-duplicates,
policies; and the SQLite file's own locking."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.ledger import Ingested, LedgerConfigError, LedgerLockedError, open_ledger, parse_policy
from newscrawl.ledger import sqlite as sqlite_backend
from newscrawl.ledger.base import Ledger

URL = "https://www.example-news.com/world/2025/03/14/talks-resume-in-geneva-123456"
OTHER = "https://www.example-news.com/world/2025/03/15/markets-rally-123457"

ARTICLE = (
    "Negotiators from both delegations returned to Geneva on Friday for a third round of talks "
    "aimed at ending the dispute over water rights along the river. Officials said the meeting "
    "would focus on a draft agreement that sets seasonal quotas and creates a joint monitoring "
    "commission. Farmers in the border region have complained for years that upstream dams leave "
    "their fields dry during the summer months, while city authorities say they need reservoirs to "
    "guarantee drinking water. The mediator told reporters that both sides had shown flexibility "
    "in recent weeks and that a framework could be signed before the end of the month if the "
    "remaining technical questions were settled. Opposition lawmakers warned that any deal must be "
    "approved by parliament and said they would examine the quotas closely."
)
# A syndicated copy: dateline added, one word changed, credit line appended.
EDITED = "GENEVA (Reuters) - " + ARTICLE.replace("years", "decades") + " Reuters contributed to this report."
UNRELATED = (
    "The national team secured a dramatic late victory on Sunday evening, scoring twice in the final "
    "ten minutes to overturn a one goal deficit in front of a sold out crowd. The coach praised the "
    "substitutes who changed the game and said the squad would rest before the qualifier next week. "
    "Supporters celebrated in the streets of the capital long after the final whistle."
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def ledger(open_test_ledger):
    with open_test_ledger() as opened:
        yield opened


def test_unknown_url_is_not_seen(ledger: Ledger) -> None:
    assert not ledger.seen(URL)
    assert ledger.get(URL) is None
    assert ledger.seen_many([URL, OTHER]) == set()
    assert ledger.count() == 0


def test_record_marks_url_seen(ledger: Ledger) -> None:
    assert ledger.record(URL, sha("a"), site="example") == 1
    assert ledger.seen(URL)
    assert not ledger.seen(OTHER)
    assert ledger.seen_many([URL, OTHER, URL + "/"]) == {URL}
    entry = ledger.get(URL)
    assert entry is not None
    assert (entry.canonical_url, entry.content_sha256, entry.revision, entry.site) == (
        URL,
        sha("a"),
        1,
        "example",
    )
    assert ledger.count() == 1


def test_scheme_and_www_variants_are_one_article(ledger: Ledger) -> None:
    ledger.record(URL, sha("v1"))
    bare = URL.replace("https://www.", "http://")
    assert ledger.seen(bare)
    assert ledger.seen_many([bare, URL, OTHER]) == {bare, URL}
    entry = ledger.get(bare)
    assert entry is not None and entry.canonical_url == URL
    assert ledger.record(bare, sha("v1")) == 1
    assert ledger.record(bare, sha("v2")) == 2
    assert ledger.count() == 1
    assert ledger.find_content(sha("v2"), exclude=bare) is None
    assert not ledger.seen(URL.replace("www.example-news.com", "example-news.org"))


def test_seen_many_handles_large_batches(ledger: Ledger) -> None:
    urls = [f"https://news.example.org/a/{i}" for i in range(1200)]
    ledger.record_many(Ingested(url, sha(url)) for url in urls[::2])
    assert ledger.seen_many(urls) == set(urls[::2])


def test_revision_increments_only_when_content_changes(ledger: Ledger) -> None:
    assert ledger.next_revision(URL, sha("v1")) == 1
    assert ledger.record(URL, sha("v1")) == 1
    assert ledger.next_revision(URL, sha("v1")) == 1
    assert ledger.record(URL, sha("v1")) == 1
    assert ledger.next_revision(URL, sha("v2")) == 2
    assert ledger.record(URL, sha("v2"), date_modified="2025-03-15T10:00:00+02:00") == 2
    assert ledger.record(URL, sha("v2")) == 2
    assert ledger.record(URL, sha("v1")) == 3
    entry = ledger.get(URL)
    assert entry is not None and entry.revision == 3 and entry.content_sha256 == sha("v1")


def test_record_many_returns_revisions_in_order(ledger: Ledger) -> None:
    revisions = ledger.record_many(
        [
            Ingested(URL, sha("v1")),
            Ingested(OTHER, sha("x")),
            Ingested(URL, sha("v2")),
            Ingested(URL, sha("v2")),
        ]
    )
    assert revisions == [1, 1, 2, 2]


def test_record_many_is_all_or_nothing(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="64 hex digits"):
        ledger.record_many([Ingested(URL, sha("v1")), Ingested(OTHER, "not-a-digest")])
    assert not ledger.seen(URL)
    assert ledger.record(URL, sha("v1"), site="after-rollback") == 1


def test_unchanged_record_updates_last_seen_only(ledger: Ledger) -> None:
    first = datetime(2025, 1, 1, tzinfo=UTC)
    ledger.record(URL, sha("v1"), fetched_at=first, date_modified="2024-12-30")
    before = ledger.get(URL)
    ledger.record(URL, sha("v1"), fetched_at=first + timedelta(days=1))
    after = ledger.get(URL)
    assert before is not None and after is not None
    assert after.first_seen == before.first_seen
    assert after.last_fetched == first + timedelta(days=1)
    assert after.revision == 1
    assert after.date_modified == datetime(2024, 12, 30, tzinfo=UTC)


def test_date_modified_keeps_its_instant(ledger: Ledger) -> None:
    ledger.record(URL, sha("v1"), date_modified="2025-03-15T10:00:00+02:00")
    entry = ledger.get(URL)
    assert entry is not None and entry.date_modified == datetime(2025, 3, 15, 8, 0, tzinfo=UTC)


def test_find_content(ledger: Ledger) -> None:
    ledger.record(URL, sha(ARTICLE))
    ledger.record(OTHER, sha(ARTICLE))
    assert ledger.find_content(sha(ARTICLE)) == URL
    assert ledger.find_content(sha(ARTICLE).upper()) == URL
    assert ledger.find_content(sha(ARTICLE), exclude=URL) == OTHER
    assert ledger.find_content(sha(UNRELATED)) is None


def test_find_content_follows_the_current_revision(ledger: Ledger) -> None:
    ledger.record(URL, sha("old"))
    ledger.record(URL, sha("new"))
    assert ledger.find_content(sha("old")) is None
    assert ledger.find_content(sha("new")) == URL


def test_lightly_edited_copy_is_a_near_duplicate(ledger: Ledger) -> None:
    ledger.record(URL, sha(ARTICLE), signature=ledger.signature(ARTICLE))
    ledger.record(OTHER, sha(UNRELATED), signature=ledger.signature(UNRELATED))
    assert ledger.find_near_duplicate(EDITED) == URL
    assert ledger.find_near_duplicate(ledger.signature(EDITED) or b"") == URL
    assert ledger.find_near_duplicate(UNRELATED + " (AP)") == OTHER


def test_unrelated_text_is_not_a_near_duplicate(ledger: Ledger) -> None:
    ledger.record(URL, sha(ARTICLE), signature=ledger.signature(ARTICLE))
    assert ledger.find_near_duplicate(UNRELATED) is None
    assert ledger.find_near_duplicate("") is None


def test_near_duplicate_excludes_the_article_itself(ledger: Ledger) -> None:
    ledger.record(URL, sha(ARTICLE), signature=ledger.signature(ARTICLE))
    assert ledger.find_near_duplicate(EDITED, exclude=URL) is None


def test_new_revision_replaces_the_signature(ledger: Ledger) -> None:
    ledger.record(URL, sha(ARTICLE), signature=ledger.signature(ARTICLE))
    ledger.record(URL, sha(UNRELATED), signature=ledger.signature(UNRELATED))
    assert ledger.find_near_duplicate(ARTICLE) is None
    assert ledger.find_near_duplicate(UNRELATED) == URL


def test_signature_of_wrong_size_is_refused(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="num_perm"):
        ledger.record(URL, sha("a"), signature=b"\x00" * 7)


def test_needs_refetch_lastmod_policy(ledger: Ledger) -> None:
    fetched = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    assert ledger.needs_refetch(URL, None)
    assert ledger.needs_refetch(URL, fetched, "never")
    ledger.record(URL, sha("v1"), fetched_at=fetched)
    assert not ledger.needs_refetch(URL, None)
    assert not ledger.needs_refetch(URL, fetched - timedelta(hours=1))
    assert not ledger.needs_refetch(URL, fetched)
    assert ledger.needs_refetch(URL, fetched + timedelta(minutes=5))
    assert ledger.needs_refetch(URL, datetime(2025, 3, 14, 12, 30))  # naive means UTC


def test_needs_refetch_never_and_days_policies(ledger: Ledger) -> None:
    fetched = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    ledger.record(URL, sha("v1"), fetched_at=fetched)
    later = fetched + timedelta(days=30)
    assert not ledger.needs_refetch(URL, later, "never")
    assert not ledger.needs_refetch(URL, None, "days:2", now=fetched + timedelta(days=1))
    assert ledger.needs_refetch(URL, None, "days:2", now=fetched + timedelta(days=2))
    assert ledger.needs_refetch(URL, None, "days:0.5", now=fetched + timedelta(hours=13))


def test_touch_fetched_resets_the_lastmod_clock(ledger: Ledger) -> None:
    fetched = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    ledger.record(URL, sha("v1"), fetched_at=fetched)
    assert ledger.touch_fetched(URL, fetched_at=fetched + timedelta(hours=2))
    assert not ledger.needs_refetch(URL, fetched + timedelta(hours=1))


@pytest.mark.parametrize("policy", ["sometimes", "days:", "days:-1", "days:x", "days:0"])
def test_bad_policy_is_refused(ledger: Ledger, policy: str) -> None:
    with pytest.raises(ValueError, match="revisit policy"):
        parse_policy(policy)
    with pytest.raises(ValueError):
        ledger.needs_refetch(URL, None, policy)


def test_etag_and_last_modified_are_stored(ledger: Ledger) -> None:
    ledger.record(URL, sha("v1"), etag='W/"abc"', last_modified="Fri, 14 Mar 2025 12:00:00 GMT")
    entry = ledger.get(URL)
    assert entry is not None
    assert (entry.etag, entry.last_modified) == ('W/"abc"', "Fri, 14 Mar 2025 12:00:00 GMT")
    assert ledger.touch_fetched(URL, etag='"def"')
    entry = ledger.get(URL)
    assert (
        entry is not None and entry.etag == '"def"' and entry.last_modified == "Fri, 14 Mar 2025 12:00:00 GMT"
    )
    assert ledger.touch_fetched(URL, last_modified="yesterday-ish")
    entry = ledger.get(URL)
    assert entry is not None and entry.last_modified == "yesterday-ish"
    assert not ledger.touch_fetched(OTHER, etag='"x"')


def test_new_content_replaces_validators(ledger: Ledger) -> None:
    ledger.record(URL, sha("v1"), etag='"one"')
    ledger.record(URL, sha("v2"))
    entry = ledger.get(URL)
    assert entry is not None and entry.etag is None


def test_everything_survives_close_and_reopen(open_test_ledger, ledger_backend: str, tmp_path: Path) -> None:
    fetched = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    with open_test_ledger() as ledger:
        ledger.record(URL, sha("v1"), site="example", fetched_at=fetched, signature=ledger.signature(ARTICLE))
        ledger.record(
            URL,
            sha("v2"),
            etag='"e"',
            last_modified="Fri, 14 Mar 2025 12:00:00 GMT",
            date_modified="2025-03-14",
            fetched_at=fetched,
            signature=ledger.signature(ARTICLE),
        )
        before = ledger.get(URL)
    assert (tmp_path / "state" / "ledger.sqlite3").is_file() == (ledger_backend == "sqlite")
    with open_test_ledger() as ledger:
        assert ledger.get(URL) == before
        assert ledger.seen(URL)
        assert ledger.next_revision(URL, sha("v3")) == 3
        assert ledger.find_content(sha("v2")) == URL
        assert ledger.find_near_duplicate(EDITED) == URL


def test_threshold_change_rebuilds_the_band_index(open_test_ledger) -> None:
    with open_test_ledger(threshold=0.9) as ledger:
        ledger.record(URL, sha(ARTICLE), signature=ledger.signature(ARTICLE))
        assert ledger.find_near_duplicate(ARTICLE) == URL
        assert ledger.find_near_duplicate(EDITED) is None  # estimated 0.85: below 0.9
    with open_test_ledger(threshold=0.5) as ledger:
        assert ledger.find_near_duplicate(EDITED) == URL
        ledger.record(OTHER, sha(UNRELATED), signature=ledger.signature(UNRELATED))
    with open_test_ledger(threshold=0.9) as ledger:  # and back: the index follows the threshold again
        assert ledger.find_near_duplicate(UNRELATED + " (AP)") == OTHER
        assert ledger.find_near_duplicate(EDITED) is None


def test_num_perm_is_fixed_at_creation(open_test_ledger) -> None:
    open_test_ledger(num_perm=128).close()
    with pytest.raises(LedgerConfigError, match="num_perm=128"):
        open_test_ledger(num_perm=64)
    with open_test_ledger(num_perm=128) as ledger:  # the refusal released the lock
        assert ledger.count() == 0


def test_unknown_backend_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown ledger backend 'nosuch'; known: redis, sqlite"):
        open_ledger(tmp_path, backend="nosuch")


def _collide(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every URL hash to the same key in the backend under test."""
    if backend == "sqlite":
        monkeypatch.setattr(sqlite_backend, "url_key", lambda url: 42)
    else:
        from newscrawl.ledger import redis_format

        monkeypatch.setattr(redis_format, "identity_hash", lambda identity: b"\x00" * 8)


def test_hash_collisions_are_harmless(
    open_test_ledger, ledger_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _collide(ledger_backend, monkeypatch)
    with open_test_ledger() as ledger:
        assert ledger.record(URL, sha("a")) == 1
        assert not ledger.seen(OTHER)
        assert ledger.record(OTHER, sha("b")) == 1
        assert ledger.record(URL, sha("c")) == 2
        assert ledger.seen_many([URL, OTHER, "https://x.example/"]) == {URL, OTHER}
        entry = ledger.get(OTHER)
        assert entry is not None and entry.revision == 1


@pytest.mark.parametrize(
    "url",
    ["https://example.com", "https://example.com/", "http://a.b/c?d=1#e", "urn:isbn:123", "/relative/x"],
)
def test_url_split_is_lossless(url: str) -> None:
    prefix, rest = sqlite_backend.split_url(url)
    assert prefix + rest == url


def test_second_open_in_the_same_process_is_refused(tmp_path: Path) -> None:
    with open_ledger(tmp_path), pytest.raises(LedgerLockedError, match=f"pid {os.getpid()}"):
        open_ledger(tmp_path)
    open_ledger(tmp_path).close()


HOLDER = textwrap.dedent(
    """
    import sys
    from newscrawl.ledger import open_ledger
    ledger = open_ledger(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()
    """
)
PROBE = textwrap.dedent(
    """
    import sys
    from newscrawl.ledger import LedgerLockedError, open_ledger
    try:
        open_ledger(sys.argv[1]).close()
    except LedgerLockedError as exc:
        print(exc)
        sys.exit(3)
    """
)


def test_second_process_is_refused_while_the_ledger_is_open(tmp_path: Path) -> None:
    with open_ledger(tmp_path):
        probe = subprocess.run(
            [sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, timeout=60
        )
        assert probe.returncode == 3, probe.stderr
        db = tmp_path / "state" / "ledger.sqlite3"
        assert probe.stdout.strip() == f"another crawl is using {db} (pid {os.getpid()})"
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert probe.returncode == 0, probe.stdout + probe.stderr


def test_lock_held_by_another_process_and_released_when_it_is_killed(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(
            LedgerLockedError, match=rf"another crawl is using .*ledger\.sqlite3 \(pid {holder.pid}\)"
        ):
            open_ledger(tmp_path)
    finally:
        holder.kill()
        holder.wait(timeout=60)
        if holder.stdin is not None:
            holder.stdin.close()
        if holder.stdout is not None:
            holder.stdout.close()
    with open_ledger(tmp_path) as ledger:
        assert ledger.count() == 0


REQUESTED = "https://www.example-news.com/s/123456"


def test_an_article_is_found_by_the_url_it_was_requested_by(ledger: Ledger) -> None:
    ledger.record_many([Ingested(URL, sha("a"), requested_url=REQUESTED)])
    entry = ledger.for_request(REQUESTED)
    assert entry is not None and entry.canonical_url == URL and entry.revision == 1
    assert ledger.get(REQUESTED) is None  # not an article of its own
    assert not ledger.seen(REQUESTED) and ledger.count() == 1
    ledger.record(URL, sha("b"))
    assert ledger.for_request(REQUESTED).revision == 2  # type: ignore[union-attr]


def test_a_requested_url_that_is_another_articles_own_never_changes_that_article(ledger: Ledger) -> None:
    ledger.record(OTHER, sha("other"))
    assert not ledger.remember_request(OTHER, URL)  # URL unknown: nothing to point at
    ledger.record_many([Ingested(URL, sha("a"), requested_url=OTHER)])  # OTHER redirected to URL
    other = ledger.get(OTHER)
    assert other is not None and other.content_sha256 == sha("other") and other.revision == 1
    assert ledger.for_request(OTHER).canonical_url == OTHER  # type: ignore[union-attr]


def test_remember_request_maps_later_and_follows_the_latest_article(ledger: Ledger) -> None:
    ledger.record(URL, sha("a"))
    ledger.record(OTHER, sha("b"))
    assert ledger.remember_request(REQUESTED, URL)
    assert ledger.remember_request(REQUESTED, OTHER)
    assert ledger.for_request(REQUESTED).canonical_url == OTHER  # type: ignore[union-attr]
    assert not ledger.remember_request(URL, URL)


def test_commit_says_what_each_record_did(ledger: Ledger) -> None:
    commits = ledger.commit_many(
        [
            Ingested(URL, sha("a")),
            Ingested(URL.replace("https://www.", "http://"), sha("a")),  # the same article again
            Ingested(OTHER, sha("a")),  # the same content under another URL
            Ingested(URL, sha("b")),
            Ingested(OTHER, sha("c")),
            Ingested(OTHER, sha("b")),  # revised to content URL holds
        ]
    )
    assert [(c.revision, c.status, c.duplicate_of) for c in commits] == [
        (1, "new", None),
        (1, "unchanged", None),
        (1, "new", URL),
        (2, "revised", None),
        (2, "revised", None),
        (3, "revised", URL),
    ]
    assert [c.is_new_article for c in commits] == [True, False, False, False, False, False]
    assert ledger.commit_many([]) == []


def test_a_second_commit_of_one_url_gets_the_first_ones_revision(open_test_ledger) -> None:
    with open_test_ledger() as first:
        assert first.commit_many([Ingested(URL, sha("v2"))])[0].is_new_article
    with open_test_ledger() as second:  # e.g. another worker that fetched the page too
        commit = second.commit_many([Ingested(URL, sha("v2"))])[0]
        assert (commit.revision, commit.status, commit.is_new_article) == (1, "unchanged", False)


def test_for_request_many_answers_as_for_request_does_in_one_batch(ledger: Ledger) -> None:
    ledger.record_many([Ingested(URL, sha("a"), requested_url=REQUESTED)])
    ledger.record(OTHER, sha("b"))
    unknown = [f"https://example-news.com/unknown/{n}" for n in range(1200)]  # past one chunk
    asked = [REQUESTED, *unknown[:700], URL.replace("https://", "http://"), *unknown[700:], OTHER, REQUESTED]
    answers = ledger.for_request_many(asked)
    assert len(answers) == len(asked)
    assert [a.canonical_url if a else None for a in answers] == [
        e.canonical_url if (e := ledger.for_request(url)) else None for url in asked
    ]
    assert answers[0] is not None and answers[0].canonical_url == URL
    assert answers[701] is not None and answers[701].canonical_url == URL  # a variant of URL
    assert answers[-2] is not None and answers[-2].canonical_url == OTHER
    assert sum(a is None for a in answers) == len(unknown)
    assert ledger.for_request_many([]) == []

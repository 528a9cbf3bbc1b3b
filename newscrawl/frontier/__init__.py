"""The shared frontier: N ``scrapy crawl`` workers on one or several machines, one queue in Redis.

``-s NEWSCRAWL_REDIS_URL=redis://host:6379/0`` is the switch; unset, the scheduler and dupefilter
are Scrapy's own. Modules, one job each: :mod:`.keys` (the key layout), :mod:`.scripts` (the Lua
steps), :mod:`.queue` (push/take/renew/ack/release), :mod:`.codec` (requests as JSON),
:mod:`.run` (run id, membership, seeding), :mod:`.acks` (this worker's leases and when they are
acknowledged), :mod:`.dupefilter` and :mod:`.scheduler` (the Scrapy components).
"""

from __future__ import annotations

from newscrawl.frontier.acks import LEASE_META, LeaseBook, lease_book
from newscrawl.frontier.run import shared_run_id

__all__ = ["LEASE_META", "LeaseBook", "lease_book", "shared_run_id"]

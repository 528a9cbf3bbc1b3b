"""Scrapy settings of newscrawl: polite defaults for live news sites.

Every newscrawl setting is documented once, here, with its default.
Override any of them with ``-s NAME=VALUE`` or in your own settings module.
"""

from __future__ import annotations

import os

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
# `scrapy crawl` checks since/until/max_articles before the crawl starts.
COMMANDS_MODULE = "newscrawl.commands"
# Adds one spider per site profile (newscrawl/sites/*.toml and NEWSCRAWL_SITES_DIRS).
SPIDER_LOADER_CLASS = "newscrawl.sites.spiderloader.NewsSpiderLoader"

# --- newscrawl settings -------------------------------------------------------------
# Where records, rejects, run manifests and state go (the NEWSCRAWL_DATA_DIR environment
# variable, as the newscrawl command reads it, else "data").


def default_data_dir() -> str:
    """NEWSCRAWL_DATA_DIR's default, read when called (the newscrawl command's --data-dir too)."""
    return os.environ.get("NEWSCRAWL_DATA_DIR") or "data"


NEWSCRAWL_DATA_DIR = default_data_dir()
# Lets a crawl reach loopback and private addresses (the demo and tests need it).
NEWSCRAWL_ALLOW_PRIVATE_HOSTS = False
# Proxies on private addresses that the crawl may connect to (URLs or host names); the
# proxies of the http_proxy/https_proxy environment variables are trusted too.
NEWSCRAWL_TRUSTED_PROXIES: list[str] = []
# Contact appended to the User-Agent (a URL or e-mail where site owners reach you).
NEWSCRAWL_CONTACT = ""
# Extra directories of site profiles (*.toml), added to the bundled ones.
NEWSCRAWL_SITES_DIRS: list[str] = []
# Worker processes that extract pages while the crawl keeps downloading: "auto" (the
# default) starts one per usable core (os.sched_getaffinity) when there are at least two,
# and extracts in the crawl's own process on a single core; 0 always extracts in the
# crawl's process; N starts N. Workers start at the crawl's first page; see README.
NEWSCRAWL_EXTRACT_WORKERS = "auto"
# Responses the scraper may hold at once (waiting for extraction or being parsed); more wait
# at the end of the download, keeping their download slot. Scrapy's own bound is in bytes
# (SCRAPER_SLOT_MAX_ACTIVE_SIZE), which small pages fill by the thousand. 0: no bound.
NEWSCRAWL_MAX_SCRAPER_RESPONSES = 32
# Seconds one page's extraction may take before the page is rejected ("extraction_timeout");
# 0: no limit.
NEWSCRAWL_EXTRACT_TIMEOUT = 60
# An article whose body has fewer words than this is rejected ("body_too_short").
NEWSCRAWL_MIN_BODY_WORDS = 40
# Run identifier; empty means one is generated (UTC time + random suffix).
NEWSCRAWL_RUN_ID = ""
# Articles per batch: at the end of each batch the output is fsynced and its URLs recorded
# in the ledger (gzip output writes one file per batch).
NEWSCRAWL_BATCH_SIZE = 20
# Write articles as gzip batch files (<run_id>-<n>.jsonl.gz) instead of one .jsonl per run.
NEWSCRAWL_GZIP = False
# The ledger of what was ingested before (under <data dir>/state/); false forgets between runs.
NEWSCRAWL_LEDGER_ENABLED = True
# Ledger backend: "sqlite" (embedded, one machine) or "redis" (shared, on NEWSCRAWL_REDIS_URL);
# empty: "redis" when NEWSCRAWL_REDIS_URL is set (the shared mode), else "sqlite".
NEWSCRAWL_LEDGER_BACKEND = ""
# When an article already ingested is downloaded again: "lastmod" (its sitemap lastmod or
# feed date is newer than the last fetch), "never", or "days:N" (every N days).
NEWSCRAWL_REVISIT_POLICY = "lastmod"
# Estimated Jaccard similarity of word 5-shingles above which a body is a near-duplicate.
NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.8
# Drop near-duplicates instead of writing them with near_duplicate_of set.
NEWSCRAWL_DROP_NEAR_DUPLICATES = False
# Archive every page's request and response (warcio) in <data dir>/warc/<run_id>-<n>.warc.gz,
# fsynced before each batch's ledger commit and at close; `newscrawl reextract` reads them back.
# Default: the NEWSCRAWL_WARC environment variable ("true" turns it on, e.g. for `newscrawl demo`).
NEWSCRAWL_WARC = os.environ.get("NEWSCRAWL_WARC", "").strip().lower() in ("1", "true", "yes", "on")
# Size in bytes after which a new WARC file is started.
NEWSCRAWL_WARC_MAX_SIZE = 1_000_000_000
# Seconds between two progress lines in the log (pages, articles, duplicates, rejects, queue,
# pages/s) while a crawl runs; 0: none.
NEWSCRAWL_PROGRESS_INTERVAL = 30.0
# A run whose share of rejects (among pages fetched and requests that failed) exceeds this
# fraction counts as failed: `scrapy crawl` exits 1 and the manifest says why. 0: off.
NEWSCRAWL_FAIL_REJECT_RATIO = 0.0
# Listing pages (non-article pages whose links are followed: sections, tags...) fetched before
# are read again only when due: at once if their last fetch led to a new article, else after
# NEWSCRAWL_LISTING_REVISIT_MIN seconds, FACTOR times longer after each further fetch that led
# to none, at most MAX seconds. Start URLs and sources are always read. False: always read them.
NEWSCRAWL_LISTING_REVISIT = True
NEWSCRAWL_LISTING_REVISIT_MIN = 3600.0
NEWSCRAWL_LISTING_REVISIT_MAX = 7 * 86400.0
NEWSCRAWL_LISTING_REVISIT_FACTOR = 2.0
# Shared mode: the Redis URL (redis://host:6379/0) of the frontier that N workers share; empty:
# one process, Scrapy's own scheduler and dupefilter (see newscrawl/frontier/).
NEWSCRAWL_REDIS_URL = ""
# Seconds a worker's lease on a request lasts; a live worker renews its leases every third of it,
# a dead worker's leases are taken over by the others once they expire.
NEWSCRAWL_LEASE_SECONDS = 60
# Seconds a worker retries Redis commands (with backoff) while Redis is away before it stops.
NEWSCRAWL_REDIS_RETRY_SECONDS = 60
# Seconds a shared run's keys (seen/failed fingerprints, counters) are kept after it ended.
NEWSCRAWL_RUN_KEYS_TTL = 86400
# This worker's id in a shared run; empty: <host>-<pid>-<random>.
NEWSCRAWL_WORKER_ID = ""
# Shared mode: a request leaves its download slot when it has taken the site's turn in Redis,
# so the requests of all workers to a site are spaced by its download delay as one crawl's
# are, and a Retry-After holds them all (see frontier/pacing.py: DOWNLOADER below).
NEWSCRAWL_SHARED_PACING = True

# The longest pause (seconds) a Retry-After of a 429 or 503 imposes on its domain.
NEWSCRAWL_RETRY_AFTER_MAX = 120.0
# A page whose body was cut short (fewer bytes than its Content-Length) is rejected as
# "truncated"; true keeps it when what arrived looks like a complete page (ends with </html>).
NEWSCRAWL_KEEP_TRUNCATED_PAGES = False
# Seconds between two ticks of the reactor heartbeat, which measures the longest time the event
# loop was blocked (manifest: max_reactor_stall_s) and the peak memory (peak_rss_mb); 0: off.
NEWSCRAWL_HEARTBEAT_INTERVAL = 0.1
# Move what start-up built out of the garbage collector's way (gc.freeze) when the spider opens,
# so that full collections, which stop the reactor, stay short.
NEWSCRAWL_GC_FREEZE = True
# Links of one page that are followed (the rest are counted as skipped/link_cap, and logged).
NEWSCRAWL_MAX_LINKS_PER_PAGE = 5_000
# Article requests one sitemap or feed schedules, newest first (child sitemaps of an index
# likewise); the rest are counted as skipped/entry_cap, and logged. The sitemap protocol allows
# 50,000 URLs per sitemap.
NEWSCRAWL_MAX_ENTRIES_PER_SOURCE = 50_000
# Outputs of one response processed at once. A page yields at most one article, so Scrapy's
# 100 only costs 100 asyncio tasks per response (about 2 ms of CPU a page at crawl speed).
CONCURRENT_ITEMS = 8

# --- politeness -----------------------------------------------------------------------
USER_AGENT = "newscrawl/0.1 (news archiver; +https://github.com/newscrawl/newscrawl)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
DEPTH_LIMIT = 3
DEPTH_PRIORITY = 0
# Breadth-first within a priority: links are fetched in the order pages list them (a
# homepage's order is its editors' order), after the dated entries of sitemaps and feeds.
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
# Scrapy's scheduler and dupefilter, or the shared frontier when NEWSCRAWL_REDIS_URL is set.
SCHEDULER = "newscrawl.frontier.scheduler.RedisScheduler"
# Scrapy's downloader; in the shared mode its slots also wait for their site's turn in Redis.
DOWNLOADER = "newscrawl.frontier.pacing.PacedDownloader"
DUPEFILTER_CLASS = "newscrawl.frontier.dupefilter.RedisDupeFilter"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Optional HTTP cache (useful while developing site profiles).
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 0

# Names are resolved again when connecting; this resolver refuses non-public answers then too
# (DNS rebinding), unless NEWSCRAWL_ALLOW_PRIVATE_HOSTS is set.
TWISTED_DNS_RESOLVER = "newscrawl.middlewares.resolver.PublicOnlyResolver"
DOWNLOADER_MIDDLEWARES = {
    # Downloaded responses wait while the scraper holds NEWSCRAWL_MAX_SCRAPER_RESPONSES.
    "newscrawl.middlewares.backpressure.ScraperBackpressureMiddleware": 10,
    "newscrawl.middlewares.window.SourceWindowMiddleware": 40,
    # Skips pages ingested before, revisits due ones conditionally (off without a ledger).
    "newscrawl.middlewares.revisit.RevisitMiddleware": 45,
    # Skips listing pages read before that are not due again (adaptive; off without a ledger).
    "newscrawl.middlewares.listings.ListingRevisitMiddleware": 46,
    "newscrawl.middlewares.address_guard.AddressGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "newscrawl.middlewares.useragent.ContactUserAgentMiddleware": 500,
    "newscrawl.warc.capture.WarcCaptureMiddleware": 580,  # after redirects and decompression
    # Retry-After of a 429/503 pauses the domain (before RetryMiddleware, 550, sees the answer).
    "newscrawl.middlewares.retryafter.RetryAfterMiddleware": 555,
    # Downloads cut at DOWNLOAD_MAXSIZE while streaming become response_too_large (not retried).
    "newscrawl.middlewares.downloads.DownloadLimitsMiddleware": 560,
    # Redirect loops and chains past REDIRECT_MAX_TIMES become rejects (RedirectMiddleware: 600).
    "newscrawl.middlewares.redirects.RedirectGuardMiddleware": 610,
    # Meta refresh redirects read from the head of a page, not its whole decoded text.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.middlewares.redirects.HeadMetaRefreshMiddleware": 579,
}
SPIDER_MIDDLEWARES = {
    # URLs over URLLENGTH_LIMIT become rejects (url_too_long), not only a stat.
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "newscrawl.middlewares.urllength.RejectingUrlLengthMiddleware": 800,
    # Looks up the pages a callback yields in the ledger in batches, before they are scheduled.
    "newscrawl.middlewares.revisit.RevisitLookupMiddleware": 45,
}
ITEM_PIPELINES = {
    "newscrawl.pipelines.validate.ValidatePipeline": 100,
    "newscrawl.pipelines.dedupe.DedupePipeline": 200,
    "newscrawl.pipelines.store.JsonLinesStorePipeline": 900,
}
EXTENSIONS = {
    # Run identity, ledger and staged aliases shared by the crawl's components (first: the
    # others find it).
    "newscrawl.extensions.crawlstate.CrawlState": 0,
    # Writes and counts rejects (rejects/<run_id>.jsonl).
    "newscrawl.extensions.rejects.RejectRecorder": 100,
    # Closes the spider once max_articles articles are written.
    "newscrawl.extensions.limits.ArticleLimit": 100,
    # The outcome of every requested URL (the manifest's "requests" equation); before the manifest.
    "newscrawl.extensions.accounting.RequestAccounting": 400,
    # Longest reactor stall and peak memory, for the manifest (closes before it).
    "newscrawl.extensions.heartbeat.ReactorHeartbeat": 490,
    "newscrawl.extensions.manifest.RunManifest": 500,
    "newscrawl.extensions.progress.CrawlProgress": 510,
    "newscrawl.extensions.exitstatus.ExitStatus": 520,
    # A robots.txt that cannot be fetched is one warning line, not a traceback.
    "newscrawl.extensions.logformatter.QuietRobotsFetchErrors": 530,
}

LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawl.extensions.logformatter.NewsLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"

# Large pages (more tags or characters than these; 0: no limit) are extracted in a one-off
# worker process that exits after the page, in any NEWSCRAWL_EXTRACT_WORKERS mode: the reactor
# keeps serving downloads meanwhile and the page's memory goes back to the system
# (newscrawl.extraction.largepages). News articles have a few thousand tags.
NEWSCRAWL_EXTRACT_LARGE_PAGE_TAGS = 30_000
NEWSCRAWL_EXTRACT_LARGE_PAGE_CHARS = 3_000_000

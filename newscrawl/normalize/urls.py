"""URL identity: canonical article URLs, registered domains and domain matching.

``canonicalize_url`` gives the ``canonical_url`` of schema v1, the key the ledger
dedupes on. It keeps the host as the page gives it (lower-cased): ``www.example.com``
and ``example.com`` stay different here, and the ledger decides whether to treat
them as one site. Nothing in this module touches the network.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url as w3lib_canonicalize_url

__all__ = ["canonicalize_url", "host_matches", "is_http_url", "registered_domain", "strip_tracking"]

# Query parameters that identify a campaign, a click or a share, never the article.
TRACKING_PARAMS = frozenset(
    {
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "amp",
        "cmp",
        "cmpid",
        "dclid",
        "fbclid",
        "gbraid",
        "gclid",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "msclkid",
        "ocid",
        "ref",
        "ref_src",
        "ref_url",
        "smid",
        "wbraid",
        "xtor",
        "yclid",
    }
)
TRACKING_PREFIXES = ("utm_", "ns_", "at_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_HTML_RE = re.compile(r"\.amp\.html?$", re.IGNORECASE)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    """The public-suffix extractor, built on first use from the bundled snapshot (no network, no cache)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def _host(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    if any(c.isspace() for c in host):
        return ""
    return host.rstrip(".").lower()


def registered_domain(url: str) -> str:
    """The registrable domain of ``url`` ("news.bbc.co.uk" → "bbc.co.uk"); the bare host for
    IP addresses and single-label hosts such as "localhost"; "" when there is no host.

    Private suffixes count ("alice.github.io" stays "alice.github.io").
    """
    host = _host(url if "//" in url else "//" + url.strip())
    if not host:
        return ""
    parts = _extractor()(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return host


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host (what a crawl can start from).

    >>> [is_http_url(u) for u in ("https://example.com/a", "HTTP://example.com", "example.com", "ftp://x/y", "http://")]
    [True, True, False, False, False]
    >>> [is_http_url(u) for u in ("http://example.com:8080/", "http://example.com:abc/", "http://exa mple.com/")]
    [True, False, False]
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number in range
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme.lower() in ("http", "https") and bool(host) and not any(c.isspace() for c in host)


def host_matches(url: str, domains: Iterable[str]) -> bool:
    """True when the host of ``url`` is one of ``domains`` or a subdomain of one.

    ``domains`` may be bare hosts ("example.com") or URLs; ports are ignored.
    """
    host = _host(url)
    if not host:
        return False
    for domain in domains:
        wanted = _domain_host(domain)
        if wanted and (host == wanted or host.endswith("." + wanted)):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _domain_host(domain: str) -> str:
    """The host a domain of :func:`host_matches` names (profiles' domains, read once each)."""
    return _host(domain if "//" in domain else "//" + domain.strip().lstrip("."))


def _is_tracking_pair(pair: str) -> bool:
    """Whether one raw ``name=value`` query item is a tracking parameter (decoded only to compare)."""
    name, _, value = pair.partition("=")
    key = unquote_plus(name).strip().lower()
    value = unquote_plus(value)
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return True
    return key == "outputtype" and value.lower() == "amp"


def _clean_path(path: str) -> str:
    path = _AMP_HTML_RE.sub(".html", path)
    segments = path.split("/")
    # An AMP variant is the page with "amp" as its first or last path segment ("/amp/x", "/x/amp").
    inner = [i for i, s in enumerate(segments) if s]
    if inner and segments[inner[-1]].lower() == "amp":
        del segments[inner[-1]]
    elif len(inner) > 1 and segments[inner[0]].lower() == "amp":
        del segments[inner[0]]
    path = "/".join(segments)
    if not path.startswith("/"):
        path = "/" + path
    while len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path


_TEMPLATE_MARKERS = ("{{", "}}", "{%", "%}", "${", "<%")


def _resolve_hint(url: str, hint: str | None) -> str:
    """The hint (absolute) when it is a plausible canonical URL of the same site, else ``url``."""
    if not hint or not hint.strip():
        return url
    if any(marker in hint for marker in _TEMPLATE_MARKERS):  # an unrendered template: "{{BASE}}/"
        return url
    try:
        candidate = urljoin(url, hint.strip())
        parts = urlsplit(candidate)
    except ValueError:
        return url
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return url
    if registered_domain(candidate) != registered_domain(url):
        return url
    # A canonical pointing at the homepage from an article page is a template bug.
    if parts.path in ("", "/") and urlsplit(url).path not in ("", "/"):
        return url
    return candidate


@functools.lru_cache(maxsize=1024)  # a record canonicalizes its URL three times
def canonicalize_url(url: str, canonical_hint: str | None = None) -> str:
    """The normalized identity of an article URL.

    Uses ``canonical_hint`` (rel=canonical / og:url, may be relative) only when it is on
    the same registered domain as ``url`` and is not just the homepage. Then: scheme and
    host lower-cased (host otherwise kept, "www." included), default port, fragment and
    tracking parameters removed, AMP variants folded into the normal page, trailing slash
    removed (except for the root), remaining query parameters sorted. Non-HTTP(S) or
    malformed input comes back stripped, never raises.
    """
    url = url.strip()
    target = _resolve_hint(url, canonical_hint)
    try:
        parts = urlsplit(target)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return url
        host = parts.hostname.rstrip(".").lower()
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        port = parts.port
    except ValueError:
        return url
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    # user:password@ is dropped: credentials never belong in a dataset.
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking_pair(p))
    rebuilt = urlunsplit((scheme, netloc, _clean_path(parts.path), query, ""))
    return w3lib_canonicalize_url(rebuilt)


def strip_tracking(url: str) -> str:
    """``url`` without tracking parameters and fragment, otherwise as given (used before fetching).

    >>> strip_tracking("https://n.example/a?utm_source=x&id=3#top")
    'https://n.example/a?id=3'
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking_pair(p))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))

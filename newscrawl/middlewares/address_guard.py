"""Refuse requests to loopback, private and other non-public addresses.

A news crawl follows links and redirects chosen by the sites it visits; without
this guard a hostile page could point the crawler at services on the crawling
machine or its network. ``NEWSCRAWL_ALLOW_PRIVATE_HOSTS = True`` switches it off
(the demo site and the tests run on 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

logger = logging.getLogger(__name__)


class PrivateAddressRefused(IgnoreRequest):
    """The request's host resolves to an address a public crawl must not reach."""


class UnresolvableHost(IgnoreRequest):
    """The request's host does not resolve (refused: another resolver might say otherwise)."""


def is_public_address(address: str) -> bool:
    """True when ``address`` (an IP literal) is a global, routable address.

    >>> is_public_address("93.184.216.34"), is_public_address("127.0.0.1"), is_public_address("10.1.2.3")
    (True, False, False)
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64, IPv4-compatible), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


@lru_cache(maxsize=4096)
def resolve_host(host: str) -> tuple[str, ...]:
    """All addresses ``host`` resolves to (empty when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    return tuple(sorted({str(info[4][0]) for info in infos}))


class AddressGuardMiddleware:
    """Downloader middleware: drop requests whose host is not a public address."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        if crawler.settings.getbool("NEWSCRAWL_ALLOW_PRIVATE_HOSTS"):
            raise NotConfigured  # NEWSCRAWL_ALLOW_PRIVATE_HOSTS is set
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = (urlsplit(request.url).hostname or "").strip("[]")
        if not host:
            return None
        try:
            addresses: tuple[str, ...] = (str(ipaddress.ip_address(host)),)
        except ValueError:
            addresses = await maybe_deferred_to_future(deferToThread(resolve_host, host))
        if not addresses:
            if self.stats is not None:
                self.stats.inc_value("newscrawl/refused/unresolvable_host")
            raise UnresolvableHost(f"host {host} does not resolve")
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            if self.stats is not None:
                self.stats.inc_value("newscrawl/refused/private_address")
            logger.warning("Refused %s: %s resolves to non-public %s", request.url, host, refused[0])
            raise PrivateAddressRefused(f"host {host} resolves to non-public address {refused[0]}")
        return None

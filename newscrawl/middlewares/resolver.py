"""A DNS resolver for Scrapy's reactor that never hands out non-public addresses.

The address-guard middleware checks a request's host before it is downloaded, but the
download resolves the name again to connect: a hostile DNS server can answer the first
lookup with a public address and the second with 127.0.0.1 ("DNS rebinding"). This
resolver, installed as ``TWISTED_DNS_RESOLVER``, applies the same rule at connect time, so
the address actually connected to is checked. It resolves IPv4 and IPv6 (Scrapy's
``CachingHostnameResolver`` underneath). Off when ``NEWSCRAWL_ALLOW_PRIVATE_HOSTS`` is set.

Proxies are connected to like any host, so a proxy on a private address (a local or
corporate proxy) must be trusted: the hosts of the ``http_proxy``/``https_proxy``
environment variables are, and so are those listed in ``NEWSCRAWL_TRUSTED_PROXIES``. A
proxy resolves the sites' names itself and must do its own address filtering.

The check covers Scrapy's default HTTP(S) download handler, which connects through the
reactor; download handlers that resolve names themselves are not covered.
"""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from scrapy.resolver import CachingHostnameResolver
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from newscrawl.middlewares.address_guard import is_public_address

logger = logging.getLogger(__name__)

# Names refused in this process, with the address that got them refused. Twisted reports any
# failed lookup to the downloader as "no results", so errbacks ask here to tell a refusal
# from a name that does not resolve.
_REFUSED: dict[str, str] = {}


def refused_address(host: str | None) -> str | None:
    """The non-public address ``host`` last resolved to when the resolver refused it, else None."""
    return _REFUSED.get(host) if host else None


def proxy_hosts(proxies: Iterable[str]) -> set[str]:
    """The host names of proxy URLs (or bare ``host[:port]`` values)."""
    hosts = set()
    for proxy in proxies:
        proxy = proxy.strip()
        if not proxy:
            continue
        host = urlsplit(proxy if "://" in proxy else f"//{proxy}").hostname
        if host:
            hosts.add(host)
    return hosts


@implementer(IResolutionReceiver)
class _PublicOnlyReceiver:
    """Passes a resolution on only when every address it found is public."""

    def __init__(self, receiver: Any, name: str) -> None:  # an IResolutionReceiver
        self.receiver = receiver
        self.name = name
        self.addresses: list[IAddress] = []

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        self.addresses.append(address)

    def resolutionComplete(self) -> None:
        hosts = [str(getattr(address, "host", "")) for address in self.addresses]
        refused = next((host for host in hosts if not is_public_address(host)), None)
        if refused is None:
            _REFUSED.pop(self.name, None)
            for address in self.addresses:
                self.receiver.addressResolved(address)
        else:
            _REFUSED[self.name] = refused
            logger.warning("Refused to connect to %s: it resolves to non-public %s", self.name, refused)
        self.receiver.resolutionComplete()


class PublicOnlyResolver(CachingHostnameResolver):
    """Scrapy's caching IPv4/IPv6 resolver, refusing names that resolve to non-public addresses."""

    allow_private = False
    trusted: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PublicOnlyResolver:
        resolver = super().from_crawler(crawler, reactor)
        settings = crawler.settings
        resolver.allow_private = settings.getbool("NEWSCRAWL_ALLOW_PRIVATE_HOSTS")
        configured = settings.getlist("NEWSCRAWL_TRUSTED_PROXIES")
        resolver.trusted = frozenset(proxy_hosts([*urllib.request.getproxies().values(), *configured]))
        return resolver

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        receiver: Any = resolutionReceiver
        if not self.allow_private and hostName not in self.trusted:
            receiver = _PublicOnlyReceiver(resolutionReceiver, hostName)
        return super().resolveHostName(receiver, hostName, portNumber, addressTypes, transportSemantics)

"""A DNS resolver for Scrapy's reactor that never hands out non-public addresses.

The address-guard middleware checks a request's host before it is downloaded, but the
download resolves the name again to connect: a hostile DNS server can answer the first
lookup with a public address and the second with 127.0.0.1 ("DNS rebinding"). This
resolver, installed as ``TWISTED_DNS_RESOLVER``, applies the same rule at connect time, so
the address actually connected to is checked. Off when ``NEWSCRAWL_ALLOW_PRIVATE_HOSTS`` is set.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from newscrawl.middlewares.address_guard import is_public_address

logger = logging.getLogger(__name__)


class NonPublicAddressResolved(DNSLookupError):
    """A host name resolved, at connect time, to a loopback, private or reserved address."""


# Names refused in this process. Twisted reports any failed lookup to the downloader as
# "no results", so errbacks ask here to tell a refusal from a name that does not resolve.
_REFUSED: dict[str, str] = {}


def refused_address(host: str | None) -> str | None:
    """The non-public address ``host`` resolved to when the resolver refused it, else None."""
    return _REFUSED.get(host) if host else None


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to non-public addresses."""

    allow_private = False

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PublicOnlyResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("NEWSCRAWL_ALLOW_PRIVATE_HOSTS")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        resolved = super().getHostByName(name, timeout)
        if self.allow_private:
            return resolved
        return resolved.addCallback(self._refuse_non_public, name)

    @staticmethod
    def _refuse_non_public(address: str, name: str) -> str:
        if is_public_address(address):
            return address
        logger.warning("Refused to connect to %s: it resolves to non-public %s", name, address)
        _REFUSED[name] = address
        raise NonPublicAddressResolved(f"{name} resolves to non-public address {address}")

"""Which addresses the crawler may contact: http(s) URLs, never a private-range address.

Checked as httpx parses a URL, so what is checked is what would be connected to. A literal
address is judged as it stands (with the resolver's own readings of "10.1" or "0xa.0.0.1"), or
as the IPv4 address an IPv6 one carries (::ffff:a.b.c.d, NAT64, 6to4); a multicast address is
always refused. A host name is looked up once, before a crawl, and refused when it resolves
into the local network (or to multicast), and looked up again, and judged again, for every
connection made (scraper/dialer.py). No connection is made here: scraper/http.py opens them,
through scraper/dialer.py, after these checks.
"""

from __future__ import annotations

import ipaddress
import socket

import httpx

from scraper.errors import RefusedURL


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host names by itself, without DNS; None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    # The resolver (inet_aton) also reads "10.1", "167772161" and "0xa.0.0.1" as 10.0.0.1.
    if host and set(host) <= set("0123456789abcdefx."):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            pass
    return None


# An address in NAT64's well-known prefix (RFC 6052) or in 6to4's (RFC 3056) is an IPv4 address
# a translator or relay on the way connects to: that IPv4 address is the one judged.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Never a public host, though Python 3.11 calls them global: NAT64's local-use prefix (RFC 8215;
# the local network chooses where the IPv4 address sits in it) and the deprecated IPv4-compatible
# ::a.b.c.d (RFC 4291).
_RESERVED = (ipaddress.IPv6Network("64:ff9b:1::/48"), ipaddress.IPv6Network("::/96"))


def _tunnelled(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a NAT64 or 6to4 address carries, or None."""
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def _refused_address(host: str) -> str | None:
    """Why an IP-literal host must never be contacted, or None when it may be."""
    ip = _ip_literal(host)
    if ip is None:
        return None  # a name is allowed only if it is the site's own host (checked by the caller)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:  # ::ffff:a.b.c.d: the socket connects to a.b.c.d itself
            ip = ip.ipv4_mapped
        elif inner := _tunnelled(ip):
            # Reached through someone else's relay, so a loopback inside is theirs, not ours.
            if inner.is_global and not inner.is_multicast:
                return None
            return f"private or reserved address {inner} inside {ip}"
        # Teredo (2001::/32) needs no unwrapping: ipaddress never calls it global.
    if ip.is_multicast:  # a group, never one site (and ipaddress calls 224.0.0.0/4 global)
        return f"multicast address {ip}"
    if ip.is_loopback or (ip.is_global and not any(ip in net for net in _RESERVED)):
        return None
    return f"private or reserved address {ip}"


def checked_url(url: str) -> httpx.URL:
    """The URL as httpx will request it; RefusedURL when it is not a usable http(s) URL."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise RefusedURL(url, f"not a valid URL: {error}") from error
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise RefusedURL(url, "only http:// and https:// URLs with a host are fetched")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise RefusedURL(url, f"port {parsed.port} is out of range")
    reason = _refused_address(parsed.host)
    if reason:
        raise RefusedURL(url, reason)
    return parsed


def check_site(site: str) -> None:
    """Refuse a --site that is not http(s) or that names a private-range address."""
    checked_url(site)


def check_site_resolves(site: str) -> None:
    """Refuse a site whose host name resolves to a private-range address (a name pointing into
    the local network), before a crawl starts: a first clear refusal. Every connection is held
    to the same rules again as it is made (scraper/dialer.py): DNS may answer otherwise later."""
    host = checked_url(site).host
    if _ip_literal(host) is not None:
        return
    try:
        answers = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return  # unresolvable: the first request fails and says so, nothing is contacted
    try:
        allowed_addresses(host, [str(address[0]) for *_, address in answers])
    except RefusedURL as error:
        raise RefusedURL(site, error.why) from None


def allowed_addresses(host: str, addresses: list[str]) -> list[str]:
    """The addresses a host name resolved to (or a literal host itself), once each may be
    contacted; RefusedURL naming the first that may not. One forbidden answer refuses the name:
    which of its answers a connection would get is the resolver's choice, not ours."""
    plain = [address.split("%", 1)[0] for address in addresses]  # an IPv6 zone is no address
    for address in plain:
        reason = _refused_address(address)
        if reason:
            literal = _ip_literal(host) is not None
            raise RefusedURL(host, reason if literal else f"{host} resolves to a {reason}")
    return plain

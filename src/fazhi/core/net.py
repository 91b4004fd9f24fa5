"""The client's network address, the one rule every throttle and audit record uses."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _trusted_proxies() -> list:
    """Networks whose X-Forwarded-For we believe (FAZHI_TRUSTED_PROXIES, read per call)."""
    networks = []
    for item in getattr(settings, "FAZHI_TRUSTED_PROXIES", []) or []:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """Return the address of the client that sent `request`.

    REMOTE_ADDR, unless it is one of FAZHI_TRUSTED_PROXIES: then walk X-Forwarded-For
    from the right (the part our own proxies appended) and take the first address that
    is not a trusted proxy. Anything a client wrote to the left of that is ignored, so a
    client cannot choose its own address by sending the header itself.
    """
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    networks = _trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return remote or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            # A hop that is not an address cannot be trusted further: stop at the proxy.
            return remote
        if not _is_trusted(hop, networks):
            return hop
    # Every hop is one of our proxies: the leftmost is the closest we know of.
    return hops[0] if hops else remote

"""Where a webhook may be sent (server-side request forgery).

An admin types a URL and Accord's workers post to it from inside the organisation's network,
so a URL is a way to reach what the network hides: the cloud's metadata service
(169.254.169.254), the database, Redis, an internal admin page. The rules:

- **http or https only**, with a host name; no user name or password in the URL, no other
  scheme (`file:`, `gopher:`, `ftp:` …). Checked when the endpoint is saved and again at
  each attempt.
- **Public addresses only.** At each attempt the host name is resolved and *every* address it
  resolves to must be public (`ipaddress.is_global`): not loopback, private (10/8, 172.16/12,
  192.168/16, fc00::/7), link-local (the metadata service), shared (100.64/10), multicast or
  reserved. Otherwise the attempt is refused and the delivery fails at once, saying why.
- **The connection goes to the address that was checked** (`webhooks.sending`): the request
  is made to that IP with the host name kept for the `Host` header, TLS's SNI and the
  certificate check, so a name that resolves to a public address when checked and to a
  private one a moment later (DNS rebinding) cannot redirect the request.
- **No redirects are followed**: a 3xx is an answer like any other non-2xx (a failed attempt).
- `ACCORD_WEBHOOKS_ALLOWED_NETWORKS` (comma-separated networks, e.g. `10.20.0.0/16`) lets an
  organisation send to a service of its own inside its network, and the tests to a receiver
  on 127.0.0.1. Empty by default: nothing private is reachable.

A literal private address or `localhost` is refused already when the endpoint is saved (a
clear message next to the field); a name is only resolved when sending, so saving a form
never waits for DNS.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class Refused(Exception):
    """This URL must not be sent to; the message says why (shown to the admin)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as typed (IDNA-encoded), for the Host header, SNI and the certificate
    port: int
    path: str  # path and query, what the request line asks for

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def allowed_networks() -> list:
    return [
        ipaddress.ip_network(n.strip(), strict=False)
        for n in settings.ACCORD_WEBHOOKS_ALLOWED_NETWORKS
        if n.strip()
    ]


def is_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_global or any(ip in network for network in allowed_networks())


def parse(url: str) -> Target:
    """The URL's parts, or Refused with what is wrong (the form shows it)."""
    if len(url) > 500 or any(c.isspace() or ord(c) < 32 for c in url):
        raise Refused("Enter the address as one line, at most 500 characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("This is not a web address.") from None
    if parts.scheme not in ("http", "https"):
        raise Refused("Only http:// and https:// addresses can receive webhooks.")
    if parts.username is not None or parts.password is not None:
        raise Refused("Leave the user name and password out of the address.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise Refused("The address needs a host name, e.g. https://hooks.example.com/accord.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise Refused("The host name is not valid.") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)


def check_typed(url: str) -> Target:
    """At save time: the URL's form, and no literal private address or localhost."""
    target = parse(url)
    if target.host == "localhost" or target.host.endswith(".localhost"):
        _refuse_unless_allowed(["127.0.0.1"], target.host)
    try:
        ipaddress.ip_address(target.host)
    except ValueError:
        return target
    _refuse_unless_allowed([target.host], target.host)
    return target


def resolve(target: Target) -> str:
    """At send time: the address to connect to, every address of the name checked."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ConnectionError(f"Could not resolve {target.host}: {error}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise ConnectionError(f"{target.host} has no address.")
    _refuse_unless_allowed(addresses, target.host)
    return addresses[0]


def _refuse_unless_allowed(addresses, host) -> None:
    for address in addresses:
        if not is_allowed(address):
            raise Refused(
                f"{host} is {address}, an address inside a private network: webhooks go to "
                "public addresses only (ACCORD_WEBHOOKS_ALLOWED_NETWORKS lets one in)."
            )

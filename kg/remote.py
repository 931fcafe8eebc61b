"""Talking to a remote SPARQL server safely: which URLs we accept, whose credentials we send,
and how a network failure reads to the user (one line, no password, no traceback).

Shared by the `sparql` store (queries through SPARQLWrapper) and `kg push` (Graph Store
Protocol and SPARQL Update).
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from kg.errors import KgError

USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
DEFAULT_TIMEOUT = 60.0  # seconds; every request to a remote server has one


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)  # never in a repr, a log line or an error message

    def __str__(self) -> str:
        return f"user {self.user}"


@dataclass(frozen=True)
class Connection:
    """How to reach a remote server: who we are, how long we wait, whether plain HTTP may leave this machine."""

    credentials: Credentials | None = None
    timeout: float = DEFAULT_TIMEOUT
    insecure: bool = False


def credentials_from(user: str | None = None, password_env: str | None = None) -> Credentials | None:
    """The user from --user or $KG_ENDPOINT_USER, the password from the environment variable
    --password-env names (default $KG_ENDPOINT_PASSWORD): a password never goes on a command line,
    where `ps` and the shell history would show it."""
    user = user or os.environ.get(USER_ENV) or None
    variable = password_env or PASSWORD_ENV
    password = os.environ.get(variable)
    if user is None:
        if password_env:
            raise KgError(f"a password in ${variable} needs a user: pass --user or set ${USER_ENV}", "--password-env")
        return None
    if not password:
        raise KgError(f"no password for user {user}: set the environment variable {variable}",
                      "--password-env" if password_env else "--user")
    return Credentials(user, password)


LOOPBACK_HOST_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
# the numeric forms inet_aton (and so the system and browsers) read as IPv4: 127.1, 0x7f.1, 2130706433
_SHORT_IPV4 = re.compile(r"[0-9a-fA-FxX.]+")


def is_loopback(host: str) -> bool:
    """True for a name or address of the loopback interface, however it is written (127.0.0.2,
    127.1, ::1, [::1], ::ffff:127.0.0.1, ip6-localhost): kg serve protects a loopback server
    from DNS rebinding, and plain HTTP is allowed only there."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_HOST_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return _SHORT_IPV4.fullmatch(name) is not None and _inet_aton_first_byte(name) == 127
    mapped = getattr(address, "ipv4_mapped", None)  # Python 3.11 does not count ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def _inet_aton_first_byte(name: str) -> int | None:
    import socket

    try:
        return socket.inet_aton(name)[0]
    except OSError:
        return None


def check_endpoint_url(url: str, *, insecure: bool = False) -> str:
    """The URL if we may talk to it: http(s) only, no credentials inside it, and plain HTTP
    only to this machine unless the user insists (--insecure)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"not an http(s) URL: {url!r}", "--endpoint")
    if parts.username or parts.password:
        raise KgError("credentials inside the URL would be shown and logged; use --user and "
                      f"${PASSWORD_ENV} instead", "--endpoint")
    if parts.scheme == "http" and not insecure and not is_loopback(parts.hostname):
        raise KgError(f"plain HTTP to {parts.hostname} would send the query, the data and any password "
                      "unencrypted; use https, or pass --insecure if you mean it", "--endpoint")
    return url


def whole_seconds(timeout: float) -> int:
    """urllib-based clients (SPARQLWrapper) take whole seconds, and treat 0 as "no timeout"."""
    if not timeout or timeout <= 0 or math.isinf(timeout):
        raise KgError("a timeout must be a positive number of seconds", "--timeout")
    return max(1, math.ceil(timeout))


@dataclass(frozen=True)
class Challenge:
    """What a server asked for when it answered 401."""

    scheme: str  # "basic" or "digest"
    realm: str | None


def parse_challenge(header: str | None) -> Challenge | None:
    import re

    if not header:
        return None
    scheme = header.split(None, 1)[0].lower()
    realm = re.search(r'realm="([^"]*)"', header)
    return Challenge(scheme, realm.group(1) if realm else None)


def supported_challenge(header: str | None, asker: str) -> Challenge:
    """The challenge in a 401's WWW-Authenticate `header`, if kg can answer it; else KgError saying
    what the `asker` ("server", "endpoint") wants."""
    challenge = parse_challenge(header)
    if challenge is None or challenge.scheme not in ("basic", "digest"):
        scheme = challenge.scheme if challenge else "an unnamed"
        raise KgError(f"the {asker} asks for {scheme} authentication; kg answers Basic and Digest", "--user")
    return challenge


class ChallengeAuth(httpx.Auth):
    """httpx authentication that answers the server's challenge with Basic or Digest, whichever it
    asks for. Nothing is sent before the server asks; after that, every request carries the
    answer (Digest reusing the server's nonce), so a large upload is not sent twice, nor cut off
    by a server that closes the connection on a 401."""

    def __init__(self, credentials: Credentials):
        self._credentials = credentials
        self._answer = None  # httpx.BasicAuth or httpx.DigestAuth, once the server has asked

    def learn(self, request, response) -> None:
        """Take the challenge of a 401 `response` to `request` (a probe without a body)."""
        challenge = supported_challenge(response.headers.get("www-authenticate"), "server")
        user, password = self._credentials.user, self._credentials.password
        if challenge.scheme == "basic":
            self._answer = httpx.BasicAuth(user, password)
        else:
            digest = httpx.DigestAuth(user, password)
            flow = digest.auth_flow(request)
            next(flow)
            flow.send(response)  # DigestAuth keeps the challenge and reuses it for later requests
            flow.close()
            self._answer = digest

    def auth_flow(self, request):
        if self._answer is None:
            response = yield request
            if response.status_code != 401:
                return
            self.learn(request, response)
        yield from self._answer.auth_flow(request)


def http_client(connection: Connection) -> httpx.Client:
    """An httpx client with the connection's timeout on every request."""
    return httpx.Client(timeout=connection.timeout, follow_redirects=False)


def probe_challenge(client: httpx.Client, url: str) -> tuple[httpx.Request, httpx.Response] | None:
    """GET `url` without credentials: the request and the server's 401 answer, if it asks for any."""
    request = client.build_request("GET", url)
    response = client.send(request, stream=True)  # the body (a form page, a graph) is not needed
    response.close()
    return (request, response) if response.status_code == 401 else None


def authenticated(client: httpx.Client, url: str, credentials: Credentials | None) -> ChallengeAuth | None:
    """The httpx auth to use for `url`: none without credentials; else one that already knows the
    server's challenge when a GET of `url` asks for one, or learns it from the first 401."""
    if credentials is None:
        return None
    auth = ChallengeAuth(credentials)
    probed = probe_challenge(client, url)
    if probed is not None:
        auth.learn(*probed)
    return auth


def network_error(error: BaseException, url: str, timeout: float | None = None,
                  credentials: Credentials | None = None) -> KgError:
    """A failed request as one line the user can act on."""
    host = urlsplit(url).netloc
    if isinstance(error, httpx.HTTPStatusError):
        response = error.response
        hint = first_line(response.text[:2000]) if response.text.strip() else ""
        if response.status_code == 401 and credentials is None:
            hint = f"the server asks for a password: pass --user NAME and put the password in ${PASSWORD_ENV}"
        elif response.status_code == 401:
            hint = hint or f"the server did not accept the password of {credentials}"
        return KgError(f"{url} answered {response.status_code} {response.reason_phrase}"
                       f"{': ' + hint if hint else ''}", "--endpoint")
    if isinstance(error, httpx.TimeoutException):
        return KgError(f"{host} gave no answer within {timeout:g} s (--timeout)", "--endpoint")
    if isinstance(error, httpx.ConnectError):
        reason = str(error) or "connection refused"
        if "refused" in reason.lower():
            return KgError(f"cannot connect to {host}: connection refused (is the server running?)", "--endpoint")
        return KgError(f"cannot connect to {host}: {first_line(reason)}", "--endpoint")
    return KgError(f"the request to {host} failed: {first_line(str(error)) or type(error).__name__}", "--endpoint")


def first_line(text: str, limit: int = 300) -> str:
    """The first non-empty line of a server's message, cut to a readable length."""
    for line in text.splitlines():
        if line.strip():
            line = " ".join(line.split())
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""

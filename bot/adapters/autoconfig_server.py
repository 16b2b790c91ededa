"""``mailbot serve-autoconfig``: autoconfig documents and Apple profiles over HTTP(S).

An organisation points ``autoconfig.its-domain`` at this server and Thunderbird, K-9 and
other clients set themselves up; iPhones and Macs get a profile from a link. Paths:

    GET /mail/config-v1.1.xml?emailaddress=ADDRESS                  clientConfig v1.1
    GET /.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=  the same
    GET /apple/mail.mobileconfig?emailaddress=ADDRESS               Apple profile

The domain is the address's, else the Host header's (without ``autoconfig.``). Nothing a
request sends is written back into a response except a checked address inside a profile
(an attachment, not a page); errors are fixed short texts; there are no redirects. Each
client address has a request allowance, request lines and headers are capped, bodies are
refused, and the access log never holds the query (it names people).

Behind a reverse proxy every request comes from the proxy's address, so all clients would share
one allowance: ``behind_proxy`` (``--behind-proxy``) takes the client's address from the
proxy's X-Real-IP or X-Forwarded-For header (tornado's ``xheaders``). Only behind a proxy you
run that sets those headers: anyone reaching the server directly could name any address.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass, field
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.web import Application, HTTPError, RequestHandler

from bot.exports import ExportRefused, clean_address
from bot.exports.apple_profile import CONTENT_TYPE as PROFILE_TYPE
from bot.exports.autoconfig_xml import CONTENT_TYPE as XML_TYPE
from bot.exports.domain_settings import DomainSettings, clean_domain
from bot.probing.limits import RateLimit, SlidingWindowLimiter

log = logging.getLogger(__name__)

CLIENT_CONFIG_PATHS = ("/mail/config-v1.1.xml", "/.well-known/autoconfig/mail/config-v1.1.xml")
PROFILE_PATH = "/apple/mail.mobileconfig"
SUBDOMAIN = "autoconfig."
ERRORS = {400: "bad request", 404: "not found", 405: "method not allowed",
          409: "no file for this provider", 413: "request too large", 414: "URI too long",
          429: "too many requests"}


@dataclass(frozen=True)
class ServerLimits:
    max_uri: int = 1024  # the longest address is 254 characters
    max_header_bytes: int = 64 * 1024  # beyond: tornado closes the connection
    per_client: RateLimit = field(default_factory=lambda: RateLimit(60, 60.0))
    idle_timeout: float = 30.0
    public_max_age: int = 3600


class _Handler(RequestHandler):
    SUPPORTED_METHODS = ("GET",)

    def initialize(self, domains: DomainSettings, limits: ServerLimits,
                   limiter: SlidingWindowLimiter) -> None:
        self.domains = domains
        self.limits = limits
        self.limiter = limiter
        self.retry_after = 0  # seconds, when the client's allowance is spent

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", "default-src 'none'")
        self.set_header("Content-Type", "text/plain; charset=utf-8")

    def prepare(self) -> None:
        if not self.limiter.allow(self.request.remote_ip):
            self.retry_after = round(self.limiter.retry_after(self.request.remote_ip)) + 1
            raise HTTPError(429)
        if len(self.request.uri or "") > self.limits.max_uri:
            raise HTTPError(414)
        if self.request.body or self.request.headers.get("Content-Length", "0") != "0":
            raise HTTPError(413)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.clear_header("Cache-Control")
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        if status_code == 429:
            self.set_header("Retry-After", str(self.retry_after))
        self.finish(ERRORS.get(status_code, "error") + "\n")

    def asked(self) -> tuple[str, str | None]:
        """(domain, address) of this request; HTTPError 400 when either is no good."""
        try:
            address = clean_address(self.get_query_argument("emailaddress", None))
        except ValueError as exc:
            raise HTTPError(400) from exc
        host = self.request.host_name
        text = address.rpartition("@")[2] if address else host.removeprefix(SUBDOMAIN)
        domain = clean_domain(text)
        if domain is None:
            raise HTTPError(400)
        return domain, address


class ClientConfigHandler(_Handler):
    def get(self) -> None:
        domain, _ = self.asked()
        try:
            document = self.domains.autoconfig_for(domain)
        except ExportRefused as exc:
            raise HTTPError(409) from exc
        if document is None:
            raise HTTPError(404)
        self.set_header("Content-Type", XML_TYPE)
        self.set_header("Cache-Control", f"public, max-age={self.limits.public_max_age}")
        self.finish(document)


class AppleProfileHandler(_Handler):
    def get(self) -> None:
        domain, address = self.asked()
        try:
            found = self.domains.profile_for(domain, address)
        except ExportRefused as exc:
            raise HTTPError(409) from exc
        if found is None:
            raise HTTPError(404)
        name, profile = found
        self.set_header("Content-Type", PROFILE_TYPE)
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        # A profile with an address in it is that person's: no shared cache keeps it.
        self.set_header("Cache-Control", "private, no-store" if address else
                        f"public, max-age={self.limits.public_max_age}")
        self.finish(profile)


class NotFoundHandler(_Handler):
    def get(self) -> None:
        raise HTTPError(404)


def _log_request(handler: RequestHandler) -> None:
    """Status and which of our paths only: the query holds a person's address, and any
    other path or method is a stranger's text (log lines are no place for it)."""
    request = handler.request
    path = request.path if request.path in (*CLIENT_CONFIG_PATHS, PROFILE_PATH) else "(other)"
    method = request.method if request.method in ("GET", "HEAD", "POST") else "(other)"
    log.info("%d %s %s %.1fms", handler.get_status(), method, path,
             1000.0 * request.request_time())


def build_application(domains: DomainSettings, limits: ServerLimits | None = None
                      ) -> Application:
    limits = limits or ServerLimits()
    shared = {"domains": domains, "limits": limits,
              "limiter": SlidingWindowLimiter(limits.per_client)}
    routes: list[Any] = [(path, ClientConfigHandler, shared) for path in CLIENT_CONFIG_PATHS]
    routes.append((PROFILE_PATH, AppleProfileHandler, shared))
    return Application(routes, default_handler_class=NotFoundHandler,
                       default_handler_args=shared, log_function=_log_request,
                       compress_response=False)


def build_server(domains: DomainSettings, tls: ssl.SSLContext | None = None,
                 limits: ServerLimits | None = None, *, behind_proxy: bool = False
                 ) -> HTTPServer:
    """An HTTPServer not yet listening (``server.listen(port, address)``); ``behind_proxy``:
    the client's address is the trusted proxy's X-Real-IP / X-Forwarded-For."""
    limits = limits or ServerLimits()
    return HTTPServer(build_application(domains, limits), ssl_options=tls, xheaders=behind_proxy,
                      max_header_size=limits.max_header_bytes, max_body_size=0,
                      idle_connection_timeout=limits.idle_timeout,
                      body_timeout=limits.idle_timeout, decompress_request=False)

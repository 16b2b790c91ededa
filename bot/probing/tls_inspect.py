"""TLS contexts for probing, and a description of the connection and certificate.

A probe verifies first. A verified certificate is described from what the stdlib returns
for it. When verification fails the probe connects again without verifying, only to
describe the certificate (subject, issuer, expiry), which the DER parser of the
``cryptography`` package reads: the stdlib gives no details of a certificate it did not
verify (and importing ``cryptography`` costs ~35 ms, so a probe of a sound server skips it).
Nothing is ever sent over an unverified connection but protocol commands.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.probing.errors import certificate_error
from bot.probing.results import TlsInfo

# The stdlib's names of the attributes RFC 4514 gives short names to (cryptography's too).
_RFC4514_NAMES = {"commonName": "CN", "localityName": "L", "stateOrProvinceName": "ST",
                  "organizationName": "O", "organizationalUnitName": "OU", "countryName": "C",
                  "streetAddress": "STREET", "domainComponent": "DC", "userId": "UID"}


def verifying_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """The system's trusted CAs (plus ``ca_file``). Where the system keeps them as a hashed
    directory too (Debian, Ubuntu, Alpine), only that is used: OpenSSL then reads the one CA
    a handshake needs instead of parsing the whole ~200 KB bundle (~20 ms) at start-up."""
    capath = _hashed_ca_directory()
    context = (ssl.create_default_context(capath=capath) if capath is not None
               else ssl.create_default_context())
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    return context


def _hashed_ca_directory() -> str | None:
    """The default CA directory when it holds OpenSSL's hash links (``<hash>.0``)."""
    capath = ssl.get_default_verify_paths().capath
    if capath is None:
        return None
    try:
        with os.scandir(capath) as entries:
            if any(_is_hash_link(entry.name) for entry in entries):
                return capath
    except OSError:
        return None
    return None


def _is_hash_link(name: str) -> bool:
    stem, _, number = name.partition(".")
    return len(stem) == 8 and number.isdigit() and all(c in "0123456789abcdef" for c in stem)


def describing_context() -> ssl.SSLContext:
    """No verification at all: only for describing a certificate that failed verification."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():  # TLS 1.0 is deprecated; describing it is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
    context.set_ciphers("ALL:@SECLEVEL=0")
    return context


def describe(ssl_object: ssl.SSLObject | ssl.SSLSocket | None, host: str, *,
             verified: bool, verify_error: str | None = None,
             now: dt.datetime | None = None) -> TlsInfo:
    if ssl_object is None:
        return TlsInfo(cert_valid=False if verify_error else None, cert_error=verify_error)
    cipher = ssl_object.cipher()
    when = now or dt.datetime.now(dt.UTC)
    details = _verified_details(ssl_object.getpeercert(), when) if verified else None
    if details is None:
        der = ssl_object.getpeercert(binary_form=True)
        details = _certificate_details(der, host, when) if der else {}
    hostname_match = details.pop("hostname_match", None)
    if verified:
        hostname_match = True
    return TlsInfo(
        version=ssl_object.version(),
        cipher=cipher[0] if cipher else None,
        cert_valid=verified,
        cert_error=verify_error,
        hostname_match=hostname_match,  # type: ignore[arg-type]
        **details,  # type: ignore[arg-type]
    )


def _verified_details(peer: Mapping[str, Any] | None,
                      now: dt.datetime) -> dict[str, object] | None:
    """What ``_certificate_details`` reads, from the stdlib's view of a verified certificate;
    None when it holds an attribute RFC 4514 has no short name for (cryptography decides)."""
    if not peer or "notAfter" not in peer:
        return None
    subject, issuer = _rfc4514(peer.get("subject")), _rfc4514(peer.get("issuer"))
    if subject is None or issuer is None:
        return None
    seconds = ssl.cert_time_to_seconds(str(peer["notAfter"]))
    not_after = dt.datetime.fromtimestamp(seconds, dt.UTC)
    san = peer.get("subjectAltName") or ()
    names = [str(value) for kind, value in san if kind == "DNS"]
    return {"subject": subject, "issuer": issuer, "not_after": not_after.isoformat(),
            "days_left": (not_after - now).days, "self_signed": subject == issuer,
            "names": tuple(names[:20])}


def _rfc4514(name: object) -> str | None:
    """A distinguished name as RFC 4514 writes it (last RDN first), as cryptography does."""
    if not isinstance(name, tuple):
        return None
    rdns = []
    for rdn in reversed(name):
        parts = []
        for kind, value in rdn:
            short = _RFC4514_NAMES.get(kind)
            if short is None:
                return None
            parts.append(f"{short}={_escape(str(value))}")
        rdns.append("+".join(parts))
    return ",".join(rdns)


def _escape(value: str) -> str:
    """RFC 4514 section 2.4, as cryptography escapes."""
    if not value:
        return ""
    value = value.replace("\\", "\\\\")
    for char in ('"', "+", ",", ";", "<", ">"):
        value = value.replace(char, "\\" + char)
    value = value.replace("\0", "\\00")
    if value[0] == "#" or (value[0] == " " and len(value) > 1):
        value = "\\" + value
    if value.endswith(" "):
        value = value[:-1] + "\\ "
    return value


def _certificate_details(der: bytes, host: str, now: dt.datetime) -> dict[str, object]:
    from cryptography import x509  # the probe path only: keeps `mailbot ask` start-up light

    cert = x509.load_der_x509_certificate(der)
    not_after = cert.not_valid_after_utc
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "not_after": not_after.isoformat(),
        "days_left": (not_after - now).days,
        "self_signed": cert.subject == cert.issuer,
        "hostname_match": _names_match(cert, host),
        "names": tuple(_dns_names(cert)),
    }


def _dns_names(cert: object) -> list[str]:
    from cryptography import x509

    assert isinstance(cert, x509.Certificate)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [str(name) for name in san.get_values_for_type(x509.DNSName)][:20]


def _names_match(cert: object, host: str) -> bool:
    """RFC 6125 matching of ``host`` against the certificate's subjectAltName."""
    from cryptography import x509

    assert isinstance(cert, x509.Certificate)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        return address in san.get_values_for_type(x509.IPAddress)
    wanted = host.lower().rstrip(".")
    for name in san.get_values_for_type(x509.DNSName):
        pattern = name.lower().rstrip(".")
        if pattern == wanted:
            return True
        # A wildcard covers exactly one left-most label.
        if pattern.startswith("*.") and "." in wanted and wanted.split(".", 1)[1] == pattern[2:]:
            return True
    return False


def verify_message(exc: BaseException) -> str:
    """The reason of a failed verification as OpenSSL words it ("certificate has expired")."""
    error = certificate_error(exc)
    if error is None:
        return str(exc)
    return str(error.verify_message or error.reason or error)

"""TLS contexts for probing, and a description of the connection and certificate.

A probe verifies first. When verification fails it connects again without verifying, only
to describe the certificate (subject, issuer, expiry), which the DER parser of the
``cryptography`` package reads: the stdlib gives no details of a certificate it did not
verify. Nothing is ever sent over an unverified connection but protocol commands.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import warnings
from pathlib import Path

from bot.probing.errors import certificate_error
from bot.probing.results import TlsInfo


def verifying_context(ca_file: Path | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    return context


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
    der = ssl_object.getpeercert(binary_form=True)
    details = _certificate_details(der, host, now or dt.datetime.now(dt.UTC)) if der else {}
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

"""A verified certificate is described from the stdlib's view of it, exactly as the
``cryptography`` parser describes it (the JSON's subject, issuer, expiry and names must not
depend on which path read them); a name RFC 4514 has no short form for goes to cryptography."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.probing.tls_inspect import _certificate_details, _verified_details, verifying_context

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
KEY = ec.generate_private_key(ec.SECP256R1())


def certificate(subject: list[x509.NameAttribute], names: list[str],
                issuer: list[x509.NameAttribute] | None = None) -> x509.Certificate:
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name(subject))
               .issuer_name(x509.Name(issuer or subject))
               .public_key(KEY.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
               .not_valid_after(dt.datetime(2027, 3, 4, 5, 6, 7, tzinfo=dt.UTC)))
    if names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
    return builder.sign(KEY, hashes.SHA256())


def stdlib_view(cert: x509.Certificate, folder: Path) -> dict[str, object]:
    """What ``getpeercert()`` returns for it after a verified handshake."""
    path = folder / "cert.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return ssl._ssl._test_decode_cert(str(path))  # type: ignore[attr-defined,no-any-return]


A = x509.NameAttribute
SUBJECTS = {
    "plain": [A(NameOID.COMMON_NAME, "mail.example.com")],
    "full": [A(NameOID.COUNTRY_NAME, "CN"), A(NameOID.STATE_OR_PROVINCE_NAME, "Guangdong"),
             A(NameOID.LOCALITY_NAME, "Shenzhen"),
             A(NameOID.ORGANIZATION_NAME, "Tencent Technology (Shenzhen) Company Limited"),
             A(NameOID.ORGANIZATIONAL_UNIT_NAME, "R&D"), A(NameOID.COMMON_NAME, "*.qq.com")],
    "escapes": [A(NameOID.ORGANIZATION_NAME, 'Acme, Inc. + "Sons"; <x> \\ end '),
                A(NameOID.COMMON_NAME, "#hash"), A(NameOID.ORGANIZATIONAL_UNIT_NAME, " lead")],
    "unicode": [A(NameOID.ORGANIZATION_NAME, "网易公司"), A(NameOID.COMMON_NAME, "邮件.example")],
    "components": [A(NameOID.DOMAIN_COMPONENT, "com"), A(NameOID.DOMAIN_COMPONENT, "example"),
                   A(NameOID.USER_ID, "u1"), A(NameOID.STREET_ADDRESS, "1 Main St"),
                   A(NameOID.COMMON_NAME, "x")],
}


@pytest.mark.parametrize("kind", SUBJECTS)
def test_both_paths_describe_a_certificate_alike(kind: str, tmp_path: Path) -> None:
    issuer = [A(NameOID.ORGANIZATION_NAME, "Let's Encrypt"), A(NameOID.COMMON_NAME, "R11")]
    for cert in (certificate(SUBJECTS[kind], ["mail.example.com", "*.example.com"]),
                 certificate(SUBJECTS[kind], [f"n{i}.example.com" for i in range(30)], issuer),
                 certificate(SUBJECTS[kind], [])):
        parsed = _certificate_details(cert.public_bytes(serialization.Encoding.DER),
                                      "mail.example.com", NOW)
        parsed.pop("hostname_match")  # a verified certificate matched, by definition
        assert _verified_details(stdlib_view(cert, tmp_path), NOW) == parsed


def test_a_name_without_a_short_form_goes_to_the_der_parser(tmp_path: Path) -> None:
    cert = certificate([A(NameOID.EMAIL_ADDRESS, "ops@example.com"),
                        A(NameOID.COMMON_NAME, "mail.example.com")], ["mail.example.com"])
    assert _verified_details(stdlib_view(cert, tmp_path), NOW) is None


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl(1) for the hash")
async def test_a_hashed_ca_directory_is_trusted_without_the_bundle(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's CAs as a hashed directory only (no bundle file): a server whose CA is in
    it verifies, one whose CA is not fails."""
    authority, stranger = trustme.CA(), trustme.CA()
    store = tmp_path / "certs"
    store.mkdir()
    pem = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(pem))
    digest = subprocess.run(["openssl", "x509", "-noout", "-hash", "-in", str(pem)],
                            capture_output=True, text=True, check=True).stdout.strip()
    (store / f"{digest}.0").write_bytes(pem.read_bytes())
    monkeypatch.setenv("SSL_CERT_DIR", str(store))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-bundle.pem"))
    context = verifying_context()
    for issuer, verifies in ((authority, True), (stranger, False)):
        server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        issuer.issue_cert("mail.test").configure_cert(server)
        listener = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0,
                                              ssl=server)
        port = listener.sockets[0].getsockname()[1]
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context,
                                                      server_hostname="mail.test")
            writer.close()
            verified = True
        except ssl.SSLCertVerificationError:
            verified = False
        finally:
            listener.close()
        assert verified is verifies

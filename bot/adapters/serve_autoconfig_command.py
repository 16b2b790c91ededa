"""``mailbot serve-autoconfig``: load the knowledge, then serve it until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import ssl
from typing import TextIO

from bot.adapters.autoconfig_server import CLIENT_CONFIG_PATHS, PROFILE_PATH, build_server
from bot.exports.domain_settings import DomainSettings
from bot.knowledge_base import KnowledgeBase, KnowledgeError, load_knowledge
from bot.services import Services

EXIT_OK = 0
EXIT_FAILED = 1


def run_serve_autoconfig(args: argparse.Namespace, services: Services, err: TextIO) -> int:
    if (args.tls_cert is None) != (args.tls_key is None):
        err.write("Give both --tls-cert and --tls-key, or neither (plain HTTP behind a "
                  "TLS proxy).\n")
        return EXIT_FAILED
    knowledge: list[KnowledgeBase] = []
    try:
        if args.knowledge_extra is not None:
            # An organisation's own files: a mistake in them must stop the start, not hide.
            knowledge.append(load_knowledge(args.knowledge_extra, strict=True))
        knowledge.append(load_knowledge(services.settings.knowledge_dir, strict=False))
    except KnowledgeError as exc:
        err.write(f"The knowledge folder has problems:\n{exc}\n")
        return EXIT_FAILED
    tls = None
    if args.tls_cert is not None:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            tls.load_cert_chain(args.tls_cert, args.tls_key)
        except (OSError, ssl.SSLError) as exc:
            err.write(f"Cannot use the certificate and key: {exc}\n")
            return EXIT_FAILED
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    server = build_server(DomainSettings(knowledge), tls, behind_proxy=args.behind_proxy)
    scheme = "https" if tls else "http"
    err.write(f"Serving {', '.join((*CLIENT_CONFIG_PATHS, PROFILE_PATH))} on "
              f"{scheme}://{args.listen}:{args.port}/"
              f"{' behind a proxy (X-Real-IP / X-Forwarded-For)' if args.behind_proxy else ''}"
              " (Ctrl-C stops)\n")
    err.flush()

    async def serve() -> None:
        try:
            server.listen(args.port, args.listen)
        except OSError as exc:
            err.write(f"Cannot listen on {args.listen}:{args.port}: {exc.strerror or exc}\n")
            raise SystemExit(EXIT_FAILED) from exc
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
    return EXIT_OK

"""A pickle of what start-up builds, kept until the knowledge files or the code change.

Parsing 480 YAML files takes about a second and building the engine's indexes about 30 ms;
both are the same on every start until a knowledge file or a module changes. The key of a
cached object is a digest of the knowledge root, every knowledge file's size and mtime, and
the size and mtime of the modules whose classes it pickles, so a changed file or a new
version of mailbot never reads an old pickle. A cache that cannot be read or written is
ignored: it only saves time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from bot.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
CACHE_FORMAT = "2"  # bump when the way keys are made changes


def cache_file(kind: str, root: Path, folders: Iterable[str], files: Iterable[str],
               modules: Iterable[Path]) -> Path | None:
    """Where ``kind`` built from the knowledge under ``root`` by ``modules`` is cached."""
    settings = Settings.from_environment()
    if settings.cache_off or settings.cache_dir is None:
        return None
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{kind}\0{root}".encode())
    try:
        for module in sorted(modules):
            info = module.stat()
            digest.update(f"{module}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        for name in files:
            if (root / name).is_file():
                info = (root / name).stat()
                digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        for folder in folders:
            if not (root / folder).is_dir():
                digest.update(f"{folder} absent\0".encode())
                continue
            for entry in sorted(os.scandir(root / folder), key=lambda e: e.name):
                if entry.name.endswith(".yaml"):
                    info = entry.stat()
                    digest.update(f"{folder}/{entry.name}\0{info.st_size}\0"
                                  f"{info.st_mtime_ns}\0".encode())
    except OSError:
        return None
    return settings.cache_dir / f"{kind}-{digest.hexdigest()[:32]}.pickle"


def read_cached(path: Path | None, kind: type[T]) -> T | None:
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            cached = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError, IndexError):
        return None
    return cached if isinstance(cached, kind) else None


def write_cached(path: Path | None, value: object) -> None:
    if path is None:
        return
    import tempfile  # only when something is written

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        # a read-only home must not stop the bot
        log.debug("start-up cache not written: %s", exc)

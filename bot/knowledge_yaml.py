"""Read one knowledge file: parse the YAML, check its shape, and point at file and line.

Files are parsed with libyaml's fast loader. Only when a file has a problem is it parsed a
second time into nodes, so the error can name the line of the offending key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

    from bot import knowledge_schema as schema


@dataclass(frozen=True, slots=True)
class KnowledgeProblem:
    file: Path
    key_path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.key_path}: {self.message}"



def checked_document(
    path: Path, spec: schema.Spec, problems: list[KnowledgeProblem]
) -> dict[str, Any] | None:
    import yaml  # only on a cache miss: importing it costs ~13 ms of start-up

    from bot import knowledge_schema as schema  # its patterns too: ~5 ms

    # libyaml's loader is ~10x faster; PyYAML without libyaml falls back to pure Python.
    fast_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = path.read_text(encoding="utf-8")
        doc = yaml.load(text, Loader=fast_loader)
    except UnicodeDecodeError as exc:
        problems.append(KnowledgeProblem(path, "(file)", f"not UTF-8 text: {exc.reason}"))
        return None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        problems.append(KnowledgeProblem(path, "(syntax)", f"YAML error: {exc.problem}", line))
        return None
    except yaml.YAMLError as exc:
        problems.append(KnowledgeProblem(path, "(syntax)", f"YAML error: {exc}"))
        return None
    found = spec.check(doc, ())
    if isinstance(doc, dict) and doc.get("id") is not None and doc.get("id") != path.stem:
        found.append(schema.Problem(("id",), f"must equal the file name {path.stem!r}"))
    if not found:
        return doc  # type: ignore[no-any-return]
    problems.extend(_locate(path, text, found))
    return None


def _locate(path: Path, text: str, found: Iterable[schema.Problem]) -> list[KnowledgeProblem]:
    """Turn key-path problems into file:line problems by walking the YAML node tree."""
    import yaml

    from bot import knowledge_schema as schema

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        root = None
    return [
        KnowledgeProblem(path, schema.format_path(p.path), p.message, _line_of(root, p.path))
        for p in found
    ]


def _line_of(node: yaml.Node | None, key_path: schema.KeyPath) -> int | None:
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for part in key_path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((v for k, v in node.value if k.value == part), None)
            key = next((k for k, v in node.value if k.value == part), None)
            if match is None:
                return line
            line = (key.start_mark.line if key is not None else match.start_mark.line) + 1
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line

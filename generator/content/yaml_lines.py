"""YAML reading that remembers where each key stands, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when present: about ten times faster), but dates stay
    text, so that the schema checks them and a bad date names its own line."""

    yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass(frozen=True)
class YamlDoc:
    data: Any
    # Dotted key path ("links.0.url") -> 1-based line in the file.
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, *keys: str | int) -> int:
        """Line of the deepest known key on the path, else the document's first line."""
        parts = [str(k) for k in keys]
        while parts:
            line = self.lines.get(".".join(parts))
            if line is not None:
                return line
            parts.pop()
        return self.first_line


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


def parse_yaml(text: str, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document whose text starts at `first_line` of its file.

    Raises YamlProblem with a file line for syntax errors, duplicate keys and
    tags the safe loader refuses.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[str, int] = {}
        if node is not None:
            _collect_lines(node, "", first_line, lines)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        raise YamlProblem(line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"invalid YAML: {exc}") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's constructors raise these for values such as the date 2026-13-01.
        raise YamlProblem(first_line, f"invalid YAML value: {exc}") from None
    finally:
        loader.dispose()
    return YamlDoc(data, lines, first_line)


def _collect_lines(node: yaml.Node, prefix: str, first_line: int, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = first_line + key_node.start_mark.line
            if key in seen:
                raise YamlProblem(line, f"key '{key}' appears twice (first on line {seen[key]})")
            seen[key] = line
            path = f"{prefix}{key}"
            lines[path] = line
            _collect_lines(value_node, path + ".", first_line, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}{index}"
            lines[path] = first_line + item.start_mark.line
            _collect_lines(item, path + ".", first_line, lines)

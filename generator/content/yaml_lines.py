"""YAML reading that remembers where each key stands, so errors can name a line."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.store import Codec

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Content YAML is a page of keys, not data: these bounds leave room for any real file and
# keep a hostile one from exhausting memory or the stack (PyYAML builds nested values by
# recursion; libyaml's composer can overflow the C stack).
MAX_CHARS = 100_000
MAX_DEPTH = 20
_NODES = {yaml.ScalarEvent: yaml.ScalarNode, yaml.SequenceStartEvent: yaml.SequenceNode,
          yaml.MappingStartEvent: yaml.MappingNode}


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

    Raises YamlProblem with a file line for syntax errors, duplicate keys, tags
    the safe loader refuses, aliases, and text longer than MAX_CHARS or nested
    deeper than MAX_DEPTH.
    """
    if len(text) > MAX_CHARS:
        raise YamlProblem(first_line, f"YAML too large: more than {MAX_CHARS:,} characters")
    loader = None
    try:
        loader = _Loader(text)
        node = _compose(loader, first_line)
        lines: dict[str, int] = {}
        if node is not None:
            _collect_lines(node, "", first_line, lines)
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:
        # Not marked with a line; the character it names is the first of its kind.
        line = first_line + text.count("\n", 0, max(text.find(chr(exc.character)), 0))
        raise YamlProblem(line, f"invalid YAML: {exc.reason} (U+{exc.character:04X})") from None
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
        if loader is not None:
            loader.dispose()
    return YamlDoc(data, lines, first_line)


def _compose(loader: _Loader, first_line: int) -> yaml.Node | None:
    """The document's node tree, as `loader.get_single_node()` makes it, but built without
    recursion, refusing aliases (an alias bomb expands exponentially) and bounding depth."""
    loader.get_event()  # the stream's start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # the document's start
    open_nodes: list[yaml.CollectionNode] = []
    root = None
    get_event = loader.get_event
    while True:
        event = get_event()
        kind = _NODES.get(type(event))
        if kind is yaml.ScalarNode:
            node: yaml.Node = yaml.ScalarNode(
                _tag(loader, kind, event, event.value), event.value,
                event.start_mark, event.end_mark, style=event.style)
        elif kind is not None:  # a sequence or mapping starts
            if len(open_nodes) >= MAX_DEPTH:
                raise YamlProblem(first_line + event.start_mark.line,
                                  f"YAML nested too deeply: more than {MAX_DEPTH} levels")
            open_nodes.append(kind(_tag(loader, kind, event, None), [], event.start_mark, None,
                                   flow_style=event.flow_style))
            continue
        elif isinstance(event, yaml.AliasEvent):
            raise YamlProblem(first_line + event.start_mark.line,
                              f"invalid YAML: aliases (*{event.anchor}) are not allowed; "
                              "write the value out")
        elif isinstance(event, yaml.DocumentEndEvent):
            break
        else:  # the end of the innermost open sequence or mapping
            node = open_nodes.pop()
            node.end_mark = event.end_mark
            if isinstance(node, yaml.MappingNode):
                items = node.value
                node.value = list(zip(items[::2], items[1::2], strict=True))
        if open_nodes:
            open_nodes[-1].value.append(node)
        else:
            root = node
    if not loader.check_event(yaml.StreamEndEvent):
        line = first_line + loader.peek_event().start_mark.line
        raise YamlProblem(line, "invalid YAML: expected a single document, found another")
    return root


def _tag(loader: _Loader, kind: type[yaml.Node], event: yaml.NodeEvent, value: str | None) -> str:
    """The node's tag, resolved as PyYAML's composer resolves it."""
    if event.tag is not None and event.tag != "!":
        return event.tag
    return loader.resolve(kind, value, event.implicit)


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


def parse_front_matter(text: str, first_line: int = 1) -> YamlDoc | YamlProblem:
    """parse_yaml, with its problem returned rather than raised, so the store can keep it."""
    try:
        return parse_yaml(text, first_line)
    except YamlProblem as problem:
        return problem


def _encode(found: YamlDoc | YamlProblem) -> bytes:
    if isinstance(found, YamlProblem):
        return json.dumps(["problem", found.line, found.message], ensure_ascii=False).encode()
    plain = ["doc", found.data, found.lines, found.first_line]
    data = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    if json.loads(data) != plain:  # a key that is not text, a NaN: not JSON's to keep
        raise ValueError("not plain JSON data")
    return data.encode()


def _decode(data: bytes) -> YamlDoc | YamlProblem:
    kind, *rest = json.loads(data)
    if kind == "problem":
        line, message = rest
        return YamlProblem(int(line), str(message))
    value, lines, first_line = rest
    if kind != "doc" or not isinstance(lines, dict):
        raise ValueError("not a stored YAML document")
    return YamlDoc(value, {str(k): int(v) for k, v in lines.items()}, int(first_line))


# How the store keeps a parsed front matter: plain JSON.
YAML_CODEC = Codec(_encode, _decode)

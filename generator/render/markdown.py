"""Markdown to HTML: CommonMark + tables, heading ids, and `::: region <slot>` containers.

A text is parsed once into blocks (plain runs and slots) with its headings and
links; rendering then rewrites the links and turns each block into HTML, so
that national text is rendered once and shared by every region's site.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from generator.content.model import Source
from generator.content.schema import NAME_RE
from generator.diagnostics import Diagnostic, error
from generator.render.images import Picture

SLOT_CONTAINER = "region"
_SLOT_OPEN = f"container_{SLOT_CONTAINER}_open"
_SLOT_CLOSE = f"container_{SLOT_CONTAINER}_close"
_SLOT_LINE = re.compile(r"^ {0,3}:{3,}\s*region\b")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
# `![](kurva.png){.decorative}`: an image that only decorates, which readers of the alt
# text skip. The theme's README documents it.
DECORATIVE = "decorative"
# The first image among this many top-level blocks of an article's text is near the top
# of the page: fetched at once, not lazily (render/images.py).
FIRST_SCREEN_BLOCKS = 2


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Chunk:
    html: str
    headings: tuple[Heading, ...] = ()

    def __repr__(self) -> str:
        # Page keys are digests of repr() (render/theme.py); the HTML's own digest, made
        # once, keeps them small however many pages and sites show the chunk.
        return f"Chunk(sha256:{self.html_digest}, {self.headings!r})"

    @cached_property
    def html_digest(self) -> str:
        return hashlib.sha256(self.html.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Slot:
    name: str
    line: int
    default: Chunk


@dataclass(frozen=True)
class Rendered:
    """A rendered text: plain chunks and slots, in reading order."""

    parts: tuple[Chunk | Slot, ...]

    @property
    def headings(self) -> tuple[Heading, ...]:
        found: list[Heading] = []
        for part in self.parts:
            found.extend(part.default.headings if isinstance(part, Slot) else part.headings)
        return tuple(found)


@dataclass(frozen=True)
class LinkRef:
    """A link or image in the source, with the token to rewrite when rendering."""

    href: str
    line: int
    attr: str  # "href" or "src"
    token: Token


@dataclass(frozen=True)
class _Block:
    slot: str | None
    line: int
    tokens: list[Token]
    headings: tuple[Heading, ...]


@dataclass(frozen=True)
class Parsed:
    source: Source
    trusted: bool
    blocks: tuple[_Block, ...]
    links: tuple[LinkRef, ...]

    @property
    def heading_ids(self) -> frozenset[str]:
        return frozenset(h.id for b in self.blocks for h in b.headings)

    @property
    def slot_names(self) -> frozenset[str]:
        return frozenset(b.slot for b in self.blocks if b.slot is not None)


@dataclass(frozen=True)
class Parsers:
    """The two Markdown parsers of a build: national text may carry raw HTML, regional may not."""

    trusted: MarkdownIt
    untrusted: MarkdownIt


def make_parsers() -> Parsers:
    trusted = MarkdownIt("commonmark", {"html": True}).enable("table")
    trusted.use(container_plugin, SLOT_CONTAINER)
    untrusted = MarkdownIt("commonmark", {"html": False}).enable("table")
    for md in (trusted, untrusted):
        # Attributes only after an image, where `{.decorative}` is the one allowed
        # (parse_text says so of any other): a link or code keeps a "{" as text.
        md.use(attrs_plugin, after=("image",))
        md.add_render_rule("image", _render_image)
    return Parsers(trusted, untrusted)


def _render_image(self: RendererHTML, tokens: list[Token], idx: int, options: Any,
                  env: Any) -> str:
    """An image the link resolver found a picture for (render/images.py), else as usual."""
    token = tokens[idx]
    found = token.meta.get("picture")
    if found is None:
        return RendererHTML.image(self, tokens, idx, options, env)
    return found.html(self.renderInlineAsText(token.children or [], options, env))


def heading_id(text: str) -> str:
    """A stable anchor from a Swedish heading: "Vad kostar det?" -> "vad-kostar-det"."""
    folded = unicodedata.normalize("NFKD", text.lower())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "rubrik"


def parse_text(
    source: Source, parsers: Parsers, trusted: bool, reserved_ids: frozenset[str] = frozenset()
) -> tuple[Parsed, list[Diagnostic]]:
    """Parse one text into blocks; heading ids avoid `reserved_ids`, those of the page around it."""
    md = parsers.trusted if trusted else parsers.untrusted
    problems: list[Diagnostic] = []
    if not trusted:
        problems.extend(_slot_declarations_in_regional_text(source))
    tokens = md.parse(source.body)
    used = set(reserved_ids)
    blocks: list[_Block] = []
    links: list[LinkRef] = []
    current: list[Token] = []
    slot: str | None = None
    slot_line = source.body_line
    declared: dict[str, int] = {}
    top_blocks = 0  # top-level blocks outside slots, so far
    first_screen = True  # no image yet among the first top-level blocks
    for token in tokens:
        line = source.body_line + token.map[0] if token.map else slot_line
        if token.level == 0 and token.nesting >= 0 and slot is None:
            top_blocks += 1
        if token.type == _SLOT_OPEN and token.level > 0:
            problems.append(error(source.shown, line, "a slot must stand at the top level of "
                                  "the text, not inside a list, quote or another slot"))
        elif token.type == _SLOT_OPEN:
            blocks.append(_finish_block(None, slot_line, current, used))
            name, problem = _slot_name(token.info)
            if problem:
                problems.append(error(source.shown, line, problem))
            elif name in declared:
                problems.append(error(source.shown, line, f"slot '{name}' is declared twice "
                                      f"(first on line {declared[name]})"))
            else:
                declared[name] = line
            slot, slot_line, current = name, line, []
            continue
        elif token.type == _SLOT_CLOSE and token.level == 0:
            blocks.append(_finish_block(slot, slot_line, current, used))
            slot, slot_line, current = None, line, []
            continue
        if token.type == "inline":
            found = _link_refs(token, line)
            for ref in found:
                if ref.attr != "src":
                    continue
                problems.extend(_image_problems(source, ref))
                if first_screen and slot is None and top_blocks <= FIRST_SCREEN_BLOCKS:
                    ref.token.meta["first_screen"] = True
                first_screen = False
            links.extend(found)
        current.append(token)
    blocks.append(_finish_block(slot, slot_line, current, used))
    parsed = Parsed(source, trusted, tuple(b for b in blocks if b.tokens or b.slot), tuple(links))
    return parsed, problems


def render_parsed(
    parsed: Parsed, parsers: Parsers, resolve: Callable[[LinkRef], str | Picture | None]
) -> Rendered:
    """Render a parsed text; `resolve` gives each link's final address (None keeps it), or
    for an image the picture that shows it."""
    for ref in parsed.links:
        target = resolve(ref)
        # Tokens are kept with the parse and rendered on other pages too: set afresh.
        ref.token.meta.pop("picture", None)
        if isinstance(target, Picture):
            ref.token.meta["picture"] = target
            target = target.src
        ref.token.attrSet(ref.attr, ref.href if target is None else target)
    md = parsers.trusted if parsed.trusted else parsers.untrusted
    parts: list[Chunk | Slot] = []
    for block in parsed.blocks:
        chunk = Chunk(md.renderer.render(block.tokens, md.options, {}), block.headings)
        parts.append(Slot(block.slot, block.line, chunk) if block.slot else chunk)
    return Rendered(tuple(parts))


def _finish_block(slot: str | None, line: int, tokens: list[Token], used: set[str]) -> _Block:
    headings = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = _inline_text(tokens[index + 1])
        anchor = base = heading_id(text)
        count = 2
        while anchor in used:
            anchor, count = f"{base}-{count}", count + 1
        used.add(anchor)
        token.attrSet("id", anchor)
        headings.append(Heading(int(token.tag[1]), anchor, text))
    return _Block(slot, line, tokens, tuple(headings))


def _inline_text(inline: Token) -> str:
    pieces = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return "".join(pieces).strip()


def _link_refs(inline: Token, line: int) -> list[LinkRef]:
    refs = []
    for child in inline.children or ():
        if child.type == "link_open":
            refs.append(LinkRef(str(child.attrGet("href") or ""), line, "href", child))
        elif child.type == "image":
            refs.append(LinkRef(str(child.attrGet("src") or ""), line, "src", child))
    return refs


def _image_problems(source: Source, ref: LinkRef) -> list[Diagnostic]:
    """What is wrong with an image as written: no alt text, or marks it cannot have.

    Only `src`, `alt`, `title` and the decorative marker are kept on the token: no
    other attribute reaches the page, whoever wrote the text.
    """
    token, name = ref.token, ref.href
    marks = {key: value for key, value in token.attrs.items()
             if key not in ("src", "alt", "title")}
    for key in marks:
        del token.attrs[key]
    problems = []

    def problem(message: str) -> None:
        problems.append(error(source.shown, ref.line, message))

    classes = str(marks.pop("class", ""))
    decorative = classes == DECORATIVE
    if marks or classes and not decorative:
        written = [f".{c}" for c in classes.split()] + [f"{k}={v}" for k, v in marks.items()]
        problem(f"image {name}: only {{.{DECORATIVE}}} may follow an image, not "
                f"{{{' '.join(written)}}}")
    if _SCHEME.match(name.strip()):
        problem(f"image {name} is on another server: it cannot be sized or made smaller "
                "for phones; save the file beside the text and name it, as ![...](bild.png)")
    alt = token.content.strip()
    if decorative and alt:
        problem(f"image {name} is marked decorative but has alt text: a decorative image "
                f"has none, ![]({name}){{.{DECORATIVE}}}; remove the text or the marker")
    elif not decorative and not alt:
        problem(f"image {name} has no alt text: describe it between the brackets, or mark "
                f"it decorative: ![]({name}){{.{DECORATIVE}}}")
    return problems


def _slot_name(info: str) -> tuple[str, str | None]:
    words = info.split()[1:]  # the first word is "region"
    if len(words) != 1:
        return "", "a slot needs exactly one name: '::: region <slot>'"
    if not NAME_RE.match(words[0]):
        return "", f"slot name '{words[0]}' must be lowercase a-z, 0-9 and '-'"
    return words[0], None


def _slot_declarations_in_regional_text(source: Source) -> list[Diagnostic]:
    return [
        error(source.shown, source.body_line + number, "regional text cannot declare slots; "
              "only national articles declare where regions may add text")
        for number, text in enumerate(source.body.splitlines())
        if _SLOT_LINE.match(text)
    ]

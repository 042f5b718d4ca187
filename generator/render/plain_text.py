"""Rendered HTML back to the words a reader sees: headings apart from the body.

Search indexes these words, so that Markdown markup, link targets and HTML
attributes are never found by a query.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from generator.store import Codec

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that end a run of text: words on either side must not run together.
_BLOCK_TAGS = HEADING_TAGS | frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "thead",
    "tbody", "caption", "blockquote", "pre", "section", "aside", "figure", "figcaption",
    "br", "hr", "details", "summary", "header", "footer", "nav",
})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})
# Elements whose content HTMLParser reads as raw text (it differs between Python
# versions); the fast path leaves them, and anything unusual, to HTMLParser.
_RAW_TEXT_TAGS = frozenset(HTMLParser.CDATA_CONTENT_ELEMENTS) | frozenset({
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    "noscript", "plaintext",
})
# The tags markdown-it writes, and plain raw HTML: an end tag without attributes, or a
# start tag whose attributes are space-separated, each bare or with a double-quoted
# value without "<" or ">". HTMLParser reads exactly these the same way (tested);
# every "<" that does not start one of them sends the whole text to HTMLParser.
_TAG = re.compile(
    r'<(?:/([a-zA-Z][a-zA-Z0-9]*)'
    r'|([a-zA-Z][a-zA-Z0-9]*)((?:[ \n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*)[ \n]*(/?))>'
)
_ATTRIBUTE = re.compile(r'[ \n]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"<>]*)")?')


@dataclass(frozen=True)
class PlainText:
    headings: tuple[str, ...]
    blocks: tuple[str, ...]  # paragraphs, list items, table cells ... in reading order
    reading_order: tuple[str, ...] = ()  # headings and blocks as a reader meets them

    @property
    def body(self) -> str:
        return "\n".join(self.blocks)


def plain_text(html: str) -> PlainText:
    return _simple_plain_text(html) or _parsed_plain_text(html)


def _simple_plain_text(html: str) -> PlainText | None:
    """One regex pass giving HTMLParser's events, or None for HTML it does not cover."""
    text = _Text()
    position = 0
    for tag in _TAG.finditer(html):
        data = html[position:tag.start()]
        if "<" in data:
            return None
        text.data(unescape(data))
        position = tag.end()
        end_name, name, attributes, self_closing = tag.groups()
        if end_name is not None:
            text.end_tag(end_name.lower())
            continue
        name = name.lower()
        if name in _RAW_TEXT_TAGS:
            return None
        text.start_tag(name, _alt(attributes) if name == "img" else None)
        if self_closing:
            text.end_tag(name)
    data = html[position:]
    if "<" in data:
        return None
    text.data(unescape(data))
    return text.finish()


def _alt(attributes: str) -> str | None:
    # As HTMLParser's dict(attrs).get("alt"): names are case-insensitive, the last one
    # wins, and a bare or empty alt gives nothing.
    alt = None
    for name, value in _ATTRIBUTE.findall(attributes):
        if name.lower() == "alt":
            alt = value
    return unescape(alt) if alt else None


def _parsed_plain_text(html: str) -> PlainText:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text.finish()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = _Text()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.text.start_tag(tag, dict(attrs).get("alt") if tag == "img" else None)

    def handle_endtag(self, tag: str) -> None:
        self.text.end_tag(tag)

    def handle_data(self, data: str) -> None:
        self.text.data(data)


class _Text:
    """Headings and blocks collected from the start tags, end tags and text of HTML."""

    def __init__(self) -> None:
        self.headings: list[str] = []
        self.blocks: list[str] = []
        self.ordered: list[str] = []
        self._run: list[str] = []
        self._heading_depth = 0
        self._skip_depth = 0

    def start_tag(self, tag: str, alt: str | None) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.end_block()
            self._heading_depth += tag in HEADING_TAGS
        elif tag == "img" and alt:
            self._run.append(f" {alt} ")

    def end_tag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.end_block()
            if tag in HEADING_TAGS:
                self._heading_depth = max(0, self._heading_depth - 1)

    def data(self, data: str) -> None:
        if data and not self._skip_depth:
            self._run.append(data)

    def end_block(self) -> None:
        text = " ".join("".join(self._run).split())
        self._run = []
        if text:
            (self.headings if self._heading_depth else self.blocks).append(text)
            self.ordered.append(text)

    def finish(self) -> PlainText:
        self.end_block()
        return PlainText(tuple(self.headings), tuple(self.blocks), tuple(self.ordered))


def _encode(text: PlainText) -> bytes:
    return json.dumps([text.headings, text.blocks, text.reading_order],
                      ensure_ascii=False, separators=(",", ":")).encode()


def _decode(data: bytes) -> PlainText:
    headings, blocks, reading_order = json.loads(data)
    return PlainText(tuple(map(str, headings)), tuple(map(str, blocks)),
                     tuple(map(str, reading_order)))


# How the store keeps a text's words: plain JSON.
PLAIN_TEXT_CODEC = Codec(_encode, _decode)

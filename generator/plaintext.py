"""Rendered HTML back to the words a reader sees: headings apart from the body.

Search indexes these words, so that Markdown markup, link targets and HTML
attributes are never found by a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that end a run of text: words on either side must not run together.
_BLOCK_TAGS = HEADING_TAGS | frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "thead",
    "tbody", "caption", "blockquote", "pre", "section", "aside", "figure", "figcaption",
    "br", "hr", "details", "summary", "header", "footer", "nav",
})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


@dataclass(frozen=True)
class PlainText:
    headings: tuple[str, ...]
    blocks: tuple[str, ...]  # paragraphs, list items, table cells ... in reading order
    reading_order: tuple[str, ...] = ()  # headings and blocks as a reader meets them

    @property
    def body(self) -> str:
        return "\n".join(self.blocks)


def plain_text(html: str) -> PlainText:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser.end_block()
    return PlainText(tuple(parser.headings), tuple(parser.blocks), tuple(parser.ordered))


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.blocks: list[str] = []
        self.ordered: list[str] = []
        self._run: list[str] = []
        self._heading_depth = 0
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.end_block()
            self._heading_depth += tag in HEADING_TAGS
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._run.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.end_block()
            if tag in HEADING_TAGS:
                self._heading_depth = max(0, self._heading_depth - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._run.append(data)

    def end_block(self) -> None:
        text = " ".join("".join(self._run).split())
        self._run = []
        if text:
            (self.headings if self._heading_depth else self.blocks).append(text)
            self.ordered.append(text)

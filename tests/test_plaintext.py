"""plain_text: its regex fast path reads HTML exactly as html.parser did before it.

The reference below is the HTMLParser implementation plain_text had before the
fast path, kept verbatim: the fast path must give the same headings and blocks
for the HTML markdown-it writes and for random HTML built from the same pieces.
"""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.load import load_content
from generator.render.markdown import Slot, make_parsers, parse_text, render_parsed
from generator.render.plain_text import PlainText, _simple_plain_text, plain_text

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = HEADING_TAGS | frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "thead",
    "tbody", "caption", "blockquote", "pre", "section", "aside", "figure", "figcaption",
    "br", "hr", "details", "summary", "header", "footer", "nav",
})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


def reference_plain_text(html: str) -> PlainText:
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


def rendered_sample_texts() -> list[str]:
    """The HTML of every text and fill in content/, links left as written."""
    tree, _ = load_content(REPO / "content")
    parsers = make_parsers()
    sources = [(text.source, article.region is None)
               for group in (tree.articles, *tree.region_articles.values())
               for article in group.values() for text in article.texts()]
    sources += [(fill.source, False) for fill in tree.fills]
    found = []
    for source, trusted in sources:
        parsed, _ = parse_text(source, parsers, trusted)
        rendered = render_parsed(parsed, parsers, lambda ref: None)
        found.append("".join(part.default.html if isinstance(part, Slot) else part.html
                             for part in rendered.parts))
    return found


def test_every_sample_text_reads_as_before_and_takes_the_fast_path():
    texts = rendered_sample_texts()
    assert len(texts) > 50
    for html in texts:
        assert plain_text(html) == reference_plain_text(html), html
        assert _simple_plain_text(html) is not None, html


def test_what_the_fast_path_leaves_to_html_parser():
    for html in ["<p>a<!-- b -->c</p>", "<p>1 <3 2</p>", "<script>'<p>'</script><p>x</p>",
                 "<p title='x'>y</p>", "<my-tag>z</my-tag>", "<p>a</p >", "<img alt=x>"]:
        assert _simple_plain_text(html) is None
        assert plain_text(html) == reference_plain_text(html)


def test_alt_text_entities_and_self_closing_tags():
    html = ('<h2 id="a">Rubrik &amp; mer</h2><p>Text<br />rad<img src="b.png" alt="Bild &lt;1&gt;" '
            'ALT="sist" /> slut &#228; &auml &notit;</p><hr/><template>dolt</template>')
    assert _simple_plain_text(html) == reference_plain_text(html)
    assert plain_text(html).blocks == ("Text", "rad sist slut ä ä ¬it;")


TAGS = sorted(_BLOCK_TAGS | _SKIPPED_TAGS - {"script", "style"}
              | {"a", "em", "strong", "code", "span", "img", "IMG", "P", "H2", "Br", "input"})
ATTRIBUTES = [' id="x"', ' alt="Alt &amp; text"', ' ALT="två"', " alt", ' alt=""',
              ' href="/a?b=1&amp;c=2"', " disabled", ' src="x.png"', "\n", " ", ' title="it\'s"']
TEXT = ["Ord", " ", "\n", "&amp;", "&lt;", "&gt;", "&quot;", "&#228;", "&auml;", "&", "&amp",
        "&#", "&#x", ">", "t.ex.", "Åsa", "\u00a0", "\t", ";", "=", '"', "'", "/"]


@st.composite
def simple_tags(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(TAGS))
    if draw(st.booleans()):
        return f"</{name}>"
    attributes = "".join(draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)))
    end = draw(st.sampled_from(["", " ", "/", " /", " \n"]))
    return f"<{name}{attributes}{end}>"


html_pieces = st.lists(simple_tags() | st.sampled_from(TEXT) | st.text(max_size=6), max_size=30)


@settings(max_examples=1500, deadline=None)
@given(html_pieces.map("".join))
def test_random_html_reads_as_before(html: str):
    assert plain_text(html) == reference_plain_text(html)

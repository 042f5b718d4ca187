"""The Markdown stage on its own: heading ids, slots, tables, HTML handling."""

from __future__ import annotations

import pytest

from generator.content.model import Source
from generator.render.markdown import (
    Chunk,
    Slot,
    heading_id,
    make_parsers,
    parse_text,
    render_parsed,
)


@pytest.mark.parametrize("heading, expected", [
    ("Vad kostar det?", "vad-kostar-det"),
    ("Högkostnadsskydd för läkemedel", "hogkostnadsskydd-for-lakemedel"),
    ("Åldersgräns – 18 år", "aldersgrans-18-ar"),
    ("Diarré & kräkningar", "diarre-krakningar"),
    ("B12", "b12"),
    ("???", "rubrik"),
])
def test_heading_ids_from_swedish_headings(heading, expected):
    assert heading_id(heading) == expected


def _render(body: str, trusted: bool = True, reserved: frozenset[str] = frozenset()):
    parsers = make_parsers()
    parsed, problems = parse_text(Source("x.md", "x.md", body, 5), parsers, trusted, reserved)
    return render_parsed(parsed, parsers, lambda ref: None), problems


def test_duplicate_and_reserved_headings_get_numbered_ids():
    body = "## Frikort\n\n## Frikort\n\n## Kontakt\n"
    rendered, _ = _render(body, reserved=frozenset({"kontakt"}))
    assert [h.id for h in rendered.headings] == ["frikort", "frikort-2", "kontakt-2"]


def test_slots_split_the_text_in_reading_order():
    rendered, problems = _render("Före.\n\n::: region avgifter\nStandard.\n:::\n\nEfter.\n")
    assert problems == []
    assert [type(p) for p in rendered.parts] == [Chunk, Slot, Chunk]
    slot = rendered.parts[1]
    assert (slot.name, slot.line, slot.default.html) == ("avgifter", 7, "<p>Standard.</p>\n")


def test_tables_render():
    rendered, _ = _render("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<td>1</td>" in rendered.parts[0].html


def test_raw_html_kept_in_trusted_and_escaped_in_untrusted_text():
    trusted, _ = _render("<em>hej</em> <script>x</script>\n")
    untrusted, _ = _render("<em>hej</em> <script>x</script>\n", trusted=False)
    assert "<em>hej</em>" in trusted.parts[0].html
    assert untrusted.parts[0].html == (
        "<p>&lt;em&gt;hej&lt;/em&gt; &lt;script&gt;x&lt;/script&gt;</p>\n")

"""Property tests: no front matter or Markdown, however odd, makes the generator crash."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

import yaml
from conftest import FIXTURES, THEMES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.commands.main import main
from generator.content.schema import ARTICLE

KEYS = [f.name for f in ARTICLE] + ["titel", "", "owner ", "1"]
SNIPPETS = [
    "::: region kostnad\n", "::: region\n", ":::\n", "::: region x y\n", "## Rubrik\n",
    "# Vad kostar det?\n", "[länk](../tandvard/unga.md#gratis)", "[x](saknas.md)", "[y](#)",
    "[z](../../../../ut/)", "![bild](bild.png)", "<script>x</script>", "<div>\n", "| a | b |\n",
    "|---|---|\n", "- punkt\n", "  ::: region inne\n", "> citat\n", "```\n", "\n", "å ä ö é ",
    "[a]: /ref\n", "<", "&amp;", "---\n", "\x00", "\ud7ff",
]
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["2026-01-15", "2026-13-40", "nationell-redaktion",
                                              "region-alfa", "revidering"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=3),
    max_leaves=6,
)
front_matter = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=8).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.text(max_size=80),
)
markdown = st.lists(st.sampled_from(SNIPPETS) | st.text(max_size=15), max_size=25).map("".join)


def _check(content: Path) -> int:
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        try:
            return main(["check", "--content", str(content), "--themes", str(THEMES),
                         "--today", "2026-11-22"])
        except SystemExit as exc:
            return int(exc.code or 0)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=front_matter, body=markdown, fill_meta=front_matter, fill_body=markdown)
def test_arbitrary_article_and_fill_never_crash(meta, body, fill_meta, fill_body):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(FIXTURES / "basic", content)
        (content / "national/vard/prov.md").write_text(f"---\n{meta}\n---\n{body}",
                                                       encoding="utf-8", errors="surrogatepass")
        fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
        fill.write_text(f"---\n{fill_meta}\n---\n{fill_body}", encoding="utf-8",
                        errors="surrogatepass")
        assert _check(content) in (0, 1)


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_in_a_content_file_never_crash(raw):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(FIXTURES / "basic", content)
        (content / "national/vard/prov.md").write_bytes(raw)
        (content / "regional/beta/region.yml").write_bytes(raw)
        assert _check(content) in (0, 1)

"""Writing: only changed bytes reach the output folder, which ends up holding exactly the build."""

from __future__ import annotations

import os

from conftest import build_args, tree_bytes

from generator.engine.write import Output, Staging, write_output
from generator.render import theme

OLD = 1_000_000_000_000_000_000  # a file time long ago, in nanoseconds


def _age(root):
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))


def _touched(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.stat().st_mtime_ns != OLD)


def test_a_rebuild_of_the_same_content_writes_no_file(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    _age(out)
    assert run(*build_args(content, out)).code == 0
    assert _touched(out) == []


def test_a_fill_edit_writes_only_the_files_whose_bytes_changed(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    _age(out)
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text() + "\nEn mening till.\n", encoding="utf-8")
    assert run(*build_args(content, out)).code == 0
    assert run(*build_args(content, tmp_path / "fresh")).code == 0
    assert tree_bytes(out) == tree_bytes(tmp_path / "fresh")
    touched = _touched(out)
    assert "alfa/vard/avgifter/index.html" in touched
    assert all(path.startswith("alfa/") for path in touched)
    assert len(touched) < 10


def test_the_output_ends_up_holding_exactly_the_build(tmp_path):
    out = tmp_path / "out"
    write_output(out, [Output("a/keep.html", "t", b"same"), Output("a/gone.html", "t", b"x"),
                       Output("a/sub/file", "t", b"f"), Output("b/other", "t", b"o")])
    (out / "a/extra.txt").write_text("not from the build")
    write_output(out, [Output("a/keep.html", "t", b"same"), Output("a/sub", "t", b"now a file"),
                       Output("a/new/page.html", "t", b"new")])
    assert tree_bytes(out) == {"a/keep.html": b"same", "a/sub": b"now a file",
                               "a/new/page.html": b"new", "b/other": b"o"}
    write_output(out, [Output("a/sub/file", "t", b"a folder again")])
    assert tree_bytes(out) == {"a/sub/file": b"a folder again", "b/other": b"o"}
    assert sorted(p.name for p in out.iterdir()) == ["a", "b"]


def test_a_site_that_comes_out_the_same_is_not_swapped(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    folders = {site: (out / site).stat().st_ino for site in ("alfa", "beta", "nationell")}
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text() + "\nEn mening till.\n", encoding="utf-8")
    assert run(*build_args(content, out)).code == 0
    assert (out / "beta").stat().st_ino == folders["beta"]
    assert (out / "nationell").stat().st_ino == folders["nationell"]
    assert (out / "alfa").stat().st_ino != folders["alfa"]
    assert sorted(p.name for p in out.iterdir()) == ["alfa", "beta", "index.html", "nationell",
                                                     "static"]


def test_a_sites_pages_reach_the_output_as_they_are_rendered(content, tmp_path, run,
                                                             monkeypatch):
    """A build holds one page's bytes at a time, not a site's: the staging area takes each
    page before the next is rendered."""
    rendered: list[str] = []
    at_staging: list[int] = []
    render, write = theme._render, Staging.write

    def counting_render(found_theme, template, context):
        rendered.append(template)
        return render(found_theme, template, context)

    def watching_write(self, outputs):
        def watched():
            for output in outputs:
                if output.path.endswith(".html"):
                    at_staging.append(len(rendered))
                yield output
        return write(self, watched())

    monkeypatch.setattr(theme, "_render", counting_render)
    monkeypatch.setattr(Staging, "write", watching_write)
    assert run(*build_args(content, tmp_path / "out", "--region", "alfa")).code == 0
    pages = len(at_staging)
    assert pages > 10
    assert at_staging == list(range(1, pages + 1))  # page n staged right after render n

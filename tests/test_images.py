"""Images in national and regional text: alt text required, published in a few widths as
WebP and in their own format, sized so the page does not shift, resized once."""

from __future__ import annotations

import io

import pytest
from conftest import build_args, soup, tree_bytes
from PIL import Image
from tools import make_image

from generator.content.image_facts import MAX_PIXELS, MAX_SIDE
from generator.render import images as images_stage

ARTICLE = "national/vard/avgifter.md"
FILL = "regional/alfa/overlays/vard/avgifter/kostnad.md"
FILL_FOLDER = "regional/alfa/overlays/vard/avgifter"


def _append(content, rel: str, text: str) -> int:
    """Appends a paragraph to a text; returns its line number."""
    path = content / rel
    before = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(before + "\n\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 3


def _errors(run, content, tmp_path) -> list[str]:
    result = run(*build_args(content, tmp_path / "out"))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()  # nothing half-written
    return [line.removeprefix(f"{content}/") for line in result.errors]


def _body(out, page: str):
    return soup(out / page).select_one(".article-body")


def test_an_image_is_published_in_widths_as_webp_and_its_own_format(content, tmp_path, run):
    make_image(content / "national/vard/kurva.png", 1800, 900)
    _append(content, ARTICLE, "![Stapeldiagram över avgifterna](kurva.png)")
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    picture = _body(out, "alfa/vard/avgifter/index.html").select_one("picture")
    source, img = picture.select_one("source"), picture.select_one("img")
    assert source["type"] == "image/webp"
    assert (img["width"], img["height"]) == ("1800", "900")  # the image's own size
    assert img["alt"] == "Stapeldiagram över avgifterna"
    assert img["src"] == "../kurva.800.png"
    assert source["sizes"] == img["sizes"] == images_stage.SIZES
    for srcset, fmt in ((source["srcset"], "WEBP"), (img["srcset"], "PNG")):
        candidates = [c.strip().split() for c in srcset.split(",")]
        assert [int(w.removesuffix("w")) for _, w in candidates] == [400, 800, 1200, 1600]
        for url, width in candidates:
            path = out / "alfa/vard/avgifter" / url
            with Image.open(path) as made:
                # Each file has the width its srcset states, the image's proportions, and
                # the format its name says.
                assert made.format == fmt
                assert made.width == int(width.removesuffix("w"))
                assert made.height == round(900 * made.width / 1800)
    # The file itself is not published: no text links to it.
    assert not (out / "alfa/vard/kurva.png").exists()


def test_a_small_image_is_never_enlarged_and_a_jpeg_stays_jpeg(content, tmp_path, run):
    make_image(content / "national/vard/foto.jpg", 500, 300)
    _append(content, ARTICLE, "![Ett foto](foto.jpg)")
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    img = _body(out, "alfa/vard/avgifter/index.html").select_one("img")
    assert img["srcset"] == "../foto.400.jpg 400w, ../foto.500.jpg 500w"
    assert img["src"] == "../foto.500.jpg"
    with Image.open(out / "alfa/vard/foto.500.webp") as webp:
        assert (webp.format, webp.size) == ("WEBP", (500, 300))


def test_missing_alt_text_is_an_error_at_its_line(content, tmp_path, run):
    make_image(content / "national/vard/kurva.png")
    make_image(content / f"{FILL_FOLDER}/karta.png")
    line = _append(content, ARTICLE, "Se bilden:\n![](kurva.png)")
    fill_line = _append(content, FILL, "![ ](karta.png)")
    assert _errors(run, content, tmp_path) == [
        f"{ARTICLE}:{line}: error: image kurva.png has no alt text: describe it between the "
        "brackets, or mark it decorative: ![](kurva.png){.decorative}",
        f"{FILL}:{fill_line}: error: image karta.png has no alt text: describe it between "
        "the brackets, or mark it decorative: ![](karta.png){.decorative}",
    ]


def test_a_decorative_image_has_an_empty_alt(content, tmp_path, run):
    make_image(content / "national/vard/ornament.png", 600, 100)
    make_image(content / f"{FILL_FOLDER}/linje.png", 600, 20)
    _append(content, ARTICLE, "![](ornament.png){.decorative}")
    _append(content, FILL, "![](linje.png){.decorative}")
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    imgs = _body(out, "alfa/vard/avgifter/index.html").select("img")
    assert [img["alt"] for img in imgs] == ["", ""]
    assert not any(img.get("class") for img in imgs)


def test_decorative_with_alt_text_or_another_mark_is_an_error(content, tmp_path, run):
    make_image(content / "national/vard/kurva.png")
    line = _append(content, ARTICLE, "![Kurva](kurva.png){.decorative}")
    other = _append(content, ARTICLE, "![Kurva](kurva.png){width=10 .stor}")
    assert _errors(run, content, tmp_path) == [
        f"{ARTICLE}:{line}: error: image kurva.png is marked decorative but has alt text: a "
        "decorative image has none, ![](kurva.png){.decorative}; remove the text or the marker",
        f"{ARTICLE}:{other}: error: image kurva.png: only {{.decorative}} may follow an "
        "image, not {.stor width=10}",
    ]


def test_no_attribute_written_after_an_image_reaches_the_page(content, tmp_path, run):
    """An event handler after a regional image is dropped (the attrs plugin drops on*),
    and nothing else but alt, src and title is kept."""
    make_image(content / f"{FILL_FOLDER}/karta.png")
    _append(content, FILL, '![Karta](karta.png){onerror="alert(1)"}')
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    img = _body(out, "alfa/vard/avgifter/index.html").select_one(".regional img")
    assert sorted(img.attrs) == ["alt", "decoding", "height", "loading", "sizes", "src",
                                 "srcset", "width"]


def test_a_remote_image_is_an_error(content, tmp_path, run):
    line = _append(content, ARTICLE, "![Logga](https://example.org/logga.png)")
    assert _errors(run, content, tmp_path) == [
        f"{ARTICLE}:{line}: error: image https://example.org/logga.png is on another server: "
        "it cannot be sized or made smaller for phones; save the file beside the text and "
        "name it, as ![...](bild.png)",
    ]


def _huge_side(path):
    Image.new("1", (1, MAX_SIDE + 2000)).save(path)


def _huge_area(path):
    side = int(MAX_PIXELS ** 0.5) + 100
    Image.new("1", (side, side)).save(path)


@pytest.mark.parametrize(("name", "make", "problem"), [
    ("text.png", lambda p: p.write_text("inte en bild"),
     "cannot be read as a PNG image: its content is not an image"),
    ("avbruten.png", lambda p: p.write_bytes(make_image(p).read_bytes()[:200]),
     "cannot be read as a PNG image: image file is truncated"),
    ("foto.png", lambda p: make_image(p, fmt="JPEG"),
     "is a JPEG image, though its name says PNG: rename it to .jpg"),
    ("hog.png", _huge_side,
     f"is too large: 1 x {MAX_SIDE + 2000:,} pixels, over the limit of {MAX_SIDE:,} pixels a "
     "side"),
    ("yta.png", _huge_area, "is too large: "),
    ("tung.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(21 * 2**20)),
     "is too large: 21.0 MB, over the limit of 20 MB"),
    ("tom.svg", lambda p: p.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>'),
     "has no size: give its <svg> a width and height in pixels, or a viewBox"),
])
def test_an_unusable_image_is_a_clear_error(content, tmp_path, run, name, make, problem):
    make(content / "national/vard" / name)
    line = _append(content, ARTICLE, f"![Bild]({name})")
    [found] = _errors(run, content, tmp_path)
    assert found.startswith(f"{ARTICLE}:{line}: error: image {name} {problem}")


def test_gif_and_svg_are_published_as_they_are_with_their_size(content, tmp_path, run):
    make_image(content / "national/vard/rorlig.gif", 120, 80)
    (content / "national/vard/schema.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"><rect width="300" '
        'height="150" fill="#0b4f9c"/></svg>')
    _append(content, ARTICLE, "![Animerad bild](rorlig.gif)\n\n![Schema](schema.svg)")
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    body = _body(out, "alfa/vard/avgifter/index.html")
    assert body.select("picture") == []
    found = [(i["src"], i["width"], i["height"], i.get("srcset")) for i in body.select("img")]
    assert found == [("../rorlig.gif", "120", "80", None), ("../schema.svg", "300", "150", None)]
    assert (out / "alfa/vard/schema.svg").is_file() and (out / "alfa/vard/rorlig.gif").is_file()


def test_a_rotated_photo_is_shown_upright_with_its_upright_size(content, tmp_path, run):
    image = Image.new("RGB", (600, 300), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone on its side
    image.save(content / "national/vard/foto.jpg", exif=exif.tobytes())
    _append(content, ARTICLE, "![Foto](foto.jpg)")
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    img = _body(out, "alfa/vard/avgifter/index.html").select_one("img")
    assert (img["width"], img["height"]) == ("300", "600")
    with Image.open(out / "alfa/vard/foto.300.jpg") as made:
        assert made.size == (300, 600)
        assert 0x0112 not in made.getexif()  # no metadata published


def test_the_first_image_near_the_top_is_fetched_at_once_the_others_lazily(
        content, tmp_path, run):
    make_image(content / "national/vard/forsta.png")
    make_image(content / "national/vard/andra.png")
    make_image(content / f"{FILL_FOLDER}/karta.png")
    path = content / ARTICLE
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(f"{head}\n---\n![Första](forsta.png)\n\n{body}\n\n![Andra](andra.png)\n",
                    encoding="utf-8")
    _append(content, FILL, "![Karta](karta.png)")
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    imgs = _body(out, "alfa/vard/avgifter/index.html").select("img")
    loading = {img["alt"]: img.get("loading") for img in imgs}
    assert loading == {"Första": None, "Karta": "lazy", "Andra": "lazy"}


def test_a_region_image_in_a_fill_follows_regional_rules(content, tmp_path, run):
    folder = content / FILL_FOLDER
    make_image(folder / "karta.png", 900, 600)
    (folder / "logga.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    _append(content, FILL, "![Karta över mottagningarna](karta.png)")
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    img = _body(out, "alfa/vard/avgifter/index.html").select_one(".regional img")
    assert img["src"] == "karta.800.png" and (img["width"], img["height"]) == ("900", "600")
    assert (out / "alfa/vard/avgifter/karta.800.webp").is_file()
    # A region never publishes SVG, as an image or otherwise.
    line = _append(content, FILL, "![Logga](logga.svg)")
    assert _errors(run, content, tmp_path / "again") == [
        f"{FILL}:{line}: error: link to logga.svg: a region may not publish SVG images, "
        "which can carry script; use .png or .webp",
    ]


def test_an_image_is_resized_once_per_build_and_never_again(content, tmp_path, run,
                                                           monkeypatch):
    made = []
    resized = images_stage.resized
    monkeypatch.setattr(images_stage, "resized",
                        lambda *args: made.extend(args[2]) or resized(*args))
    make_image(content / "national/vard/kurva.png", 1000, 500)
    make_image(content / f"{FILL_FOLDER}/karta.png", 450, 300)
    _append(content, ARTICLE, "![Kurva](kurva.png)")
    _append(content, FILL, "![Karta](karta.png)")
    # Every site shows the national image: resized once in a build, not once per site.
    # (One process, so that the spy sees every site's work.)
    assert run(*build_args(content, tmp_path / "a", "--jobs", "1")).code == 0
    widths = {variant.width for variant in made}
    assert len(made) == 3 * 2 + 2 * 2 and widths == {400, 800, 1000, 450}
    made.clear()
    cache = ["--cache", str(tmp_path / "cache"), "--jobs", "1"]
    assert run(*build_args(content, tmp_path / "b", *cache)).code == 0
    assert len(made) == 10
    made.clear()
    # A fresh build through the store (a text changed, so it builds): nothing resized.
    _append(content, "national/tandvard/unga.md", "Ett nytt stycke.")
    assert run(*build_args(content, tmp_path / "c", *cache)).code == 0
    assert made == []
    assert tree_bytes(tmp_path / "c") == _clean(run, content, tmp_path / "d")


def _clean(run, content, out):
    assert run(*build_args(content, out)).code == 0
    return tree_bytes(out)


def test_the_same_image_gives_the_same_bytes_with_or_without_the_store(content, tmp_path, run):
    make_image(content / "national/vard/kurva.png", 1700, 800)
    make_image(content / f"{FILL_FOLDER}/foto.jpg", 820, 400)
    _append(content, ARTICLE, "![Kurva](kurva.png)")
    _append(content, FILL, "![Foto](foto.jpg)")
    cache = ["--cache", str(tmp_path / "cache")]
    assert run(*build_args(content, tmp_path / "cold", *cache)).code == 0
    warm = run(*build_args(content, tmp_path / "warm", *cache))
    assert warm.code == 0
    clean = _clean(run, content, tmp_path / "clean")
    assert tree_bytes(tmp_path / "cold") == clean == tree_bytes(tmp_path / "warm")
    webp = clean["alfa/vard/kurva.1600.webp"]
    assert Image.open(io.BytesIO(webp)).format == "WEBP"

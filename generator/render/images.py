"""The images stage: each image a text shows, published in a few widths, as WebP and in its
own format, and the HTML that lets the browser pick the width the screen needs.

A PNG, JPEG or WebP image `x.png` beside a text becomes the files `x.<w>.webp` and
`x.<w>.png` beside its place in the site, for each width <w> of `widths`. A GIF or
SVG image is published as it is. Every `<img>` carries the image's width and
height, so the browser keeps its space before a byte of it arrives.

Resized bytes are kept in the store by the image's digest and the encoder's
settings: an unchanged image is resized once, whichever build or site asks.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

from generator.content.image_facts import RESIZED, ImageFacts
from generator.store import Codec, Store

WIDTHS = (400, 800, 1200, 1600)
# The `src` of browsers without srcset: a width that suits the article column.
FALLBACK_WIDTH = 800
# The article column (style.css: --measure 42rem inside 1rem of padding each side): the
# image is at most that wide, and the screen's width less the padding on a phone.
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"

# What the resized files are made with; part of their store key, so that a change here
# makes them again. Photos (JPEG, WebP) are lossy at a quality that looks the same on a
# screen; diagrams and screenshots (PNG) at a higher one, which keeps lines and letters
# crisp. Lossless WebP kept every pixel but took 0.5 s an image, more than the rest of a
# cold build of the sample did, for files 40 % larger; PNG level 9 and WebP method 6
# saved 1 to 4 % for twice the time.
ENCODER = "pillow-lanczos-3"
_SAVE = {
    "PNG": {"format": "PNG", "compress_level": 6},
    "JPEG": {"format": "JPEG", "quality": 85, "progressive": True},
    "WEBP": {"format": "WEBP", "quality": 80, "method": 4},
    "WEBP-GRAPHIC": {"format": "WEBP", "quality": 90, "method": 4},
}
_EXTENSION = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
_VARIANT = re.compile(r"^(?P<stem>.+)\.(?P<width>[1-9][0-9]*)\.(?P<ext>webp|png|jpg)$")


@dataclass(frozen=True)
class Variant:
    """One resized file of an image."""

    width: int
    format: str  # "WEBP", or the image's own format


@dataclass(frozen=True)
class Picture:
    """What a page shows of one image: the HTML's addresses, relative to the page."""

    src: str
    width: int
    height: int
    srcset: str = ""  # in the image's own format; empty for GIF and SVG
    webp_srcset: str = ""  # empty when the image is WebP already, or not resized
    eager: bool = False  # near the top of the page: fetched at once, not when scrolled to
    title: str | None = None

    def html(self, alt: str) -> str:
        attrs = [("src", self.src)]
        if self.srcset:
            attrs += [("srcset", self.srcset), ("sizes", SIZES)]
        attrs += [("width", str(self.width)), ("height", str(self.height)), ("alt", alt)]
        if self.title:
            attrs.append(("title", self.title))
        if not self.eager:
            attrs.append(("loading", "lazy"))
        attrs.append(("decoding", "async"))
        img = "<img" + "".join(f' {name}="{html.escape(value)}"' for name, value in attrs) + ">"
        if not self.webp_srcset:
            return img
        source = (f'<source type="image/webp" srcset="{html.escape(self.webp_srcset)}" '
                  f'sizes="{SIZES}">')
        return f"<picture>{source}{img}</picture>"


def widths(facts: ImageFacts) -> tuple[int, ...]:
    """The widths an image is published in: the standard ones below its own, and its own
    width up to the largest standard one (never enlarged)."""
    if not facts.resized:
        return ()
    top = min(facts.width, WIDTHS[-1])
    return (*(width for width in WIDTHS if width < top), top)


def variants(facts: ImageFacts) -> list[Variant]:
    """Every resized file of an image: WebP and its own format in each width."""
    formats = ["WEBP"] if facts.format == "WEBP" else ["WEBP", facts.format]
    return [Variant(width, fmt) for fmt in formats for width in widths(facts)]


def variant_path(site_path: str, variant: Variant) -> str:
    """Where a resized file lies in a site: beside the image's own place, x.png -> x.800.webp."""
    stem = posixpath.splitext(site_path)[0]
    return f"{stem}.{variant.width}.{_EXTENSION[variant.format]}"


def variant_of(path: str, rel: str) -> Variant | None:
    """The resized file the site path `path` names, made from the content file `rel`; None
    when `path` is the file itself, published as it is."""
    found = _VARIANT.match(posixpath.basename(path))
    suffix = posixpath.splitext(rel)[1].lower()
    if found is None or suffix not in RESIZED or posixpath.splitext(
            posixpath.basename(rel))[0] != found["stem"]:
        return None
    fmt = "WEBP" if found["ext"] == "webp" else RESIZED[suffix]
    return Variant(int(found["width"]), fmt)


def picture(
    site_path: str, facts: ImageFacts, link: Callable[[str], str], eager: bool,
    title: str | None = None,
) -> tuple[Picture, list[str]]:
    """The picture of an image at `site_path`, its addresses made by `link`, and the site
    paths of the files it needs."""
    if not facts.resized:
        return Picture(link(site_path), facts.width, facts.height, eager=eager,
                       title=title), [site_path]
    own, webp = [], []
    for variant in variants(facts):
        (webp if variant.format == "WEBP" else own).append(variant)
    if not own:  # a WebP image: the WebP files are its own format
        own, webp = webp, []
    paths = [variant_path(site_path, v) for v in (*webp, *own)]

    def srcset(found: list[Variant]) -> str:
        return ", ".join(f"{link(variant_path(site_path, v))} {v.width}w" for v in found)

    fallback = max((v for v in own if v.width <= FALLBACK_WIDTH), key=lambda v: v.width,
                   default=own[0])
    return Picture(link(variant_path(site_path, fallback)), facts.width, facts.height,
                   srcset(own), srcset(webp), eager, title), paths


def image_files(store: Store, read: Callable[[], bytes], facts: ImageFacts
                ) -> dict[Variant, bytes]:
    """Every resized file of an image, from the store; those it lacks are made from one
    decoding of the image (`read` gives its bytes)."""
    keys = {variant: _key(facts, variant) for variant in variants(facts)}
    found = {variant: store.get("image", key, BYTES_CODEC) for variant, key in keys.items()}
    missing = [variant for variant, data in found.items() if data is None]
    if missing:
        for variant, data in resized(read(), facts, missing).items():
            found[variant] = store.get_or_make("image", keys[variant], lambda data=data: data,
                                               BYTES_CODEC)
    return {variant: data for variant, data in found.items() if data is not None}


def _key(facts: ImageFacts, variant: Variant) -> tuple:
    return (facts.digest, variant.width, variant.format, facts.format, ENCODER)


def resized(data: bytes, facts: ImageFacts, wanted: list[Variant]) -> dict[Variant, bytes]:
    """`data`, an image with these facts, in each wanted width and format: upright, no
    metadata (its EXIF, which may say where a photo was taken, is not published), the
    same bytes for the same input every time."""
    # Imported here, as in content/image_facts.py: most builds resize nothing.
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        upright = _workable(ImageOps.exif_transpose(opened))
    upright.info = {}  # no ICC profile, EXIF or text chunks carried over
    made = {}
    for width in sorted({variant.width for variant in wanted}):
        height = max(1, round(facts.height * width / facts.width))
        # reducing_gap: a large image is first reduced by whole factors, which is several
        # times faster than LANCZOS all the way and looks the same.
        image = upright if (width, height) == upright.size else upright.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for variant in (v for v in wanted if v.width == width):
            made[variant] = _encoded(image, facts, variant)
    return made


def _encoded(image: PillowImage, facts: ImageFacts, variant: Variant) -> bytes:
    settings = _SAVE[variant.format]
    if variant.format == "WEBP" and facts.format == "PNG":
        settings = _SAVE["WEBP-GRAPHIC"]
    if variant.format == "JPEG" and image.mode not in ("RGB", "L"):
        image = _on_white(image)
    out = io.BytesIO()
    image.save(out, **settings)
    return out.getvalue()


def _workable(image: PillowImage) -> PillowImage:
    """The image in a mode every encoder here takes: palette and 16-bit images widened."""
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    transparent = image.mode in ("PA", "RGBa", "La") or "transparency" in image.info
    return image.convert("RGBA" if transparent else "RGB")


def _on_white(image: PillowImage) -> PillowImage:
    """A JPEG has no transparency: what is transparent becomes white, as on the page."""
    if image.mode in ("RGBA", "LA"):
        from PIL import Image

        ground = Image.new("RGB", image.size, (255, 255, 255))
        ground.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return ground
    return image.convert("RGB")


BYTES_CODEC: Codec[bytes] = Codec(bytes, bytes)

"""What an image file is: its pixel size and format, read once and kept in the store.

The loader reads the facts of every image beside the texts, so that a page can
give each image its width and height (no layout shift) and the images stage
(render/images.py) knows which widths to publish. A file that is not what its
name says, is damaged, or is too large to resize safely gets a problem instead,
which the text that shows it reports at its line.

Pillow decodes the whole file here, once per version of the file: a damaged
image is found before a page names it, and the store keeps the answer by the
file's stamp, so an unchanged image is not opened again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import struct
import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from generator.content import files as safe_files
from generator.store import Codec, Store

# Published in several widths (render/images.py).
RESIZED = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
# Published as they are: a GIF may move, an SVG is sharp at any width.
AS_IS = {".gif": "GIF", ".svg": "SVG"}
IMAGE_SUFFIXES = (*RESIZED, *AS_IS)

# Beyond these an image is not an illustration for a web page, and resizing it would
# take more memory than a build should (a 10,000 x 10,000 RGBA image is 400 MB).
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000

_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "GIF": "GIF", "SVG": "SVG"}
_EXIF_ORIENTATION = 0x0112
_SWAPPED = (5, 6, 7, 8)  # EXIF orientations that turn the image a quarter
# Pillow's errors on a damaged file; it raises several kinds.
_DAMAGED = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)


@dataclass(frozen=True)
class ImageFacts:
    """An image as a page shows it: its size upright (after EXIF orientation)."""

    width: int
    height: int
    format: str  # "PNG", "JPEG", "WEBP", "GIF" or "SVG"
    digest: str  # sha256 of the file's bytes: the key of its resized versions

    @property
    def resized(self) -> bool:
        return self.format not in AS_IS.values()


# A problem with an image, said as the rest of a sentence after its name.
ImageInfo = ImageFacts | str


def is_image(rel: str) -> bool:
    return posixpath.splitext(rel)[1].lower() in IMAGE_SUFFIXES


def image_facts(path: Path, store: Store) -> ImageInfo:
    """The facts of the image file at `path`, or why it cannot be shown.

    Kept in the store by the file's stamp when it has settled (files.settled_stamp),
    else by its bytes' digest.
    """
    suffix = path.suffix.lower()
    stamp = safe_files.settled_stamp(path)
    if stamp is not None:
        return store.get_or_make("image-facts", ("stamp", str(path), suffix, stamp),
                                 lambda: _read(path, suffix), FACTS_CODEC)
    data = _bytes(path)
    if isinstance(data, str):
        return data
    key = ("bytes", hashlib.sha256(data).hexdigest(), suffix)
    return store.get_or_make("image-facts", key, lambda: facts_of(data, suffix), FACTS_CODEC)


def _read(path: Path, suffix: str) -> ImageInfo:
    data = _bytes(path)
    return data if isinstance(data, str) else facts_of(data, suffix)


def _bytes(path: Path) -> bytes | str:
    try:
        size = os.stat(path).st_size
        if size > MAX_IMAGE_BYTES:
            return _too_large(size)
        return safe_files.read_bytes(path, MAX_IMAGE_BYTES)
    except safe_files.UnsafeFile as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"


def _too_large(size: int) -> str:
    return (f"is too large: {size / 1024 / 1024:.1f} MB, over the limit of "
            f"{MAX_IMAGE_BYTES // 1024 // 1024} MB; save it smaller (2,000 pixels wide is "
            "plenty for a web page)")


def facts_of(data: bytes, suffix: str) -> ImageInfo:
    """The facts of an image file's bytes, named with `suffix`, or why it cannot be shown."""
    if len(data) > MAX_IMAGE_BYTES:
        return _too_large(len(data))
    expected = {**RESIZED, **AS_IS}[suffix]
    digest = hashlib.sha256(data).hexdigest()
    if expected == "SVG":
        return _svg_facts(data, digest)
    name = _NAMES[expected]
    # Imported here: Pillow takes a build 25 ms to import, and a build whose images are
    # known by their stamps (the store's) never opens one.
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # A decompression bomb is a huge image: an error here, not a warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                if found != expected:
                    return _wrong_format(name, found)
                width, height = image.size
                problem = _size_problem(width, height)
                if problem:
                    return problem
                image.load()  # decodes every pixel: a damaged file fails here, not later
                orientation = image.getexif().get(_EXIF_ORIENTATION)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"is too large to open safely as a {name} image"
    except UnidentifiedImageError:
        return f"cannot be read as a {name} image: its content is not an image"
    except _DAMAGED as exc:
        return f"cannot be read as a {name} image: {exc}"
    if orientation in _SWAPPED:
        width, height = height, width
    return ImageFacts(width, height, expected, digest)


def _wrong_format(name: str, found: str | None) -> str:
    found_name = _NAMES.get(found or "", found or "another format")
    right = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif"}.get(found or "")
    rename = f": rename it to {right}" if right else ""
    return f"is a {found_name} image, though its name says {name}{rename}"


def _size_problem(width: int, height: int) -> str | None:
    if max(width, height) > MAX_SIDE:
        return (f"is too large: {width:,} x {height:,} pixels, over the limit of "
                f"{MAX_SIDE:,} pixels a side")
    if width * height > MAX_PIXELS:
        return (f"is too large: {width:,} x {height:,} pixels is {width * height:,} pixels, "
                f"over the limit of {MAX_PIXELS:,}")
    if width < 1 or height < 1:
        return "has no pixels"
    return None


def _svg_facts(data: bytes, digest: str) -> ImageInfo:
    """An SVG's size from its root's width and height, else its viewBox."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"cannot be read as an SVG image: {exc}"
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        return "cannot be read as an SVG image: its root element is not <svg>"
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            if width is None and height is None:
                width, height = box_width, box_height
            elif width is None:
                width = height * box_width / box_height
            else:
                height = width * box_height / box_width
    if width is None or height is None:
        return ("has no size: give its <svg> a width and height in pixels, or a viewBox, "
                "so the page can keep its space while it loads")
    sides = max(1, round(width)), max(1, round(height))
    return _size_problem(*sides) or ImageFacts(*sides, "SVG", digest)


def _length(value: str | None) -> float | None:
    """An SVG length in pixels ("120", "120px"); None for none or a relative one ("50%")."""
    if value is None:
        return None
    value = value.strip().removesuffix("px")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number > 0 else None


def _encode(info: ImageInfo) -> bytes:
    return json.dumps(plain_info(info), ensure_ascii=False).encode()


def _decode(data: bytes) -> ImageInfo:
    return info_of(json.loads(data))


def plain_info(info: ImageInfo) -> list | str:
    """Image facts as JSON data (records and the store)."""
    return [info.width, info.height, info.format, info.digest] if isinstance(
        info, ImageFacts) else info


def info_of(plain: object) -> ImageInfo:
    """`plain_info` read back; raises TypeError or ValueError on data of another shape."""
    if isinstance(plain, str):
        return plain
    if not isinstance(plain, list) or len(plain) != 4:
        raise TypeError("image facts of the wrong shape")
    width, height, format_, digest = plain
    if format_ not in _NAMES:
        raise ValueError(f"no such image format: {format_!r}")
    return ImageFacts(int(width), int(height), str(format_), str(digest))


FACTS_CODEC: Codec[ImageInfo] = Codec(_encode, _decode)

"""The resized files of a build's images (render/images.py), as outputs of each site.

Texts name an image's files among their media (site path -> the content file
they are made from), so the engine's shortcuts see a changed set of files as
they see any changed media. The bytes come from the store: an image is resized
once, whichever site or build asks. National images are resized in the shared
stage, before sites are built in forked processes that would each do it; a build
without a store file keeps those bytes for its sites in memory instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.content import files as safe_files
from generator.content.image_facts import MAX_IMAGE_BYTES, ImageFacts, ImageInfo
from generator.diagnostics import Diagnostic, error
from generator.engine.write import Output
from generator.render.images import Variant, image_files, variant_of
from generator.store import Store


class ImageChanged(Exception):
    """The file is not what its facts were read from: it changed during the build."""


@dataclass(frozen=True)
class ImageFiles:
    """Makes the resized files of images, through the store."""

    content: Path
    store: Store
    # (content path, variant) -> bytes, kept only when the store keeps nothing on disk.
    kept: dict[tuple[str, Variant], bytes] = field(default_factory=dict)

    def prepare(self, media: Iterable[dict[str, str]], images: dict[str, ImageInfo],
                ) -> ImageFiles:
        """These images' files made now, once for every site (national images)."""
        kept: dict[tuple[str, Variant], bytes] = {}
        shown = {rel for found in media for path, rel in found.items()
                 if variant_of(path, rel) is not None}
        for rel in sorted(shown):
            facts = images.get(rel)
            if not isinstance(facts, ImageFacts):
                continue
            try:
                files = self._files(rel, facts)
            except (ImageChanged, OSError):
                continue  # reported when the site asks for it
            if self.store.file is None:
                kept.update(((rel, variant), data) for variant, data in files.items())
        return ImageFiles(self.content, self.store, kept)

    def outputs(self, folder: str, media: dict[str, str], images: dict[str, ImageInfo],
                problems: list[Diagnostic]) -> Iterator[Output]:
        """Each file of `media` (site path -> content path) in the site's `folder`: a
        resized image's made, any other copied as it is."""
        # One image's files at a time: its paths sort together, and a large site's images
        # would not all fit in memory at once.
        files: tuple[str, dict[Variant, bytes]] = ("", {})
        for path, rel in sorted(media.items()):
            variant, facts = variant_of(path, rel), images.get(rel)
            if variant is None or not isinstance(facts, ImageFacts):
                yield Output(f"{folder}/{path}", rel, source=self.content / rel)
                continue
            data = self.kept.get((rel, variant))
            if data is None:
                try:
                    if files[0] != rel:
                        files = (rel, self._files(rel, facts))
                except ImageChanged:
                    problems.append(error(str(self.content / rel), 1, "the image changed "
                                          "while the build read it: build again"))
                    continue
                except OSError as exc:
                    problems.append(error(str(self.content / rel), 1, f"cannot read: {exc}"))
                    continue
                data = files[1][variant]
            yield Output(f"{folder}/{path}", rel, data)

    def _files(self, rel: str, facts: ImageFacts) -> dict[Variant, bytes]:
        def read() -> bytes:
            data = safe_files.read_bytes(self.content / rel, MAX_IMAGE_BYTES)
            if hashlib.sha256(data).hexdigest() != facts.digest:
                raise ImageChanged(rel)
            return data

        return image_files(self.store, read, facts)

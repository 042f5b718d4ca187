"""Coverage of regional additions: which slot of which national text each region fills.

One table (SlotCoverage rows) serves both the `check` warning for a missing
easy-to-read fill and the editorial report's coverage section.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import ContentTree, Fill
from generator.diagnostics import Diagnostic, warning
from generator.render.article_texts import TextKey
from generator.render.markdown import Parsed

FILLED = "filled"  # the region's own fill for this text (lättläst fill on a lättläst page)
STANDARD_FILL = "standard-fill"  # lättläst page shows the region's standard fill instead
UNFILLED = "unfilled"  # the national default is shown


@dataclass(frozen=True)
class SlotCoverage:
    region: str
    section: str
    slug: str
    lattlast: bool  # a slot of the lättläst text
    slot: str
    status: str  # FILLED, STANDARD_FILL or UNFILLED
    fill: Fill | None  # the fill the page shows

    @property
    def national_path(self) -> str:
        suffix = ".lattlast.md" if self.lattlast else ".md"
        return f"national/{self.section}/{self.slug}{suffix}"


def declared_slots(parsed: dict[TextKey, Parsed]) -> dict[TextKey, tuple[str, ...]]:
    """Slot names of each parsed national text, in the order the text declares them."""
    declared = {}
    for key, text in parsed.items():
        names = [block.slot for block in text.blocks if block.slot]
        declared[key] = tuple(dict.fromkeys(names))  # a duplicate has its own error
    return declared


def slot_coverage(
    tree: ContentTree, declared: dict[TextKey, tuple[str, ...]], regions: list[str] | None = None
) -> list[SlotCoverage]:
    """Every (region, published national text, slot), with the fill that region shows there."""
    published = {key for key, article in tree.articles.items() if not article.standard.meta.draft}
    fills = {
        (f.region, f.section, f.slug, f.lattlast, f.slot): f
        for f in tree.fills
        if not f.meta.draft and f.language is None
    }
    rows = []
    for region in sorted(tree.regions) if regions is None else regions:
        for (section, slug, lattlast, language), slots in sorted(
                declared.items(), key=lambda item: (*item[0][:3], item[0][3] or "")):
            if (section, slug) not in published or language is not None:
                continue  # the Swedish texts' slots
            for slot in slots:
                own = fills.get((region, section, slug, lattlast, slot))
                standard = fills.get((region, section, slug, False, slot)) if lattlast else None
                if own is not None:
                    status, fill = FILLED, own
                elif standard is not None:
                    status, fill = STANDARD_FILL, standard
                else:
                    status, fill = UNFILLED, None
                rows.append(SlotCoverage(region, section, slug, lattlast, slot, status, fill))
    return rows


def missing_lattlast_fills(rows: list[SlotCoverage]) -> list[Diagnostic]:
    """A lättläst page that shows a region's standard fill because no easy-to-read fill exists.

    A slot the region does not fill at all is not reported: its page shows the
    national easy-to-read default, which is what the reader should get.
    """
    return [
        warning(
            row.fill.source.shown,
            1,
            f"no easy-to-read fill: the lättläst page of {row.national_path} shows this "
            f"standard fill in slot '{row.slot}'; write {row.slot}.lattlast.md beside it",
        )
        for row in rows
        if row.status == STANDARD_FILL and row.fill is not None
    ]

"""How a list of articles shows each one: section pages, topic pages, the lättläst list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.render.overlay import ArticleText


@dataclass(frozen=True)
class ArticleLink:
    title: str
    summary: str
    url: str
    lattlast_url: str | None
    regional: bool


def article_links(
    texts: Iterable[ArticleText], lattlast: Mapping[tuple[str, str], ArticleText]
) -> tuple[ArticleLink, ...]:
    """A link to each standard text of `texts`, with its lättläst text's page where
    `lattlast` (by article) has one."""
    return tuple(
        ArticleLink(
            t.text.meta.title,
            t.text.meta.summary,
            t.url,
            lattlast[t.article.key].url if t.article.key in lattlast else None,
            t.article.region is not None,
        )
        for t in texts
    )

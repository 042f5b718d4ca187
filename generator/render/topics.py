"""Topic pages: each topic's articles as one site has them, with the region's introduction,
and the topics an article page links to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.content.model import Article, ContentTree, FillMeta, Region, Source, Team, Topic
from generator.diagnostics import Diagnostic
from generator.language import sort_key
from generator.render.article_links import ArticleLink, article_links
from generator.render.article_texts import render_text, text_outline, text_source
from generator.render.links import LinkIndex
from generator.render.markdown import Chunk, Parsers
from generator.render.overlay import ArticleText
from generator.site_urls import topic_url
from generator.store import Store


@dataclass(frozen=True)
class IntroPart:
    """A region's introduction, as its topic page shows it: regional information."""

    html: str
    region: Region
    team: Team
    meta: FillMeta
    source: Source
    media: dict[str, str]  # site path -> content path of media it uses

    def __repr__(self) -> str:
        # As FillPart's (render/overlay.py): the HTML enters a page's key as its digest.
        return (f"IntroPart({Chunk(self.html)!r}, {self.region!r}, {self.team!r}, "
                f"{self.meta!r}, {self.source!r}, {self.media!r})")


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    url: str
    articles: tuple[ArticleLink, ...]  # by title
    intro: IntroPart | None = None


def render_intros(
    tree: ContentTree, region: Region | None, index: LinkIndex, parsers: Parsers, store: Store
) -> tuple[dict[str, IntroPart], list[Diagnostic]]:
    """The region's published introductions by topic, rendered as regional text is (HTML
    escaped) on their topic pages, and the problems found in them."""
    intros: dict[str, IntroPart] = {}
    problems: list[Diagnostic] = []
    if region is None:
        return intros, problems
    for intro in tree.topic_intros:
        if intro.region != region.slug or intro.meta.draft or intro.topic not in tree.topics:
            continue
        text = text_source(intro.source, parsers, store, trusted=False)
        problems += text_outline(text, store)[1]
        shown, found = render_text(text, index, parsers, store, topic_url(intro.topic), None)
        problems += found
        intros[intro.topic] = IntroPart(
            "".join(part.html for part in shown.rendered.parts), region,
            tree.teams[intro.meta.owner], intro.meta, intro.source, shown.media)
    return intros, problems


def topic_views(
    tree: ContentTree, texts: list[ArticleText], intros: dict[str, IntroPart]
) -> tuple[TopicView, ...]:
    """The topics this site has articles on or an introduction to, life situations first,
    each with its articles (national and the region's own) by title."""
    lattlast = {t.article.key: t for t in texts if t.text.lattlast}
    by_topic: dict[str, list[ArticleText]] = {}
    for shown in texts:
        if shown.text.variant is None:
            for topic in article_topics(tree, shown.article):
                by_topic.setdefault(topic.slug, []).append(shown)
    views = []
    for topic in sorted_topics(tree.topics[slug] for slug in by_topic.keys() | intros.keys()):
        found = sorted(by_topic.get(topic.slug, ()), key=lambda t: sort_key(t.text.meta.title))
        views.append(TopicView(topic, topic_url(topic.slug), article_links(found, lattlast),
                               intros.get(topic.slug)))
    return tuple(views)


def article_topics(tree: ContentTree, article: Article) -> tuple[Topic, ...]:
    """The declared topics its Swedish texts name, in the order the topics are listed."""
    slugs = {slug for text in article.swedish_texts() for slug in text.meta.topics}
    return sorted_topics(tree.topics[slug] for slug in slugs if slug in tree.topics)


def sorted_topics(topics: Iterable[Topic]) -> tuple[Topic, ...]:
    """Life situations first, then by `order` (topics without one last), then by title."""
    return tuple(sorted(topics, key=lambda t: (not t.situation, t.order is None,
                                               t.order or 0, sort_key(t.title))))

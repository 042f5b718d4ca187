"""The loaded content tree: plain frozen data that every later stage reads."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from generator.content.image_facts import ImageInfo
from generator.content.layout import LATTLAST
from generator.site_urls import article_url


@dataclass(frozen=True)
class SiteConfig:
    name: str
    language: str
    base_url: str
    review_interval_months: int = 12
    lix_limit_lattlast: int = 40
    theme: str = "default"
    notice: str | None = None


@dataclass(frozen=True)
class Language:
    """A language the sites offer translations in (languages.yml)."""

    code: str  # BCP 47: en, ar, fi, fit, se, ...
    name: str  # in Swedish: Arabiska
    native: str  # in the language itself: العربية
    dir: str = "ltr"  # "rtl" for a language written right to left


@dataclass(frozen=True)
class Topic:
    """A topic or life situation (topics.yml): a page in every site that lists its articles."""

    slug: str
    title: str
    summary: str
    order: int | None = None
    situation: bool = False  # a life situation: listed before the other topics


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    owns: tuple[str, ...]
    handle: str | None = None  # CODEOWNERS owner; None: codeowners.py derives one


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    team: str
    county: str | None = None
    contact: str | None = None
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    summary: str
    order: int | None = None


@dataclass(frozen=True)
class Source:
    """One Markdown file: where it is and where its body starts."""

    rel: str  # path relative to the content folder, with '/'
    shown: str  # path as printed in diagnostics
    body: str
    body_line: int  # 1-based file line of the body's first line
    meta_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)

    def __repr__(self) -> str:
        # Store keys are digests of repr() (store.py); a page's data holds the sources of
        # its texts, and the body's own digest, made once, keeps those keys small.
        return (f"Source({self.rel!r}, {self.shown!r}, sha256:{self.body_digest}, "
                f"{self.body_line!r}, {self.meta_lines!r})")

    @cached_property
    def body_digest(self) -> str:
        return hashlib.sha256(self.body.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ArticleMeta:
    title: str
    summary: str
    owner: str
    reviewed: dt.date
    review_interval_months: int | None = None
    editor: str | None = None
    fact_checkers: tuple[str, ...] = ()
    process: str | None = None
    topics: tuple[str, ...] = ()
    audio: str | None = None
    order: int | None = None
    draft: bool = False
    aliases: tuple[str, ...] = ()
    # A translation's: the `reviewed` date of the Swedish text it was translated from.
    source_reviewed: dt.date | None = None
    translator: str | None = None
    language_reviewer: str | None = None


@dataclass(frozen=True)
class FillMeta:
    owner: str
    reviewed: dt.date
    editor: str | None = None
    review_interval_months: int | None = None
    draft: bool = False


@dataclass(frozen=True)
class Text:
    """An article text: the standard one, its lättläst version or a translation."""

    source: Source
    meta: ArticleMeta
    lattlast: bool = False
    language: str | None = None  # a translation's; None: Swedish

    @property
    def variant(self) -> str | None:
        """What its file name adds to the article's (content/layout.py): None for the
        standard text, else "lattlast" or the translation's language."""
        return LATTLAST if self.lattlast else self.language


@dataclass(frozen=True)
class Article:
    section: str
    slug: str
    standard: Text
    lattlast_text: Text | None = None
    region: str | None = None  # set for region-only articles
    translations: tuple[Text, ...] = ()  # by language code

    @property
    def key(self) -> tuple[str, str]:
        return (self.section, self.slug)

    @property
    def url(self) -> str:
        return article_url(self.section, self.slug)

    def texts(self) -> tuple[Text, ...]:
        """The Swedish texts, then the translations."""
        return self.swedish_texts() + self.translations

    def swedish_texts(self) -> tuple[Text, ...]:
        return (self.standard,) + ((self.lattlast_text,) if self.lattlast_text else ())

    def with_texts(self, texts: dict[str, Text]) -> Article:
        """The article with the texts that `texts` (by content path) holds in their place."""
        def new(text: Text) -> Text:
            return texts.get(text.source.rel, text)
        return replace(self, standard=new(self.standard),
                       lattlast_text=self.lattlast_text and new(self.lattlast_text),
                       translations=tuple(map(new, self.translations)))


def article_of(section: str, slug: str, texts: Iterable[Text], region: str | None = None
               ) -> Article | None:
    """The article that these texts of it make; None without its standard text."""
    found = sorted(texts, key=lambda text: text.source.rel)
    standard = next((text for text in found if text.variant is None), None)
    if standard is None:
        return None
    easy = next((text for text in found if text.lattlast), None)
    return Article(section, slug, standard, easy, region,
                   tuple(text for text in found if text.language is not None))


@dataclass(frozen=True)
class Fill:
    region: str
    section: str
    slug: str
    slot: str
    lattlast: bool
    source: Source
    meta: FillMeta
    language: str | None = None  # a translated fill's; None: Swedish


@dataclass(frozen=True)
class TopicIntro:
    """A region's introduction to a topic page on its own site."""

    region: str
    topic: str
    source: Source
    meta: FillMeta


@dataclass(frozen=True)
class ContentTree:
    config: SiteConfig
    teams: dict[str, Team]
    regions: dict[str, Region]
    sections: dict[str, Section]
    articles: dict[tuple[str, str], Article]  # national, published and drafts
    region_articles: dict[str, dict[tuple[str, str], Article]]
    fills: tuple[Fill, ...]
    files: frozenset[str]  # every file under content/, relative, for media lookups
    # Files the build must not read or publish (content/files.py) -> why.
    refused: dict[str, str] = field(default_factory=dict)
    languages: dict[str, Language] = field(default_factory=dict)  # languages.yml, by code
    topics: dict[str, Topic] = field(default_factory=dict)  # topics.yml, by slug
    topic_intros: tuple[TopicIntro, ...] = ()
    # Each image beside the texts -> its size and format, or why it cannot be shown.
    images: dict[str, ImageInfo] = field(default_factory=dict)

    def every_article(self) -> Iterator[Article]:
        """The national articles, then each region's own; drafts too."""
        for articles in (self.articles, *self.region_articles.values()):
            yield from articles.values()

    def every_text(self) -> Iterator[Text]:
        """Every article text, lättläst texts too; fills are not article texts."""
        for article in self.every_article():
            yield from article.texts()

    def next_review(self, meta: ArticleMeta | FillMeta) -> dt.date:
        """When the facts of a text or fill are due to be checked again."""
        months = meta.review_interval_months or self.config.review_interval_months
        return next_review(meta.reviewed, months)


def next_review(reviewed: dt.date, months: int) -> dt.date:
    """The date a review falls due: `months` after `reviewed`, on the last day if shorter."""
    month_index = reviewed.month - 1 + months
    year, month = reviewed.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(reviewed.day, calendar.monthrange(year, month)[1]))

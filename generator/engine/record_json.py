"""How the records of engine/site_record.py are written as plain JSON, and checked for shape
when read back: a value of the wrong type raises TypeError, ValueError or KeyError."""

from __future__ import annotations

from typing import Any, TypeVar

from generator.content.image_facts import info_of, plain_info
from generator.diagnostics import Diagnostic, diagnostic_of, plain_diagnostic
from generator.render.links import LinkIndex, Target
from generator.search.documents import ResultPage
from generator.search.weights import DocTerms, terms_of_plain

T = TypeVar("T")


def plain_index(index: LinkIndex) -> dict[str, Any]:
    return {
        "sources": {rel: [t.url, sorted(t.anchors)] for rel, t in index.sources.items()},
        "pages": {url: sorted(t.anchors) for url, t in index.pages.items()},
        "files": sorted(index.files), "unpublished": sorted(index.unpublished),
        "refused": dict(index.refused),
        "images": {rel: plain_info(info) for rel, info in index.images.items()},
    }


def index_of(data: Any) -> LinkIndex:
    data = a_dict(data)
    return LinkIndex(
        {a_str(rel): Target(a_str(url), frozenset(strs(anchors)))
         for rel, (url, anchors) in a_dict(data["sources"]).items()},
        {a_str(url): Target(url, frozenset(strs(anchors)))
         for url, anchors in a_dict(data["pages"]).items()},
        frozenset(strs(data["files"])), frozenset(strs(data["unpublished"])),
        str_dict(data["refused"]),
        {a_str(rel): info_of(info) for rel, info in a_dict(data["images"]).items()})


def plain_search(first: int, pages: tuple[ResultPage, ...],
                 docs: tuple[tuple[str, DocTerms], ...]) -> list[Any]:
    return [first, [[p.url, p.title, p.summary, p.section, p.lattlast,
                     [list(t) for t in p.translations]] for p in pages],
            [[ref, terms] for ref, terms in docs]]


def search_of(data: Any) -> tuple[int, tuple[ResultPage, ...], tuple[tuple[str, DocTerms], ...]]:
    first, pages, docs = a_list(data)
    return (int(first),
            tuple(ResultPage(a_str(url), a_str(title), a_str(summary), a_str(section),
                             a_bool(easy), tuple(tuple(strs(t)) for t in a_list(translations)))
                  for url, title, summary, section, easy, translations in pages),
            tuple((a_str(ref), terms_of_plain(terms)) for ref, terms in docs))


def plain_diagnostics(found: list[Diagnostic]) -> list[list[Any]]:
    return [plain_diagnostic(d) for d in found]


def diagnostics_of(data: Any) -> list[Diagnostic]:
    return [diagnostic_of(d) for d in a_list(data)]


def plain_by_path(found: dict[str, list[Diagnostic]]) -> dict[str, list[list[Any]]]:
    return {path: plain_diagnostics(problems) for path, problems in found.items()}


def by_path_of(data: Any) -> dict[str, list[Diagnostic]]:
    return {a_str(path): diagnostics_of(found) for path, found in a_dict(data).items()}


def a_str(value: Any) -> str:
    return _checked(value, str, "a string")


def a_bool(value: Any) -> bool:
    return _checked(value, bool, "true or false")


def a_list(value: Any) -> list:
    return _checked(value, list, "a list")


def a_dict(value: Any) -> dict:
    return _checked(value, dict, "a mapping")


def _checked(value: Any, kind: type[T], what: str) -> T:
    if not isinstance(value, kind):
        raise TypeError(f"not {what}: {value!r}")
    return value


def strs(value: Any) -> tuple[str, ...]:
    return tuple(a_str(item) for item in a_list(value))


def str_dict(value: Any) -> dict[str, str]:
    found = a_dict(value)
    if not all(isinstance(item, str) for item in found.values()):
        raise TypeError("not a mapping of strings")
    return found  # JSON's keys are strings

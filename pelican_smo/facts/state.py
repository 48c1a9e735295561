"""Per-build state that fact collection reads from: settings, config, static files, caches.

One ``BuildState`` per ``Pelican`` instance, kept in that instance's settings dict
(``attach``/``of``): i18n_subsites runs a second ``Pelican`` inside the first, with a
copy of the settings, and a nested build must never see or change the outer one's
state. Generators, writers and template contexts all hold the same settings object
(or a copy made after ``initialized``), so the state is found from any of them.
"""

from __future__ import annotations

import dataclasses
import logging
import posixpath
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from pelican_smo.facts.probe import ImageProbe
from pelican_smo.facts.site import og_locale, publisher_facts, read_language, site_facts
from pelican_smo.i18n import Strings, catalog_for
from pelican_smo.i18n.languages import Language
from pelican_smo.model import AuthorFact
from pelican_smo.settings import SmoConfig
from pelican_smo.util.urls import absolute_url, same_origin, url_path

logger = logging.getLogger(__name__)

#: Marks a per-build value not looked up yet (``None`` is a valid answer).
_UNRESOLVED = object()
#: The settings key that holds a build's state. Not ``SMO_*``: it is not a setting.
_STATE_KEY = "_SMO_BUILD_STATE"


def attach(settings: dict[str, Any], state: BuildState) -> None:
    """Keep ``state`` in its build's settings (replacing what a copied dict carried over)."""
    settings[_STATE_KEY] = state


def of(settings: Mapping[str, Any] | None) -> BuildState | None:
    """The state of the build whose settings (or template context) these are, if any."""
    state = settings.get(_STATE_KEY) if settings is not None else None
    return state if isinstance(state, BuildState) else None


def static_url(static: Any) -> str:
    """A static file's URL, read without marking it as referenced.

    Pelican's ``Static.url`` notes that a link now depends on the file's location,
    and ``{attach}`` then refuses to move it next to the content that attaches it
    ("cannot relocate"): reading it for a preview must not change where Pelican
    puts the file.
    """
    referenced = getattr(static, "_output_location_referenced", None)
    try:
        return str(static.url)
    finally:
        if referenced is not None:
            static._output_location_referenced = referenced


class BuildState:
    """Settings, config, site facts and caches for one build.

    Created at ``initialized``; ``bind_context`` is called once the generators
    have found every static file, which is when image references can be
    resolved (the publisher's logo among them).
    """

    def __init__(self, settings: Mapping[str, Any], config: SmoConfig,
                 card_style: Any = None) -> None:
        self.settings = settings
        self.config = config
        #: The cards' ``CardStyle`` (validated at start-up), ``None`` when cards are off.
        self.card_style = card_style
        #: ``SMO_AUTHORS`` as facts, by name.
        self.authors = {name: AuthorFact(name=name, **profile)
                        for name, profile in config.authors.items()}
        #: Card jobs of the current run (``cards.CardJobs``), and each carded page's content.
        self.card_jobs: Any = None
        self.card_pages: dict[str, Any] = {}
        #: The home and listing pages' card (``facts.cards.site_card_image``), once planned, and
        #: the facts of each listing page written naming it, by output path (re-spliced
        #: without it if it cannot be drawn).
        self.site_card: Any = None
        self.site_card_pages: dict[str, Any] = {}
        #: Image URLs of each feed written while cards were being drawn, by file path.
        self.feed_images: dict[str, set[str]] = {}
        #: How many head blocks and share bars the theme's templates have written
        #: (``smo_head()``, ``smo_share()``): a page whose render left it unchanged has
        #: neither, and is not searched for them.
        self.markers_written = 0
        #: Every content object of the run (set at ``all_generators_finalized``).
        self.contents: list[Any] = []
        #: Each content object's facts (``None``: it opted out), by ``id``, beside the
        #: object itself (so its ``id`` is never reused meanwhile). Kept here, not on
        #: Pelican's object: an attribute of ours would change what other plugins see,
        #: and adding one to each object's attribute table cost 1.7 MB on 1,000 posts.
        self._page_facts: dict[int, tuple[Any, Any]] = {}
        #: Absolute URL → content object, built at the first feed (``facts.links_of``).
        self.links: dict[str, Any] | None = None
        self._warned: set[str] = set()
        self.site = site_facts(settings, config, self._warn)
        self.images = ImageProbe()
        self._context: Mapping[str, Any] = {}
        self._static_files: dict[str, str] | None = None
        self._languages: dict[str, Language | None] = {}
        self._locales: dict[Language | None, str | None] = {}
        self._strings: dict[str | None, Strings] = {}
        #: The words of the pages that have a share bar: a Mastodon page is written for each.
        self.share_strings: set[Strings] = set()
        self._urls: dict[tuple[str, str], str | None] = {}
        self._page_urls: dict[int, str | None] = {}
        self._unlisted_authors: dict[tuple[str, str | None], AuthorFact] = {}
        #: ``{static}``/``{filename}`` references Pelican resolved, by (reference, folder).
        #: ``None``: Pelican found no file.
        self.resolved_links: dict[tuple[str, str], str | None] = {}
        #: ``SMO_DEFAULT_IMAGE``'s facts, once resolved (``collect.media.default_image``).
        self.default_image_fact: Any = _UNRESOLVED
        #: Pelican's link syntax (``{static}x``, ``|static|x``: ``INTRASITE_LINK_REGEX``),
        #: matched at the start of a reference.
        self.link_syntax = re.compile(str(settings.get("INTRASITE_LINK_REGEX")
                                          or "[{|](?P<what>.*?)[|}]")).match
        #: ``mastodon``/``bluesky`` metadata left out as not a post address, for the
        #: build-time audit: (page's output path, field) → (source file, value, why).
        self.post_problems: dict[tuple[str, str], tuple[str, str, str]] = {}

    def facts_for(self, content: Any) -> tuple[bool, Any]:
        """(known, facts): whether ``content``'s facts were collected in this run, and
        them (``PageFacts``, or ``None`` for a page that opted out)."""
        entry = self._page_facts.get(id(content))
        if entry is None or entry[0] is not content:
            return False, None
        return True, entry[1]

    def keep_facts(self, content: Any, page: Any) -> None:
        """Remember ``content``'s facts (``PageFacts`` or ``None``) for this run."""
        self._page_facts[id(content)] = (content, page)

    def bind_context(self, context: Mapping[str, Any]) -> None:
        """Start a run: remember Pelican's shared generator context (it lists the static
        files) and forget what the last run read.

        ``pelican --autoreload`` runs many builds after one ``initialized``, so the
        image facts and the once-per-build warnings are reset here, per run.
        """
        self._context = context
        self._static_files = None
        self._warned = set()
        self._languages = {}
        self.share_strings = set()
        self._urls = {}
        self._page_urls = {}
        self._page_facts = {}  # the last run's objects are gone: let them go
        self._unlisted_authors = {}
        self.resolved_links = {}
        self.links = None
        self.default_image_fact = _UNRESOLVED
        self.site_card = None
        self.site_card_pages = {}
        self.feed_images = {}
        self.post_problems = {}
        self.images = ImageProbe()
        self.site = dataclasses.replace(self.site, publisher=publisher_facts(self))

    def static_file_for(self, url: str) -> str | None:
        """Source file of the static file Pelican publishes at ``url`` (absolute, or a path
        from the host's root), ``None`` for a URL outside the site's path.

        The URL → file map is built once per build, on first use.
        """
        if self._static_files is None:
            self._static_files = {}
            for static in (self._context.get("static_content") or {}).values():
                source = getattr(static, "source_path", None)
                if source:
                    self._static_files["/" + static_url(static).lstrip("/")] = source
        path = self.site_path(url)
        return None if path is None else self._static_files.get("/" + unquote(path))

    def site_path(self, url: str) -> str | None:
        """The path of ``url`` below the site's own (``https://x.org/blog`` +
        ``/blog/a/b.png`` → ``a/b.png``, still percent-encoded), or ``None`` when the URL
        is not on this site: another host, or the same host outside the site's path."""
        site = self.site.url
        if site is None or not same_origin(url, site):
            return None
        path = url_path(url)
        base = url_path(site).rstrip("/")
        if base:
            if not path.startswith(base + "/"):
                return None
            path = path[len(base):]
        return path.lstrip("/")

    def static_by_path(self, path: str) -> str | None:
        """URL (site-relative) of the static file whose source is ``path`` below the content
        folder, if Pelican publishes one."""
        static = (self._context.get("static_content") or {}).get(path)
        return static_url(static) if static is not None else None

    def content_relative_static(self, ref: str, content: Any) -> str | None:
        """URL of a static file named relative to the content file's folder, if there is one."""
        statics = self._context.get("static_content") or {}
        key = posixpath.normpath(posixpath.join(getattr(content, "relative_dir", ""), ref))
        static = statics.get(key)
        return static_url(static) if static is not None else None

    def language_of(self, lang: Any, where: str = "lang") -> Language | None:
        """A content's ``lang`` read as a language (``facts.site.read_language``), once per
        value per build; a value that is no language code is warned about once."""
        if not isinstance(lang, str):
            return None
        if lang not in self._languages:
            self._languages[lang] = read_language(lang, where, self._warn)
        return self._languages[lang]

    def locale_of(self, language: Language | None) -> str | None:
        """``og:locale`` of a language (``facts.site.og_locale``), once per build."""
        if language not in self._locales:
            self._locales[language] = og_locale(language, self.settings)
        return self._locales[language]

    def strings_for(self, tag: str | None) -> Strings:
        """The words for a page in language ``tag`` (BCP 47; ``None``: the site's): its
        catalog (``i18n.catalog_for``) with the site's ``SMO_STRINGS`` overrides."""
        tag = tag or self.site.language
        if tag not in self._strings:
            catalog = catalog_for(tag)
            overrides = self.config.strings
            merged = dict(overrides.get("*", ()))
            merged.update(overrides.get(catalog, ()))
            self._strings[tag] = Strings(catalog, tuple(merged.items()))
        return self._strings[tag]

    def _warn(self, key: str, message: str) -> None:
        self.warn_once(key, "%s", message)

    def page_url(self, content: Any) -> str | None:
        """Absolute URL of a content object, once per object per build (its own page and
        its translations' hreflang sets all ask)."""
        key = id(content)
        if key not in self._page_urls:
            self._page_urls[key] = absolute_url(self.site.url, content.url) \
                if self.site.url else None
        return self._page_urls[key]

    def url_of(self, obj: Any) -> str | None:
        """Absolute URL of a Pelican category or author page, once per object per build
        (Pelican formats its URL settings anew on every ``.url``)."""
        key = (type(obj).__name__, getattr(obj, "slug", None) or str(obj))
        if key not in self._urls:
            path = getattr(obj, "url", None)
            self._urls[key] = absolute_url(self.site.url, path) \
                if path and self.site.url else None
        return self._urls[key]

    def unlisted_author(self, name: str, url: str | None) -> AuthorFact:
        """An author without an ``SMO_AUTHORS`` entry: their name and author page, one
        object per build that all their articles share."""
        key = (name, url)
        if key not in self._unlisted_authors:
            self._unlisted_authors[key] = AuthorFact(name=name, url=url)
        return self._unlisted_authors[key]

    def warn_once(self, key: str, message: str, *args: Any) -> None:
        """Log a warning the first time ``key`` is seen in this build."""
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message, *args)

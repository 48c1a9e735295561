"""Per-build state that fact collection reads from: settings, config, static files, caches."""

from __future__ import annotations

import dataclasses
import logging
import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from pelican_smo.collect.site import publisher_facts, site_facts
from pelican_smo.config import SmoConfig
from pelican_smo.images import ImageProbe
from pelican_smo.urls import url_path

logger = logging.getLogger(__name__)


class BuildResources:
    """Settings, config, site facts and caches for one build.

    Created at ``initialized``; ``bind_context`` is called once the generators
    have found every static file, which is when image references can be
    resolved (the publisher's logo among them).
    """

    def __init__(self, settings: Mapping[str, Any], config: SmoConfig) -> None:
        self.settings = settings
        self.config = config
        self.site = site_facts(settings, config)
        self.images = ImageProbe()
        self._context: Mapping[str, Any] = {}
        self._static_files: dict[str, str] | None = None
        self._warned: set[str] = set()

    def bind_context(self, context: Mapping[str, Any]) -> None:
        """Start a run: remember Pelican's shared generator context (it lists the static
        files) and forget what the last run read.

        ``pelican --autoreload`` runs many builds after one ``initialized``, so the
        image facts and the once-per-build warnings are reset here, per run.
        """
        self._context = context
        self._static_files = None
        self._warned = set()
        self.images = ImageProbe()
        self.site = dataclasses.replace(self.site, publisher=publisher_facts(self))

    def static_file_for(self, url: str) -> str | None:
        """Source file of the static file Pelican publishes at ``url`` (absolute or relative).

        The URL → file map is built once per build, on first use.
        """
        if self._static_files is None:
            self._static_files = {}
            for static in (self._context.get("static_content") or {}).values():
                source = getattr(static, "source_path", None)
                if source:
                    self._static_files["/" + static.url.lstrip("/")] = source
        path = url_path(url)
        if self.site.url:
            base = url_path(self.site.url)
            if base and path.startswith(base + "/"):
                path = path[len(base):]
        return self._static_files.get("/" + unquote(path).lstrip("/"))

    def content_relative_static(self, ref: str, content: Any) -> str | None:
        """URL of a static file named relative to the content file's folder, if there is one."""
        statics = self._context.get("static_content") or {}
        key = posixpath.normpath(posixpath.join(getattr(content, "relative_dir", ""), ref))
        static = statics.get(key)
        return static.url if static is not None else None

    def warn_once(self, key: str, message: str, *args: Any) -> None:
        """Log a warning the first time ``key`` is seen in this build."""
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message, *args)

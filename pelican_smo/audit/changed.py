"""Which pages' link previews changed since the last time they were recorded.

Facebook, LinkedIn and X cache a URL's preview for days: after a changed title,
description or picture, each such page must be scraped again (Facebook's Sharing
Debugger, LinkedIn's Post Inspector). ``changed_pages`` compares what each built page
shows when shared (``og:title``, ``og:description``, ``og:image`` and the image file's
own digest, so a replaced file under the same name counts) with a saved state, a
JSON file written by ``save_state``.

State file (``STATE_VERSION`` 1)::

    {"version": 1, "pages": {"<page URL>": {"title": …, "description": …,
                                            "image": …, "image_digest": …}}}
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from pelican_smo.audit.parse import html_files, read_page
from pelican_smo.audit.report import infer_site_url
from pelican_smo.util.write import write_atomic

STATE_VERSION = 1
#: What a preview shows, in the order changes are reported.
FIELDS = ("title", "description", "image", "image_digest")
#: Where each platform re-scrapes a URL (their documented tools).
RESCRAPE = (
    ("Facebook Sharing Debugger", "https://developers.facebook.com/tools/debug/?q={}"),
    ("LinkedIn Post Inspector", "https://www.linkedin.com/post-inspector/inspect/{}"),
)


class StateError(ValueError):
    """The state file cannot be read as a saved preview state."""


@dataclass(frozen=True)
class Change:
    """One page whose preview differs from the saved state (``fields``: what changed;
    ``("new",)`` for a page the state does not know)."""

    url: str
    fields: tuple[str, ...]

    def rescrape_links(self) -> list[tuple[str, str]]:
        """(tool, address) to ask each platform to read the page again."""
        return [(name, pattern.format(quote(self.url, safe=""))) for name, pattern in RESCRAPE]


def previews(output_dir: str, site_url: str | None = None) -> dict[str, dict[str, str | None]]:
    """What each indexable, shareable page of the built site shows when shared, by URL."""
    heads = []
    for rel in html_files(output_dir)[0]:
        head, problem = read_page(output_dir, rel)
        if problem is None and not head.tool_page and not head.redirect:
            heads.append(head)
    site_url = site_url or infer_site_url(heads)
    found: dict[str, dict[str, str | None]] = {}
    for head in heads:
        url = head.first("og:url") or (head.canonicals[0] if head.canonicals else None)
        if not url or head.noindex:
            continue
        image = head.first("og:image")
        found[url] = {"title": head.first("og:title"),
                      "description": head.first("og:description"),
                      "image": image,
                      "image_digest": _file_digest(output_dir, site_url, image)}
    return found


def _file_digest(output_dir: str, site_url: str | None, image: str | None) -> str | None:
    """sha256 (16 hex digits) of an image that is a file of this output, else ``None``."""
    if not image or not site_url or not image.startswith(site_url.rstrip("/") + "/"):
        return None
    rel = unquote(urlsplit(image).path[len(urlsplit(site_url).path.rstrip("/")):]).lstrip("/")
    base = os.path.realpath(output_dir)
    path = os.path.realpath(os.path.join(base, rel))
    if os.path.commonpath([path, base]) != base:  # "../" in the URL: not this output
        return None
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()[:16]
    except OSError:
        return None


def load_state(path: str) -> dict[str, dict[str, str | None]] | None:
    """The saved previews, or ``None`` when there is no state file yet."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise StateError(f"{path}: not a saved preview state ({err})") from err
    if not isinstance(data, Mapping) or data.get("version") != STATE_VERSION \
            or not isinstance(data.get("pages"), Mapping):
        raise StateError(f"{path}: not a version {STATE_VERSION} preview state")
    return {str(url): dict(fields) for url, fields in data["pages"].items()}


def save_state(path: str, pages: Mapping[str, Mapping[str, str | None]]) -> None:
    """Write the previews as the new state (atomically)."""
    text = json.dumps({"version": STATE_VERSION, "pages": pages}, ensure_ascii=False,
                      indent=1, sort_keys=True)
    write_atomic(path, text + "\n")


def changed_pages(now: Mapping[str, Mapping[str, str | None]],
                  before: Mapping[str, Mapping[str, str | None]]) -> list[Change]:
    """Pages whose preview differs from ``before`` (new pages included), sorted by URL."""
    changes = []
    for url in sorted(now):
        if url not in before:
            changes.append(Change(url, ("new",)))
            continue
        fields = tuple(f for f in FIELDS if now[url].get(f) != before[url].get(f))
        if fields:
            changes.append(Change(url, fields))
    return changes


def format_changes(changes: Iterable[Change]) -> str:
    """One block per page: its URL, what changed, and where to have it read again."""
    lines = []
    for change in changes:
        lines.append(f"{change.url}  ({', '.join(change.fields)})")
        lines.extend(f"  {name}: {link}" for name, link in change.rescrape_links())
    return "\n".join(lines) + ("\n" if lines else "")


__all__ = ["Change", "StateError", "changed_pages", "format_changes",
           "load_state", "previews", "save_state"]

"""``robots-blocks-preview``: a ``robots.txt`` that keeps link-preview crawlers out.

Platforms draw a link's card from what their own crawler reads; one that obeys
``robots.txt`` and is disallowed draws none (X: "Twitterbot … respects robots.txt").
The file is read with the standard library's ``urllib.robotparser``, as a crawler
would, for each crawler below and each page worth sharing (readable, not a redirect,
not ``noindex``, not opted out), and for each page's card image.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from urllib.robotparser import RobotFileParser

from pelican_smo.audit.model import WARNING, Finding, PageHead, SiteIndex

__all__ = ["CRAWLERS", "ROBOTS_FILE", "robots_txt"]

ROBOTS_FILE = "robots.txt"
#: Platform → the names its preview crawler goes by in ``robots.txt`` (the product
#: token of its User-Agent; ``robotparser`` matches a rule's name inside it, so
#: ``Slackbot`` rules apply to ``Slackbot-LinkExpanding``). Bluesky's card fetcher
#: ("cardyb") sends ``… compatible; Bluesky Cardyb/1.1 …``; Mastodon's
#: ``http.rb/… (Mastodon/…)``.
CRAWLERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Facebook", ("facebookexternalhit",)),
    ("X", ("Twitterbot",)),
    ("LinkedIn", ("LinkedInBot",)),
    ("Slack", ("Slackbot-LinkExpanding",)),
    ("Discord", ("Discordbot",)),
    ("Telegram", ("TelegramBot",)),
    ("WhatsApp", ("WhatsApp",)),
    ("Apple Messages", ("Applebot",)),
    ("Bluesky", ("Cardyb",)),
    ("Mastodon", ("Mastodon", "http.rb")),
)
#: The most a robots.txt is read (Google reads 500 KiB of one).
MAX_BYTES = 500 * 1024


def robots_txt(heads: Iterable[PageHead], site: SiteIndex) -> list[Finding]:
    """One finding per set of crawlers kept from the same pages: ``page`` is
    ``robots.txt``, ``pages`` the pages whose link would show no card there."""
    if ROBOTS_FILE not in site.files:
        return []
    try:
        with open(os.path.join(site.output_dir, ROBOTS_FILE), "rb") as handle:
            text = handle.read(MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return []
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    parser.modified()  # can_fetch answers False until the file counts as read
    if parser.allow_all or (not parser.entries and parser.default_entry is None):
        return []
    shared = [head for head in heads if head.readable and head.redirect is None
              and not head.noindex and not head.opted_out]
    may_read: dict[tuple[str, str], bool] = {}

    def blocked(name: str, url: str) -> bool:
        if (name, url) not in may_read:
            may_read[(name, url)] = parser.can_fetch(name, url)
        return not may_read[(name, url)]

    urls = [(head.path, _urls(head, site)) for head in shared]
    blocked_by: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for platform, names in CRAWLERS:
        pages = tuple(path for path, own in urls
                      if any(blocked(name, url) for name in names for url in own))
        if pages:
            blocked_by.setdefault(pages, []).append((platform, names[0]))
    found = []
    for pages, crawlers in blocked_by.items():
        named = ", ".join(f"{platform} ({name})" for platform, name in crawlers)
        found.append(Finding(
            ROBOTS_FILE, "robots-blocks-preview", WARNING,
            f"robots.txt keeps the link-preview crawler of {named} from {len(pages):,} "
            f"page{'s' if len(pages) != 1 else ''} or their card images: links to them "
            "show no card there", ", ".join(platform for platform, _ in crawlers), pages,
            "allow these crawlers in robots.txt (User-agent: … / Allow: /), or at least the "
            "pages and images they fetch"))
    return found


def _urls(head: PageHead, site: SiteIndex) -> list[str]:
    """The page's own URL and its local card images'."""
    urls = [site.page_url(head.path)]
    for key in ("og:image", "twitter:image"):
        value = head.first(key)
        if value:
            url = site.resolve(value, head.path)
            if site.is_local(url):
                urls.append(url)
    return urls

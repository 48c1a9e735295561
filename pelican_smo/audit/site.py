"""Checks across pages: duplicates and hreflang sets, over every page at once.

One hash map per check, so a 10,000-page site costs a few passes over the pages.
"""

from __future__ import annotations

from collections import defaultdict

from pelican_smo.audit.model import WARNING, Finding, PageHead, SiteIndex
from pelican_smo.audit.model import clip as _clip

__all__ = ["duplicates", "hreflang", "indexable"]


def indexable(head: PageHead, site: SiteIndex) -> bool:
    """Whether a page is one search engines and duplicate checks should count.

    Left out: unreadable pages, redirect stubs, ``noindex`` pages, and pages
    whose canonical names another page of the site (declared duplicates).
    """
    if not head.readable or head.redirect is not None or head.noindex or head.opted_out:
        return False
    if head.canonicals and head.canonicals[0].strip():
        target = site.file_for(site.resolve(head.canonicals[0], head.path))
        if target is not None and target != head.path:
            return False
    return True


#: Pages named in one duplicate finding; more are counted, not listed.
DUPLICATES_LISTED = 5


def duplicates(heads: list[PageHead], site: SiteIndex) -> list[Finding]:
    """``duplicate-title`` and ``duplicate-description`` across indexable pages.

    One hash map per key, so 10,000 pages cost 10,000 look-ups. Each page of a
    group gets a warning naming up to five of the others.
    """
    found: list[Finding] = []
    pool = [head for head in heads if indexable(head, site)]
    for check, what, get in (("duplicate-title", "title", lambda h: h.share_title),
                             ("duplicate-description", "description",
                              lambda h: h.share_description)):
        groups: dict[str, list[str]] = defaultdict(list)
        for head in pool:
            value = get(head)
            if value and value.strip():
                groups[" ".join(value.split())].append(head.path)
        for value, paths in groups.items():
            if len(paths) < 2:
                continue
            head_paths = paths[:DUPLICATES_LISTED + 1]
            others_count = len(paths) - 1
            more = others_count - DUPLICATES_LISTED
            suffix = f" and {more} more" if more > 0 else ""
            for path in paths:
                # Only the first few names are needed: never build the n-1 list per page.
                listed = ", ".join([p for p in head_paths if p != path][:DUPLICATES_LISTED])
                found.append(Finding(path, check, WARNING,
                                     f"same {what} as {others_count} other page"
                                     f"{'s' if others_count > 1 else ''}: {listed}{suffix}",
                                     _clip(value)))
    return found


def hreflang(heads: list[PageHead], site: SiteIndex) -> list[Finding]:
    """``hreflang-no-self``, ``hreflang-not-reciprocal``, ``hreflang-x-default``.

    Google ignores a page's alternates unless the set includes the page itself
    and every alternate lists it back. Pages are compared as files (a URL is
    mapped to the file it serves), so ``/a/`` and ``/a/index.html`` are one page.
    Alternates on other sites cannot be checked and are skipped.
    """
    found: list[Finding] = []
    targets: dict[str, set[str]] = {}
    for head in heads:
        if head.hreflangs and head.readable and head.redirect is None and not head.opted_out:
            targets[head.path] = {
                t for _, href in head.hreflangs
                if (t := site.file_for(site.resolve(href, head.path))) is not None}
    for head in heads:
        if head.path not in targets:
            continue
        mine = targets[head.path]
        if head.path not in mine:
            found.append(Finding(head.path, "hreflang-no-self", WARNING,
                                 "the hreflang set does not include the page itself",
                                 _clip(", ".join(f"{lang} {href}"
                                                 for lang, href in head.hreflangs))))
        defaults = [href for lang, href in head.hreflangs if lang.strip().lower() == "x-default"]
        if len(defaults) > 1:
            found.append(Finding(head.path, "hreflang-x-default", WARNING,
                                 f"{len(defaults)} x-default alternates; at most one is allowed",
                                 _clip(" | ".join(defaults))))
        seen: set[str] = set()
        for lang, href in head.hreflangs:
            url = site.resolve(href, head.path)
            if not site.is_local(url):
                continue
            other = site.file_for(url)
            if other == head.path or (other is not None and other in seen):
                continue
            if other is None:
                found.append(Finding(head.path, "hreflang-not-reciprocal", WARNING,
                                     f"alternate {lang} is not a page of the site", href))
                continue
            seen.add(other)
            if head.path not in targets.get(other, set()):
                found.append(Finding(head.path, "hreflang-not-reciprocal", WARNING,
                                     f"alternate {lang} ({other}) does not list this page back",
                                     href))
    return found

"""Checks across pages, and one finding per cause.

- ``duplicates``: the same title or description on several pages: one finding per
  shared value, naming every page.
- ``hreflang``: alternates that do not list each other.
- ``canonical_targets``: a canonical naming another page of the site that is not a page
  to be found itself: one whose own canonical points on (a chain, or a loop), a
  ``noindex`` page, a redirect, or a page in another language.
- ``group``: per-page findings with one cause (same check, severity, message and value
  on many pages: one image, one template, one setting) become one finding listing the
  pages, with what fixes it (``FIXES``).

One hash map per check, so a 10,000-page site costs a few passes over the pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pelican_smo.audit.model import ERROR, INFO, WARNING, Finding, PageHead, SiteIndex
from pelican_smo.audit.model import clip as _clip

__all__ = ["FIXES", "canonical_targets", "duplicates", "group", "hreflang", "indexable"]


def indexable(head: PageHead, site: SiteIndex) -> bool:
    """Whether a page is one search engines and duplicate checks should count.

    Left out: unreadable pages, redirect stubs, ``noindex`` pages, pages whose author
    switched pelican_smo off, and pages whose canonical names another page of the site
    (declared duplicates).
    """
    if not head.readable or head.redirect is not None or head.noindex or head.opted_out:
        return False
    target = _canonical_file(head, site)
    return target is None or target == head.path


def _canonical_file(head: PageHead, site: SiteIndex) -> str | None:
    """The file of the site the page's first canonical names, or ``None``."""
    return site.canonical_file(head)


def duplicates(heads: list[PageHead], site: SiteIndex) -> list[Finding]:
    """``duplicate-title`` and ``duplicate-description`` across indexable pages: one
    finding per shared value, listing its pages.

    Listing pages that repeat the home page's description (pelican_smo gives every
    index, archive, category, tag and author page ``SMO_SITE_DESCRIPTION``) are one
    ``info``: search engines rarely show those pages, and nothing is wrong with any
    card. Articles sharing a description, or titles shared at all, are a ``warning``.
    One hash map per key: 10,000 pages cost 10,000 look-ups.
    """
    found: list[Finding] = []
    pool = [head for head in heads if indexable(head, site)]
    home = site.file_for(site.page_url(""))
    home_description = next((" ".join((h.share_description or "").split()) for h in pool
                             if h.path == home), None)
    kinds = {head.path: head.first("og:type") for head in pool}
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
            listings = (what == "description" and value == home_description
                        and all(kinds[p] != "article" for p in paths))
            if listings:
                found.append(Finding(
                    "", check, INFO, f"{len(paths)} listing pages share the home page's "
                    "description", _clip(value), tuple(paths),
                    "expected with pelican_smo (listing pages get SMO_SITE_DESCRIPTION); "
                    "search engines rarely show listing pages, cards are unaffected"))
            else:
                found.append(Finding("", check, WARNING, f"{len(paths)} pages share one {what}",
                                     _clip(value), tuple(paths),
                                     f"give each page its own {what}"))
    return found


def canonical_targets(heads: list[PageHead], site: SiteIndex) -> list[Finding]:
    """A canonical naming ANOTHER page of the site says "this page is a copy of that
    one": Google then shows that one instead. That is only right when the other page is
    itself the page to be found. Reported on the page whose canonical it is:

    - ``canonical-chain`` (error): the target's own canonical names a third page or this
      one (a loop), or the target is a redirect stub. Warning when the target has no
      canonical at all (Google may still choose it).
    - ``canonical-noindex`` (error): the target is ``noindex``: one page says "index
      that one", the other "do not index me", and neither is shown.
    - ``canonical-other-language`` (error): the target is in another language (``<html
      lang>``, else ``og:locale``); Google asks for a canonical in the page's own language
      and drops the page from results in its language (an English home page canonical
      to ``/es/``).
    """
    by_path = {head.path: head for head in heads}
    found: list[Finding] = []
    for head in heads:
        if not head.readable or head.redirect is not None or head.noindex or head.opted_out:
            continue
        target = _canonical_file(head, site)
        if target is None or target == head.path or target not in by_path:
            continue
        other = by_path[target]
        if other.opted_out or not other.readable:
            continue
        href = _clip(head.canonicals[0].strip())
        found.extend(Finding(head.path, check, severity, message, href)
                     for check, severity, message in _target_problems(head, other, site))
    return found


def _target_problems(head: PageHead, other: PageHead,
                     site: SiteIndex) -> list[tuple[str, str, str]]:
    """(check, severity, message) for a page whose canonical names ``other``."""
    target = other.path
    problems: list[tuple[str, str, str]] = []
    if other.noindex:
        problems.append(("canonical-noindex", ERROR,
                         f"canonical points at {target}, which is noindex: search engines "
                         "show neither page"))
    elif other.redirect is not None:
        problems.append(("canonical-chain", ERROR, f"canonical points at {target}, a "
                                                   "redirect: name the page it redirects to"))
    elif not other.canonicals:
        problems.append(("canonical-chain", WARNING,
                         f"canonical points at {target}, which has no canonical of its own"))
    else:
        onward = _canonical_file(other, site)
        if onward != target:
            where = "back to this page" if onward == head.path else (
                f"on to {onward or other.canonicals[0].strip()}")
            problems.append(("canonical-chain", ERROR,
                             f"canonical points at {target}, whose own canonical points "
                             f"{where}; Google may ignore both"))
    mine, theirs = head.language, other.language
    if mine and theirs and mine != theirs:
        problems.append(("canonical-other-language", ERROR,
                         f"canonical points at {target}, a page in another language "
                         f"({theirs}; this page is {mine}): search engines drop this page "
                         "from results in its language; a translation is an hreflang "
                         "alternate, not a copy"))
    return problems


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


#: Pages listed by name in a finding's text; the rest are counted.
PAGES_LISTED = 5

#: What fixes a cause shared by many pages, by check (and value, when it matters).
FIXES: dict[tuple[str, str | None], str] = {
    ("og-missing", "og:image"): "set SMO_DEFAULT_IMAGE (an image of at least 1200×630): "
                                "every page without an image of its own then shows it",
    ("og-missing", None): "the theme or the generator writes no such tag on these pages; "
                          "pelican_smo writes all four",
    ("image-alt-missing", None): "one image on all these pages: describe it once "
                                 "(SMO_DEFAULT_IMAGE_ALT for pelican_smo's default image)",
    ("image-size-missing", None): "one image on all these pages: declare its size once in "
                                  "the template (pelican_smo writes og:image:width/height)",
    ("url-relative", None): "the theme writes this URL relative: set SITEURL to the "
                            "published address (and RELATIVE_URLS = False when publishing)",
    ("canonical-count", None): "the theme writes no canonical link; pelican_smo writes one "
                               "on every page",
    ("description-missing", None): "give the articles a Summary or Description, and the "
                                   "site SMO_SITE_DESCRIPTION",
    ("smo-off", None): "the author's choice; nothing to fix",
}
#: Checks about an image file: many pages with the same one share one fix.
_IMAGE_CHECKS = ("image-too-small", "image-too-heavy", "image-type", "image-extension",
                 "image-missing-file", "image-too-narrow", "image-size-mismatch")


def fix_for(check: str, value: str | None, message: str = "") -> str | None:
    if check == "jsonld-missing-field" and message.endswith(" author"):
        return "the same on every such page: set AUTHOR (or give each article an Author)"
    if check == "jsonld-missing-field" and message.endswith(" image"):
        return "the same on every such page: set SMO_DEFAULT_IMAGE"
    if check in _IMAGE_CHECKS:
        return ("one image file on all these pages (a site default such as "
                "SMO_DEFAULT_IMAGE): fixing that file fixes them all")
    return FIXES.get((check, value)) or FIXES.get((check, None))


def group(findings: Iterable[Finding]) -> list[Finding]:
    """Per-page findings with one cause, as one finding each.

    Findings with the same check, severity, message and value on two pages or more
    are one cause (one image, one template, one setting): one finding with ``page``
    ``""``, every page in ``pages`` and, where known, what fixes it. The rest stay as
    they are. Linear in the number of findings.
    """
    by_cause: dict[tuple[str, str, str, str | None], list[Finding]] = defaultdict(list)
    for f in findings:
        by_cause[(f.check, f.severity, f.message, f.value)].append(f)
    out: list[Finding] = []
    for (check, severity, message, value), items in by_cause.items():
        pages = sorted({f.page for f in items if f.page})
        if len(pages) < 2 or any(f.pages for f in items):
            out.extend(items)
            continue
        out.append(Finding("", check, severity, message, value, tuple(pages),
                           fix_for(check, value, message)))
    return out


def listed(pages: tuple[str, ...], limit: int = PAGES_LISTED) -> str:
    """``a.html, b.html and 3 more``."""
    shown = ", ".join(pages[:limit])
    more = len(pages) - limit
    return f"{shown} and {more:,} more" if more > 0 else shown

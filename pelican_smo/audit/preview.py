"""One self-contained HTML page showing every page's link card on each platform.

For each audited page the preview draws the card X (large or summary layout),
Facebook, LinkedIn, Mastodon, Slack and Discord would show, from the page's own
tags with each platform's fallbacks (``audit.views.card_views``), next to that page's audit
findings. The page fetches nothing: CSS and the small search script are inline,
local images are referenced by a path relative to the preview file, and remote
or unusable images are drawn as a labelled placeholder, so opening the preview
never tells a third party anything.

All markup goes through ``render.markup`` (the only escaping in the package):
page titles and descriptions are hostile input like any other.

Its own words (heading, filter, the platforms' "From example.org" and "More from
@ada") are in the site's language (``words``: the build passes ``DEFAULT_LANG``'s, the
command takes ``--lang``); the audit's findings stay in English, as in the build log.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources

from pelican_smo.audit.checks import (
    ERROR,
    INFO,
    WARNING,
    Finding,
    PageHead,
    SiteIndex,
)
from pelican_smo.audit.report import Report, audit_site
from pelican_smo.audit.site import listed
from pelican_smo.audit.views import CardView, ImageView, card_views, relative_path
from pelican_smo.html.escape import container, element
from pelican_smo.i18n import ENGLISH, Strings, messages
from pelican_smo.util import write as files

#: Default file name of the preview, inside the output folder.
DEFAULT_NAME = "smo-preview.html"
#: The preview's generator tag: the audit recognises it and never audits the preview.
GENERATOR = "pelican-smo preview"
REPORT_GENERATOR = "pelican-smo report"
PLATFORMS = ("x", "facebook", "linkedin", "mastodon", "slack", "discord")
#: Above this many pages, images load lazily (a 10,000-page preview must stay usable).
LAZY_IMAGES_FROM = 60
_CSP = ("default-src 'none'; img-src 'self' data: file:; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")


# --- public entry points ---------------------------------------------------------------------


def write_preview(output_dir: str, site_url: str | None, report: Report | None = None,
                  target: str | None = None, words: Strings = ENGLISH) -> str:
    """Write the preview page and return its path (default ``OUTPUT_DIR/smo-preview.html``).

    Reuses ``report`` when the caller already audited the site (the build-time
    setting does both); otherwise audits first. Written atomically.
    """
    if report is None:
        report = audit_site(output_dir, site_url)
    target = target or os.path.join(output_dir, DEFAULT_NAME)
    files.write_atomic(target, preview_page(report, os.path.dirname(os.path.abspath(target)),
                                            words))
    return target


def preview_page(report: Report, preview_dir: str, words: Strings = ENGLISH) -> str:
    """The whole preview document, in ``words``' language; image paths are relative to
    ``preview_dir``."""
    site = report.site or SiteIndex(report.output_dir, report.site_url, ())
    findings = report.per_page()
    lazy = len(report.pages) >= LAZY_IMAGES_FROM
    sections = []
    for number, head in enumerate(report.pages, 1):
        # Unreadable pages and redirect stubs have no card of their own: findings only.
        cardless = not head.readable or head.redirect is not None
        views = [] if cardless else card_views(head, site, report.output_dir, preview_dir,
                                               words)
        sections.append(_page_section(number, head, views, findings.get(head.path, []),
                                      relative_path(report.output_dir, head.path, preview_dir),
                                      lazy, words))
    total = len(report.pages)
    # The count's plural form follows the number of pages, known now; the script puts
    # the number shown in place of {shown}.
    shown = words.ngettext(*messages.PREVIEW_SHOWN, total).format(shown="{shown}", total=total)
    search = container(
        "form", (("id", "smo-search"), ("class", "smo-search"), ("role", "search"),
                 ("hidden", ""), ("data-shown", shown)),
        element("label", (("for", "smo-q"),), void=False,
                text=words.gettext(messages.PREVIEW_FILTER)),
        element("input", (("id", "smo-q"), ("type", "search"), ("autocomplete", "off"),
                          ("placeholder", words.gettext(messages.PREVIEW_FILTER)))),
        element("output", (("id", "smo-shown"), ("for", "smo-q")), void=False, text=""))
    title = words.gettext(messages.PREVIEW_TITLE)
    top = container("header", (("class", "smo-top"),),
                    element("h1", (), void=False, text=title),
                    element("p", (("class", "smo-summary"),), void=False,
                            text=_summary(report)),
                    search)
    body = top + container("main", (), *sections) + _script()
    return _document(f"{title}: " + (report.site_url or report.output_dir), body, GENERATOR,
                     words)


def report_page(report: Report) -> str:
    """The ``--format html`` audit report: a self-contained page, one table per page."""
    parts = []
    for page, findings in report.by_page().items():
        rows = [container("tr", (("class", f"sev-{f.severity}"),),
                          element("td", (), void=False, text=f.severity),
                          container("td", (), element("code", (), void=False, text=f.check)),
                          element("td", (), void=False, text=_message(f)),
                          element("td", (), void=False, text=f.value or ""))
                for f in findings]
        head_row = container("tr", (), *(element("th", (("scope", "col"),), void=False, text=t)
                                        for t in ("severity", "check", "message", "value")))
        parts.append(container(
            "section", (("class", "smo-page"),),
            container("header", (), element("h2", (("class", "smo-path"),), void=False,
                                             text=page or "Across pages")),
            container("table", (), container("thead", (), head_row),
                      container("tbody", (), *rows))))
    top = container("header", (("class", "smo-top"),),
                    element("h1", (), void=False, text="Social metadata audit"),
                    element("p", (("class", "smo-summary"),), void=False,
                            text=_summary(report)))
    if not parts:
        parts.append(element("p", (("class", "smo-ok"),), void=False, text="No findings."))
    body = top + container("main", (("class", "smo-report"),), *parts)
    return _document("Audit: " + (report.site_url or report.output_dir), body, REPORT_GENERATOR)


def _message(f: Finding) -> str:
    """The message, with the pages a finding touches and its fix when it has them."""
    text = f.message
    if f.pages:
        text += f" (on {len(f.pages):,} pages: {listed(f.pages)})"
    if f.fix:
        text += f"; fix: {f.fix}"
    return text


# --- platform fallbacks ----------------------------------------------------------------------


def _text(name: str, cls: str, text: str | None, *, missing: str | None = None) -> str:
    if text:
        return element(name, (("class", cls),), void=False, text=text)
    if missing:
        return element(name, (("class", f"{cls} none"),), void=False, text=missing)
    return ""


def _img(view: ImageView | None, lazy: bool, words: Strings = ENGLISH) -> str:
    if view is None:
        return ""
    if view.src is None:
        no_image = words.gettext(messages.PREVIEW_NO_IMAGE)
        return element("div", (("class", "ph"), ("role", "img"), ("title", view.note),
                               ("aria-label", view.note or no_image)),
                       void=False, text=view.short or no_image)
    attrs: list[tuple[str, str | None]] = [("class", "img"), ("src", view.src), ("alt", "")]
    if view.width and view.height:
        attrs += [("width", str(view.width)), ("height", str(view.height))]
    if lazy:
        attrs.append(("loading", "lazy"))
    return element("img", attrs)


def render_card(view: CardView, lazy: bool = False, words: Strings = ENGLISH) -> str:
    """One platform's card (a ``figure`` with the platform named in its caption)."""
    cls = f"card card-{view.platform} {view.layout}"
    attrs = (("class", cls), ("data-platform", view.platform))
    img = _img(view.image, lazy, words)
    title = _text("div", "t", view.title, missing=words.gettext(messages.PREVIEW_NO_TITLE))
    description = _text("div", "d", view.description)
    if view.platform == "x":
        if view.layout == "large":
            frame = container("div", (("class", "frame"),),
                              img or element("div", (("class", "ph"),), void=False,
                                             text=words.gettext(messages.PREVIEW_NO_IMAGE)),
                              _text("div", "overlay", view.title or view.domain))
            card = container("div", attrs, frame,
                             element("div", (("class", "from"),), void=False,
                                     text=words.format(messages.PREVIEW_FROM,
                                                       domain=view.domain)))
        else:
            text = container("div", (("class", "text"),), _text("div", "dom", view.domain),
                             title, description)
            card = container("div", attrs, img, text)
    elif view.platform == "facebook":
        text = container("div", (("class", "text"),), _text("div", "dom", view.domain),
                         title, description)
        card = container("div", attrs, img, text)
    elif view.platform == "linkedin":
        text = container("div", (("class", "text"),), title, _text("div", "dom", view.domain))
        card = container("div", attrs, img, text)
    elif view.platform == "mastodon":
        text = container("div", (("class", "text"),), _text("div", "site", view.site_name),
                         title, description, _text("div", "by", view.byline))
        card = container("div", attrs, img, text)
    elif view.platform == "slack":
        fields = ""
        if view.fields:
            fields = container("div", (("class", "fields"),), *(
                container("div", (), element("b", (), void=False, text=label),
                          element("span", (), void=False, text=data))
                for label, data in view.fields))
        text = container("div", (("class", "main"),), _text("div", "site", view.site_name),
                         title, description, fields,
                         img if view.layout == "large" else "")
        inner = (container("div", (("class", "row"),), text, img)
                 if view.layout == "small" else text)
        card = container("div", attrs, element("div", (("class", "bar"),), void=False,
                                                text=""), inner)
    else:  # discord
        bar_attrs: list[tuple[str, str | None]] = [("class", "bar")]
        if view.color:
            bar_attrs.append(("style", f"background:{_css_color(view.color)}"))
        text = container("div", (("class", "inner"),),
                         _text("div", "site", view.site_name), title, description,
                         img if view.layout == "large" else "")
        if view.layout == "small":
            text = container("div", (("class", "inner row"),), container(
                "div", (("style", "min-width:0;flex:1"),),
                _text("div", "site", view.site_name), title, description), img)
        embed = container("div", (("class", "embed"),),
                          element("div", bar_attrs, void=False, text=""), text)
        card = container("div", attrs, embed)
    return container("figure", (("class", "smo-platform"),),
                     element("figcaption", (), void=False, text=view.label), card)


def _css_color(value: str) -> str:
    """A theme-color safe to put in a style attribute: hex, or a plain colour name."""
    value = value.strip()
    allowed = set("#0123456789abcdefABCDEF") | set("abcdefghijklmnopqrstuvwxyz")
    if value and len(value) <= 20 and set(value) <= allowed:
        return value
    return "#1e1f22"


def _findings_list(findings: Iterable[Finding], words: Strings = ENGLISH) -> str:
    items = []
    for f in findings:
        children = [element("span", (("class", "smo-sev"),), void=False, text=f.severity),
                    element("code", (), void=False, text=f.check),
                    element("span", (), void=False, text=" " + _message(f))]
        if f.value:
            children.append(element("span", (("class", "smo-value"),), void=False, text=f.value))
        items.append(container("li", (("class", f"sev-{f.severity}"),), *children))
    heading = element("h3", (), void=False, text=words.gettext(messages.PREVIEW_AUDIT))
    if not items:
        return container("aside", (("class", "smo-findings"),), heading,
                         element("p", (("class", "smo-ok"),), void=False,
                                 text=words.gettext(messages.PREVIEW_NO_FINDINGS)))
    return container("aside", (("class", "smo-findings"),), heading,
                     container("ul", (), *items))


def _page_section(number: int, head: PageHead, views: list[CardView],
                  findings: list[Finding], href: str, lazy: bool,
                  words: Strings = ENGLISH) -> str:
    title = head.share_title or head.path
    counts = {s: sum(1 for f in findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
    count_text = " · ".join(f"{n} {s}{'s' if n != 1 and s != INFO else ''}"
                            for s, n in counts.items() if n) or "no findings"
    header = container("header", (),
                       element("h2", (), void=False, text=title),
                       element("a", (("class", "smo-path"), ("href", href)), void=False,
                               text=head.path),
                       element("span", (("class", "smo-counts"),), void=False,
                               text=count_text))
    if views:
        cards = container("div", (("class", "smo-cards"),),
                          *(render_card(v, lazy, words) for v in views))
    else:
        why = ("a redirect to " + head.redirect if head.redirect is not None
               else "the page could not be read")
        cards = element("p", (("class", "smo-nocard"),), void=False, text=f"No card: {why}.")
    return container("section", (("class", "smo-page"), ("id", f"page-{number}"),
                                 ("data-title", title.lower()),
                                 ("data-page", head.path)),
                     header,
                     container("div", (("class", "smo-body"),), cards,
                               _findings_list(findings, words)))


def _summary(report: Report) -> str:
    where = report.site_url or "site URL unknown"
    return f"{where}: {report.summary_line()}"


def _asset(name: str) -> str:
    return (resources.files("pelican_smo").joinpath("assets", "preview", name)
            .read_text(encoding="utf-8"))


def _script() -> str:
    # A package constant, not content: it can't contain "</script".
    return container("script", (), _asset("preview.js"))


def _document(title: str, body: str, generator: str, words: Strings = ENGLISH) -> str:
    head = "".join((
        element("meta", (("charset", "utf-8"),)),
        element("meta", (("name", "viewport"), ("content", "width=device-width, initial-scale=1"))),
        element("meta", (("name", "robots"), ("content", "noindex"))),
        element("meta", (("name", "generator"), ("content", generator))),
        element("meta", (("name", "referrer"), ("content", "no-referrer"))),
        element("meta", (("http-equiv", "Content-Security-Policy"), ("content", _CSP))),
        element("title", (), void=False, text=title),
        element("link", (("rel", "icon"), ("href", "data:,"))),
        container("style", (), _asset("preview.css")),
    ))
    html_attrs = [("lang", words.lang)]
    if words.direction == "rtl":
        html_attrs.append(("dir", "rtl"))
    return ("<!DOCTYPE html>\n" + container("html", html_attrs,
                                            container("head", (), head),
                                            container("body", (), body)) + "\n")


__all__ = ["DEFAULT_NAME", "PLATFORMS", "CardView", "ImageView", "card_views", "preview_page",
           "render_card", "report_page", "write_preview"]

"""The audit on real builds: one problem per page, each found with the right id and severity.

The fixture site is built by Pelican with ``tests/sites/audit-theme``, whose
base template writes a complete, correct set of social tags and breaks exactly
one thing per article (the article's ``Break:``/``Img:``/``Card:`` metadata
says which). Every expected finding below is written out by hand from the
content and the platform limits in docs/audit.md, never computed by the audit's
own code. The audit also runs on sites built with pelican-seo and with the
reflex theme, and on a clean pelican_smo build.
"""

from __future__ import annotations

import gzip
import logging
import os
import random
import shutil
import time
from datetime import date, timedelta
from io import BytesIO

import pytest
from PIL import Image

from pelican_smo.audit.formats import format_text
from pelican_smo.audit.parse import parse_page
from pelican_smo.audit.report import AuditError, audit_site, log_report
from tests.helpers import SITES_DIR, build_site, image_bytes

SITE = "https://audit.example.org"
THEME = SITES_DIR / "audit-theme"


def noise_png(width: int, height: int, seed: int, noisy_rows: int | None = None) -> bytes:
    """A PNG of random pixels: incompressible, so its weight is about width × height × 3
    (width × noisy_rows × 3 when only the top ``noisy_rows`` rows are noise)."""
    rows = height if noisy_rows is None else noisy_rows
    raw = random.Random(seed).randbytes(width * rows * 3) + bytes(width * (height - rows) * 3)
    buf = BytesIO()
    Image.frombytes("RGB", (width, height), raw).save(buf, "PNG")
    return buf.getvalue()


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">'
       b'<rect width="1200" height="630" fill="#369"/></svg>')

LONG_TITLE = "Case title-too-long: a headline that runs on and on, well past what X shows"
DESCRIPTION_167 = ("This description is deliberately long: it keeps going with more and more "
                   "words about the case so that search engines would cut it short, while X "
                   "still shows all of it.")
DESCRIPTION_224 = ("This description is even longer than the other one: it goes on and on about "
                   "the case, adding clause after clause, so that search engines cut it and X "
                   "cuts it too, because X shows two hundred characters and no more than that.")

#: slug → (metadata, expected {(check, severity)} for that page).
CASES: dict[str, tuple[dict[str, str], set[tuple[str, str]]]] = {
    "clean": ({}, set()),
    "og-missing": ({"Break": "og-missing"}, {("og-missing", "error")}),
    "og-type-invalid": ({"Break": "og-type-invalid"}, {("og-type-invalid", "warning")}),
    "url-relative": ({"Break": "url-relative"}, {("url-relative", "error")}),
    "canonical-count": ({"Break": "canonical-count"}, {("canonical-count", "error")}),
    "canonical-missing": ({"Break": "canonical-missing"}, {("canonical-count", "warning")}),
    "canonical-target-missing": ({"Break": "canonical-target-missing"},
                                 {("canonical-target-missing", "error")}),
    "image-missing-file": ({"Img": "images/not-there.png"}, {("image-missing-file", "error")}),
    # 280×150 with summary_large_image: under X's 300×157 (error) and Facebook's 200×200
    "image-too-small-x": ({"Img": "images/x-small.png", "Img_w": "280", "Img_h": "150"},
                          {("image-too-small", "error")}),
    # 500×300 with a summary card: fine for X (144×144), a small thumbnail on Facebook
    "image-too-small-facebook": ({"Img": "images/fb-small.png", "Img_w": "500", "Img_h": "300",
                                  "Card": "summary"}, {("image-too-small", "warning")}),
    "image-too-heavy": ({"Img": "images/heavy.png", "Img_w": "1400", "Img_h": "1400"},
                        {("image-too-heavy", "error")}),
    # 1200×630, 720 KB: over WhatsApp's 300 KB, under Bluesky's 1,000,000 bytes
    "image-heavy-for-whatsapp": ({"Img": "images/whatsapp.png"}, {("image-too-heavy", "warning")}),
    # 1200×630, 1.2 MB: over Bluesky's 1,000,000 bytes, under X's 5 MB
    "image-heavy-for-bluesky": ({"Img": "images/bluesky.png"}, {("image-too-heavy", "warning")}),
    # a PNG a static host would serve as application/octet-stream, whatever its bytes
    "image-extension-php": ({"Img": "images/card.php"}, {("image-extension", "error")}),
    "image-extension-none": ({"Img": "images/card"}, {("image-extension", "error")}),
    # compressed SVG: the extension (served gzip-encoded) and the type (SVG)
    "image-extension-svgz": ({"Img": "images/vector.svgz", "Img_type": "image/svg+xml"},
                             {("image-extension", "error"), ("image-type", "error")}),
    # 1000×525: a large card on Facebook and X, but under Discover's 1200 px
    "image-too-narrow": ({"Img": "images/narrow.png", "Img_w": "1000", "Img_h": "525"},
                         {("image-too-narrow", "warning")}),
    "image-type-svg": ({"Img": "images/vector.svg", "Img_type": "image/svg+xml"},
                       {("image-type", "error")}),
    "image-type-declared": ({"Img_type": "image/jpeg"}, {("image-type", "warning")}),
    "image-size-missing": ({"Break": "image-size-missing"}, {("image-size-missing", "warning")}),
    "image-size-mismatch": ({"Img_h": "600"}, {("image-size-mismatch", "warning")}),
    "image-alt-missing": ({"Break": "image-alt-missing"}, {("image-alt-missing", "warning")}),
    "twitter-card-invalid": ({"Card": "large"}, {("twitter-card-invalid", "error")}),
    # the C library's name for Arabic: Facebook's is ar_AR
    "og-locale-unknown": ({"Break": "og-locale-unknown"}, {("og-locale-unknown", "warning")}),
    "title-too-long": ({"Title": LONG_TITLE}, {("title-too-long", "warning")}),
    "description-too-long": ({"Description": DESCRIPTION_167},
                             {("description-too-long", "info")}),
    "description-too-long-x": ({"Description": DESCRIPTION_224},
                               {("description-too-long", "warning"),
                                ("description-too-long", "info")}),
    "description-too-short": ({"Description": "Too short to say much."},
                              {("description-too-short", "info")}),
    "description-missing": ({"Break": "description-missing"}, {("description-missing", "info")}),
    "duplicate-title-a": ({"Title": "Case duplicate title"}, {("duplicate-title", "warning")}),
    "duplicate-title-b": ({"Title": "Case duplicate title"}, {("duplicate-title", "warning")}),
    "duplicate-description-a": ({"Description": "Both of these pages share one description, "
                                                "word for word, which is a mistake."},
                                {("duplicate-description", "warning")}),
    "duplicate-description-b": ({"Description": "Both of these pages share one description, "
                                                "word for word, which is a mistake."},
                                {("duplicate-description", "warning")}),
    "duplicate-tag": ({"Break": "duplicate-tag"}, {("duplicate-tag", "error")}),
    "duplicate-tag-same": ({"Break": "duplicate-tag-same"}, {("duplicate-tag", "warning")}),
    "jsonld-invalid": ({"Break": "jsonld-invalid"}, {("jsonld-invalid", "error")}),
    "jsonld-missing-field": ({"Break": "jsonld-missing-field"},
                             {("jsonld-missing-field", "warning")}),
    "hreflang-ok-en": ({"Alternates": "en|hreflang-ok-en.html fr|hreflang-ok-fr.html"}, set()),
    "hreflang-ok-fr": ({"Alternates": "en|hreflang-ok-en.html fr|hreflang-ok-fr.html"}, set()),
    "hreflang-one-way-en": ({"Alternates": "en|self fr|hreflang-one-way-fr.html"},
                            {("hreflang-not-reciprocal", "warning")}),
    "hreflang-one-way-fr": ({}, set()),
    "hreflang-no-self-en": ({"Alternates": "de|hreflang-no-self-de.html"},
                            {("hreflang-no-self", "warning")}),
    "hreflang-no-self-de": ({"Alternates": "en|hreflang-no-self-en.html"},
                            {("hreflang-no-self", "warning")}),
    "hreflang-x-default": ({"Alternates": "en|self x-default|self x-default|self"},
                           {("hreflang-x-default", "warning")}),
    # a → b → c: a's canonical names a page that is itself a copy (error on a only)
    "canonical-chain-a": ({"Canonical": "canonical-chain-b.html"},
                          {("canonical-chain", "error")}),
    "canonical-chain-b": ({"Canonical": "canonical-chain-c.html"}, set()),
    "canonical-chain-c": ({}, set()),
    # a ↔ b: each names the other (error on both)
    "canonical-loop-a": ({"Canonical": "canonical-loop-b.html"}, {("canonical-chain", "error")}),
    "canonical-loop-b": ({"Canonical": "canonical-loop-a.html"}, {("canonical-chain", "error")}),
    # canonical to the noindex page below
    "canonical-noindex": ({"Canonical": "noindex.html"}, {("canonical-noindex", "error")}),
    # the English page names its Spanish translation as the original (the /es/ case)
    "canonical-lang-en": ({"Canonical": "canonical-lang-es.html"},
                          {("canonical-other-language", "error")}),
    "canonical-lang-es": ({"Htmllang": "es"}, set()),
    # Same title as "clean", but left out of duplicate checks: noindex (and so no canonical) …
    "noindex": ({"Title": "Case clean", "Break": "noindex"}, set()),
    # … and a page whose canonical names another page (a declared duplicate).
    "canonical-other": ({"Title": "Case clean", "Break": "canonical-other"}, set()),
}

#: Files written into the output after the build (the audit reads any folder).
WRITTEN = {
    "legacy-latin1.html": ("<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\">"
                           "<title>Caf\xe9</title></head><body></body></html>").encode("latin-1"),
    "moved.html": (b'<!DOCTYPE html><html><head><meta http-equiv="refresh" '
                   b'content="0; url=https://audit.example.org/clean.html">'
                   b"<title>Moved</title></head><body></body></html>"),
    # what pelican_smo leaves on a page whose author wrote `smo: off`, and nothing else
    "opted-out.html": (b'<!DOCTYPE html><html><head><title>Opted out</title>'
                       b'<meta name="pelican-smo" content="off">\n</head><body></body></html>'),
    # the Mastodon page pelican_smo writes: its own page, not the site's
    "smo/mastodon.html": (b'<!DOCTYPE html><html><head><meta name="robots" content="noindex">'
                          b'<meta name="generator" content="pelican-smo"><title>Share on '
                          b"Mastodon</title></head><body></body></html>"),
}
EXPECTED_WRITTEN = {"legacy-latin1.html": {("page-unreadable", "error")}, "moved.html": set(),
                    "opted-out.html": {("smo-off", "info")}, "smo/mastodon.html": set()}
#: Pages the audit reads: every case, the index, and the written pages but pelican-smo's own.
AUDITED = {f"{slug}.html" for slug in CASES} | set(WRITTEN) - {"smo/mastodon.html"} | {
    "index.html"}

ALL_CHECK_IDS = {
    "page-unreadable", "og-missing", "og-type-invalid", "url-relative", "canonical-count",
    "canonical-target-missing", "image-missing-file", "image-too-small", "image-too-heavy",
    "image-type", "image-size-missing", "image-size-mismatch", "twitter-card-invalid",
    "image-alt-missing", "title-too-long", "description-too-long", "description-too-short",
    "description-missing", "duplicate-title", "duplicate-description", "duplicate-tag",
    "jsonld-invalid", "jsonld-missing-field", "hreflang-not-reciprocal", "hreflang-no-self",
    "hreflang-x-default", "og-locale-unknown", "image-extension", "image-too-narrow",
    "canonical-chain", "canonical-noindex", "canonical-other-language", "smo-off",
}


def article(number: int, slug: str, meta: dict[str, str]) -> str:
    meta = dict(meta)
    title = meta.pop("Title", f"Case {slug}")
    description = meta.pop("Description", f"A test article for the audit: the {slug} case, "
                                          "with a description of a sensible length.")
    lines = [f"Title: {title}", f"Date: {date(2024, 1, 1) + timedelta(days=number)} 10:00", f"Slug: {slug}",
             f"Description: {description}", *(f"{k}: {v}" for k, v in meta.items())]
    return "\n".join(lines) + f"\n\nThe body of the {slug} case.\n"


def broken_content() -> dict[str, str | bytes]:
    content: dict[str, str | bytes] = {
        f"{slug}.md": article(n, slug, meta) for n, (slug, (meta, _)) in enumerate(CASES.items(), 1)
    }
    content.update({
        "images/cover.png": image_bytes(1200, 630),
        "images/x-small.png": image_bytes(280, 150),
        "images/fb-small.png": image_bytes(500, 300),
        "images/heavy.png": noise_png(1400, 1400, seed=1),
        "images/whatsapp.png": noise_png(1200, 630, seed=2, noisy_rows=200),
        "images/bluesky.png": noise_png(1200, 630, seed=3, noisy_rows=340),
        "images/card.php": image_bytes(1200, 630),
        "images/card": image_bytes(1200, 630),
        "images/vector.svgz": gzip.compress(SVG, mtime=0),
        "images/narrow.png": image_bytes(1000, 525),
        "images/vector.svg": SVG,
    })
    return content


BROKEN_SETTINGS = {
    "SITEURL": SITE,
    "SITENAME": "Audit Test Blog",
    "SITE_DESCRIPTION": "The home page of a blog built to exercise every check of the audit.",
    "STATIC_PATHS": ["images"],
    "DIRECT_TEMPLATES": ["index"],
    "TAG_SAVE_AS": "",
    "CATEGORY_SAVE_AS": "",
    "AUTHOR_SAVE_AS": "",
    "DEFAULT_PAGINATION": False,
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    site = build_site(tmp_path_factory.mktemp("audit-broken"), content=broken_content(),
                      settings=BROKEN_SETTINGS, theme=str(THEME), plugins=())
    for name, data in WRITTEN.items():
        (site.output / name).parent.mkdir(exist_ok=True)
        (site.output / name).write_bytes(data)
    return site


@pytest.fixture(scope="module")
def broken_report(broken_site):
    return audit_site(str(broken_site.output), None)


def found(report, page: str) -> set[tuple[str, str]]:
    """What the report says about a page: its own findings and those it shares."""
    return {(f.check, f.severity) for f in report.per_page().get(page, [])}


def test_the_fixture_images_are_what_the_cases_claim(broken_site):
    # The thresholds are 5 MB (error) and 300 KB (warning): the noise images straddle them.
    assert broken_site.path("images/heavy.png").stat().st_size >= 5 * 1024 * 1024
    assert 300 * 1024 < broken_site.path("images/whatsapp.png").stat().st_size < 1_000_000
    assert 1_000_000 < broken_site.path("images/bluesky.png").stat().st_size < 5 * 1024 * 1024
    assert len(LONG_TITLE) == 75
    assert 160 < len(DESCRIPTION_167) <= 200  # search engines cut it, X does not
    assert len(DESCRIPTION_224) > 200  # both cut it


def test_site_url_is_inferred_from_og_url_and_canonical(broken_report):
    assert broken_report.site_url == SITE


def test_every_page_was_read(broken_site, broken_report):
    expected = AUDITED
    assert {head.path for head in broken_report.pages} == expected


@pytest.mark.parametrize("slug", list(CASES))
def test_one_problem_per_page(broken_report, slug):
    assert found(broken_report, f"{slug}.html") == CASES[slug][1]


@pytest.mark.parametrize("name", list(WRITTEN))
def test_written_pages(broken_report, name):
    assert found(broken_report, name) == EXPECTED_WRITTEN[name]


def test_the_index_page_is_clean(broken_report):
    assert found(broken_report, "index.html") == set()


def test_every_documented_check_is_exercised(broken_report):
    assert {f.check for f in broken_report.findings} == ALL_CHECK_IDS


def one(report, page: str, check: str):
    matches = [f for f in report.per_page().get(page, []) if f.check == check]
    assert len(matches) == 1, matches
    return matches[0]


def test_findings_carry_the_offending_value(broken_report):
    assert one(broken_report, "og-missing.html", "og-missing").value == "og:type"
    assert one(broken_report, "url-relative.html", "url-relative").value == "/url-relative.html"
    assert (one(broken_report, "canonical-target-missing.html", "canonical-target-missing").value
            == f"{SITE}/no-such-page.html")
    assert (one(broken_report, "image-missing-file.html", "image-missing-file").value
            == f"{SITE}/images/not-there.png")
    assert one(broken_report, "twitter-card-invalid.html", "twitter-card-invalid").value == "large"
    assert one(broken_report, "og-type-invalid.html", "og-type-invalid").value == "blog"
    assert one(broken_report, "title-too-long.html", "title-too-long").value == LONG_TITLE
    assert (one(broken_report, "duplicate-tag.html", "duplicate-tag").value
            == "Case duplicate-tag | A different title from the theme")
    assert one(broken_report, "jsonld-missing-field.html", "jsonld-missing-field").value == (
        "BlogPosting")
    small = one(broken_report, "image-too-small-x.html", "image-too-small")
    assert "280×150" in small.message and "300×157" in small.message
    assert "200×200" in small.message


def test_duplicates_are_one_finding_per_shared_value(broken_report):
    a = one(broken_report, "duplicate-title-a.html", "duplicate-title")
    assert a.value == "Case duplicate title"
    assert (a.page, a.pages) == ("", ("duplicate-title-a.html", "duplicate-title-b.html"))
    assert a.message == "2 pages share one title"
    assert a is one(broken_report, "duplicate-title-b.html", "duplicate-title")
    b = one(broken_report, "duplicate-description-b.html", "duplicate-description")
    assert b.pages == ("duplicate-description-a.html", "duplicate-description-b.html")
    assert b.severity == "warning"


def test_hreflang_messages(broken_report):
    one_way = one(broken_report, "hreflang-one-way-en.html", "hreflang-not-reciprocal")
    assert one_way.value == f"{SITE}/hreflang-one-way-fr.html"
    assert "hreflang-one-way-fr.html" in one_way.message


def test_given_site_url_overrides_inference(broken_site):
    report = audit_site(str(broken_site.output), "https://elsewhere.example.com")
    assert report.site_url == "https://elsewhere.example.com"
    # On another origin, this site's URLs are remote: no file checks, no canonical targets.
    assert found(report, "image-missing-file.html") == set()
    assert found(report, "canonical-target-missing.html") == set()
    assert found(report, "og-missing.html") == {("og-missing", "error")}


def test_text_output_groups_by_page_with_errors_first(broken_report):
    text = format_text(broken_report)
    lines = text.splitlines()
    assert lines[-1] == (f"{len(AUDITED)} pages, {broken_report.errors} errors, "
                         f"{broken_report.warnings} warnings, {broken_report.infos} info")
    assert lines[-2] == f"site URL: {SITE}"
    # Page headings are in path order and each page's findings follow it.
    headings = [line for line in lines if line and not line.startswith(" ")][:-2]
    assert headings == sorted(headings)
    start = lines.index("description-too-long-x.html")
    block = lines[start + 1:start + 5]
    assert block[0].startswith("  warning  description-too-long: X shows at most 200")
    assert block[1] == f"           {DESCRIPTION_224}"
    assert block[2].startswith("  info     description-too-long: search engines cut")


# --- a page's parse ---------------------------------------------------------------------------


def test_parse_reads_head_tags_json_ld_in_body_and_skips_comments():
    page = parse_page("a/b.html", """<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>A &amp; B</title>
<!-- <meta property="og:title" content="commented out"> -->
<meta property="og:title" content='First &quot;one&quot;'>
<META NAME="twitter:card" CONTENT=summary>
<script>var s = '<meta property="og:url" content="in a script">';</script>
<link rel="canonical" href="https://x.org/a/b.html">
<link rel="alternate" hreflang="fr" href="https://x.org/fr/a/b.html">
<meta name="robots" content="NoIndex, follow">
</head><body>
<!-- <script type="application/ld+json">{"commented": true}</script> -->
<script type="application/ld+json">{"@type": "WebPage"}</script>
</body></html>""")
    assert page.title == "A & B"
    assert page.meta["og:title"] == ['First "one"']
    assert page.meta["twitter:card"] == ["summary"]
    assert "og:url" not in page.meta
    assert page.canonicals == ["https://x.org/a/b.html"]
    assert page.hreflangs == [("fr", "https://x.org/fr/a/b.html")]
    assert page.json_ld == ['{"@type": "WebPage"}']
    assert page.noindex is True
    assert page.redirect is None


def test_audit_of_missing_or_empty_folders_raises(tmp_path):
    with pytest.raises(AuditError, match="no such folder"):
        audit_site(str(tmp_path / "nope"), None)
    (tmp_path / "style.css").write_text("body{}")
    with pytest.raises(AuditError, match="no HTML files"):
        audit_site(str(tmp_path), None)


def test_json_ld_graph_arrays_and_types(tmp_path):
    head = ('<link rel="canonical" href="https://x.org/">'
            '<meta property="og:title" content="Home of the x.org test site">'
            '<meta property="og:type" content="website"><meta property="og:url" '
            'content="https://x.org/"><meta property="og:description" content="A '
            'description of the home page that is long enough to pass.">'
            '<meta name="description" content="A description of the home page that is long '
            'enough to pass.">')
    blocks = [
        # an array at the top, one node complete, one without url
        '[{"@type": "WebSite", "name": "X", "url": "https://x.org/"}, '
        '{"@type": "WebPage", "headline": "X"}]',
        # @graph with a list of types and a prefixed type
        '{"@context": "https://schema.org", "@graph": [{"@type": ["schema:BlogPosting", '
        '"Thing"], "headline": "H", "datePublished": "2024-01-01", "author": "A"}, '
        '{"@type": "BreadcrumbList", "itemListElement": []}]}',
        # an empty script is not JSON
        "   ",
    ]
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    (tmp_path / "index.html").write_text(f"<html><head>{head}{scripts}</head><body></body></html>")
    report = audit_site(str(tmp_path), "https://x.org")
    got = sorted((f.check, f.severity, f.message) for f in report.findings)
    assert got == [
        ("jsonld-invalid", "error", "JSON-LD is not valid JSON: Expecting value: line 1 column 1 "
                                    "(char 0)"),
        ("jsonld-missing-field", "warning", "BlogPosting has no image"),
        ("jsonld-missing-field", "warning", "BreadcrumbList has no itemListElement"),
        ("jsonld-missing-field", "warning", "WebPage has no url"),
        ("og-missing", "warning", "og:image is missing"),
    ]


def test_site_under_a_sub_path(tmp_path):
    """``https://x.org/blog``: ``/blog/a/`` is ``a/index.html``; ``/b`` is outside the site."""
    (tmp_path / "a").mkdir()
    page = ('<html><head><link rel="canonical" href="{canonical}">'
            '<meta property="og:url" content="{canonical}"></head></html>')
    (tmp_path / "a" / "index.html").write_text(page.format(canonical="https://x.org/blog/a/"))
    (tmp_path / "c.html").write_text(page.format(canonical="https://x.org/blog/gone/"))
    (tmp_path / "d.html").write_text(page.format(canonical="https://x.org/other/d.html"))
    report = audit_site(str(tmp_path), None)
    assert report.site_url == "https://x.org/blog"
    assert [(f.page, f.value) for f in report.findings if f.check == "canonical-target-missing"] \
        == [("c.html", "https://x.org/blog/gone/")]


# --- build-time API ---------------------------------------------------------------------------


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_log_report_levels(broken_report):
    log = logging.getLogger("tests.audit.log_report")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    handler = ListHandler()
    log.addHandler(handler)
    try:
        log_report(broken_report, log)
    finally:
        log.removeHandler(handler)
    by_level = {}
    for record in handler.records:
        by_level.setdefault(record.levelno, []).append(record.getMessage())
    assert by_level[logging.INFO] == [f"pelican_smo audit: {broken_report.summary_line()}"]
    assert len(by_level[logging.WARNING]) == broken_report.warnings
    assert len(by_level[logging.DEBUG]) == broken_report.infos
    # every error in ONE record, so `pelican --fatal errors` stops after showing them all
    assert len(by_level[logging.ERROR]) == 1
    error = by_level[logging.ERROR][0]
    assert error.startswith(f"pelican_smo audit: {broken_report.errors} errors:\n")
    assert "  og-missing.html: og-missing: og:type is missing [og:type]" in error.splitlines()


HOOK = '''"""Test stand-in for the plugin's SMO_AUDIT wiring: audit at `finalized`."""
import logging

from pelican import signals

from pelican_smo.audit.report import audit_site, log_report

logger = logging.getLogger("pelican_smo.audit_hook")


def run(pelican):
    log_report(audit_site(pelican.output_path, pelican.settings.get("SITEURL") or None), logger)


def register():
    signals.finalized.connect(run)
'''

SMALL_SITE = {
    "a.md": "Title: Only post\nDate: 2024-01-01\n\nHello.\n",
}


def test_build_time_audit_fails_a_fatal_build(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "audit_hook.py").write_text(HOOK)
    settings = {"PLUGIN_PATHS": [str(plugins)]}
    # Without pelican_smo the default theme writes no Open Graph: errors.
    relaxed = build_site(tmp_path / "relaxed", content=SMALL_SITE, settings=settings,
                         plugins=("audit_hook",), expect_ok=False)
    assert relaxed.returncode == 0
    assert any(line.startswith("ERROR pelican_smo.audit_hook: pelican_smo audit: ")
               for line in relaxed.log_lines), relaxed.log
    fatal = build_site(tmp_path / "fatal", content=SMALL_SITE, settings=settings,
                       plugins=("audit_hook",), expect_ok=False,
                       extra_args=("--fatal", "errors"))
    assert fatal.returncode != 0, fatal.log


# --- other producers of tags ------------------------------------------------------------------

POSTS = {
    "a.md": ("Title: First post\nDate: 2024-01-01\nCategory: News\nTags: x, y\n"
             "Summary: A first post about things that matter to people who read blogs.\n"
             "Image: /images/cover.png\n\nHello world.\n"),
    "b.md": ("Title: Second post\nDate: 2024-01-02\nCategory: News\n"
             "Summary: Another summary, long enough to be a useful description for readers.\n"
             "\nHello again.\n"),
    "pages/about.md": "Title: About\n\nAbout text.\n",
    "images/cover.png": image_bytes(1200, 630),
    "images/x.png": image_bytes(400, 400),
}


def test_pelican_seo_defects(tmp_path):
    """pelican-seo 1.4.0's enhancer: og:image is the raw `Image` metadata (relative), no
    image size or alt, an Article schema without image, nothing at all on listing pages."""
    site = build_site(tmp_path, content=POSTS, plugins=("pelican.plugins.seo",), settings={
        "STATIC_PATHS": ["images"], "AUTHOR": "Ann", "SEO_REPORT": False, "SEO_ENHANCER": True,
        "SEO_ENHANCER_OPEN_GRAPH": True, "SEO_ENHANCER_TWITTER_CARDS": True})
    assert 'property="og:image"' in site.page("first-post.html")
    report = audit_site(str(site.output), None)
    assert report.site_url == "https://blog.example.org"
    per_page = report.per_page()
    first = {(f.check, f.severity, f.value) for f in per_page["first-post.html"]}
    assert first == {("url-relative", "error", "/images/cover.png"),
                     ("image-size-missing", "warning", "/images/cover.png"),
                     ("image-alt-missing", "warning", "/images/cover.png")}
    second = {(f.check, f.severity, f.value) for f in per_page["second-post.html"]}
    assert second == {("og-missing", "warning", "og:image"),
                      ("jsonld-missing-field", "warning", "Article")}
    index = found(report, "index.html")
    assert {("og-missing", "error"), ("canonical-count", "warning")} <= index
    assert [f.value for f in per_page["index.html"] if f.severity == "error"] == [
        "og:title", "og:type",
                                                                    "og:url"]


def test_reflex_theme_defects(tmp_path):
    """reflex writes its own Open Graph: og:image is SITELOGO as given (relative), og:type
    'blog' on listings, and every listing page shares the site name as its title."""
    site = build_site(tmp_path, content=POSTS, theme="reflex", plugins=(),
                      settings={"STATIC_PATHS": ["images"], "SITELOGO": "/images/x.png"})
    report = audit_site(str(site.output), None)
    # one cause (the theme's og:image), one finding, every page
    relative = [f for f in report.findings
                if f.check == "url-relative" and f.value == "/images/x.png"]
    assert len(relative) == 1
    assert {"index.html", "first-post.html", "second-post.html"} <= set(relative[0].pages)
    assert "SITEURL" in relative[0].fix
    assert ("og-type-invalid", "warning") in found(report, "index.html")
    dup = one(report, "index.html", "duplicate-title")
    assert dup.value == "Test Blog"
    assert "archives.html" in dup.pages and dup.page == ""
    # 400×400: Facebook's small thumbnail (the file was found from the relative URL)
    assert ("image-too-small", "warning") in found(report, "first-post.html")
    assert report.errors > 0


# --- a clean pelican_smo build ----------------------------------------------------------------

CLEAN_POSTS = {
    "a.md": ("Title: First post\nDate: 2024-01-01\nCategory: News\nTags: x, y\n"
             "Summary: A first post about things that matter to people who read blogs.\n"
             "Image: images/cover.png\nImage_alt: A blue cover\n\nHello world.\n"),
    "b.md": ("Title: Second post\nDate: 2024-01-02\nCategory: News\n"
             "Summary: Another summary, long enough to be a useful description for readers.\n"
             "\nHello again.\n"),
    "b-fr.md": ("Title: Deuxième article\nDate: 2024-01-02\nCategory: News\nSlug: second-post\n"
                "Lang: fr\nSummary: Un autre résumé assez long pour être une description utile "
                "aux lecteurs.\n\nBonjour.\n"),
    "pages/about.md": ("Title: About\nSummary: Who writes this blog, why, and how to reach "
                       "the people behind it.\n\nAbout text.\n"),
    "images/cover.png": image_bytes(1200, 630),
    "images/default.png": image_bytes(1200, 630),
}

#: Warnings accepted on a clean pelican_smo build, and why:
#: - duplicate-description on listing pages (index, archives, category, tag, author …):
#:   pelican_smo gives every listing page the site description (SMO_SITE_DESCRIPTION).
#:   Real but minor (search engines prefer distinct descriptions; cards are unaffected);
#:   reported to the plugin's authors rather than hidden by the audit.
ACCEPTED_CLEAN_WARNINGS = {"duplicate-description"}


def test_clean_pelican_smo_site_has_no_errors(tmp_path):
    site = build_site(tmp_path, content=CLEAN_POSTS, settings={
        "AUTHOR": "Ann Author", "STATIC_PATHS": ["images"],
        "SMO_DEFAULT_IMAGE": "images/default.png",
        "SMO_DEFAULT_IMAGE_ALT": "The blog's logo",
        "SMO_SITE_DESCRIPTION": "A blog for tests, about testing, by people who test things.",
        "DEFAULT_PAGINATION": 1})
    report = audit_site(str(site.output), None)
    assert report.site_url == "https://blog.example.org"
    assert [f for f in report.findings if f.severity == "error"] == []
    warnings = {f.check for f in report.findings if f.severity == "warning"}
    assert warnings <= ACCEPTED_CLEAN_WARNINGS, format_text(report)
    # the articles themselves are spotless
    for page in ("first-post.html", "second-post.html", "second-post-fr.html", "pages/about.html"):
        assert found(report, page) == set(), format_text(report)


def test_preview_and_reports_are_not_audited(broken_site, tmp_path):
    from pelican_smo.audit.preview import write_preview

    copy = tmp_path / "site"
    shutil.copytree(broken_site.output, copy)
    before = audit_site(str(copy), None)
    write_preview(str(copy), None, before)
    assert (copy / "smo-preview.html").is_file()
    after = audit_site(str(copy), None)
    assert len(after.pages) == len(before.pages)
    assert after.findings == before.findings


def test_preview_of_the_broken_site(broken_site, broken_report, tmp_path):
    """Written outside the site: image paths climb back into it. What platforms would not
    show (SVG, a missing file, a relative URL) is a labelled placeholder, not a picture."""
    from bs4 import BeautifulSoup

    from pelican_smo.audit.preview import write_preview

    target = tmp_path / "elsewhere" / "preview.html"
    target.parent.mkdir()
    assert write_preview(str(broken_site.output), None, broken_report, str(target)) == \
        str(target)
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html5lib")
    sections = {s["data-page"]: s for s in soup.select("section.smo-page")}
    assert len(sections) == len(AUDITED)
    # tmp/audit-broken0/output/images/cover.png seen from tmp/…/elsewhere/
    relative = os.path.relpath(broken_site.output / "images" / "cover.png", target.parent)
    assert relative.startswith("../") and relative.endswith("/output/images/cover.png")
    assert sections["clean.html"].select_one(".card-facebook img")["src"] == relative
    assert len(sections["clean.html"].select(".card")) == 6

    def placeholder(page):
        return sections[page].select_one(".card-facebook .ph").get_text()

    assert placeholder("image-type-svg.html") == "unsupported type"
    assert placeholder("image-missing-file.html") == "missing file"
    assert sections["moved.html"].select(".card") == []
    assert sections["moved.html"].select_one(".smo-nocard").get_text() == (
        "No card: a redirect to https://audit.example.org/clean.html.")
    assert sections["legacy-latin1.html"].select_one(".smo-nocard").get_text() == (
        "No card: the page could not be read.")
    findings = sections["og-missing.html"].select(".smo-findings li")
    assert [li.select_one("code").get_text() for li in findings] == ["og-missing"]
    # The X card falls back to og:* and shows twitter:card's layout.
    assert sections["image-too-small-facebook.html"].select_one(".card-x")["class"] == [
        "card", "card-x", "small"]


# --- size ------------------------------------------------------------------------------------


def test_duplicates_are_linear_in_the_group_size():
    """20,000 pages sharing one title: one finding listing them (a per-page list of the
    others made this quadratic: minutes instead of a second)."""
    from pelican_smo.audit.model import PageHead, SiteIndex
    from pelican_smo.audit.site import duplicates

    heads = [PageHead(f"p{i:05d}.html", meta={"og:title": ["Same"]}) for i in range(20_000)]
    site = SiteIndex("/nonexistent", "https://x.org", [h.path for h in heads])
    start = time.perf_counter()
    findings = duplicates(heads, site)
    elapsed = time.perf_counter() - start
    assert len(findings) == 1
    assert findings[0].message == "20000 pages share one title"
    assert findings[0].count == 20_000
    assert elapsed < 5, elapsed


@pytest.mark.slow
def test_ten_thousand_pages(tmp_path):
    """A 10,000-page site in 100 folders is audited in one linear pass."""
    cover = image_bytes(1200, 630)
    (tmp_path / "cover.png").write_bytes(cover)
    template = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Post {i}</title>'
                '<link rel="canonical" href="https://big.example.org/{path}">'
                '<meta property="og:title" content="Post number {i}">'
                '<meta property="og:type" content="article">'
                '<meta property="og:url" content="https://big.example.org/{path}">'
                '<meta property="og:description" content="The same description on every '
                'page of this big site.">'
                '<meta property="og:image" content="https://big.example.org/cover.png">'
                '<meta property="og:image:width" content="1200">'
                '<meta property="og:image:height" content="630">'
                '<meta property="og:image:alt" content="Cover">'
                '<meta name="twitter:card" content="summary_large_image">'
                "</head><body>" + "<p>Body text of the post.</p>" * 200 + "</body></html>")
    for i in range(10_000):
        folder = tmp_path / f"d{i // 100:03d}"
        folder.mkdir(exist_ok=True)
        path = f"d{i // 100:03d}/p{i}.html"
        (tmp_path / path).write_text(template.format(i=i, path=path))
    start = time.perf_counter()
    report = audit_site(str(tmp_path), None)
    elapsed = time.perf_counter() - start
    assert report.site_url == "https://big.example.org"
    assert len(report.pages) == 10_000
    assert {(f.check, f.severity) for f in report.findings} == {
        ("duplicate-description", "warning")}
    assert report.warnings == 1  # one description on every page: one finding
    assert report.findings[0].count == 10_000
    assert elapsed < 60, elapsed


def test_build_time_audit_and_preview_settings(tmp_path):
    """SMO_AUDIT logs findings at the end of `pelican` (errors fail `--fatal errors`);
    SMO_PREVIEW writes the preview page into the output."""
    content = {"a.md": "Title: A\nDate: 2024-01-01\nCanonical: /nowhere.html\n\nText here.\n",
               "b.md": "Title: B\nDate: 2024-01-02\n\nOther text.\n"}
    settings = {"SMO_AUDIT": True, "SMO_PREVIEW": True}
    site = build_site(tmp_path / "a", content=content, settings=settings, expect_ok=False)
    assert site.returncode == 0
    assert any("pelican_smo audit: 1 error" in line for line in site.errors), site.log
    assert "a.html: canonical-target-missing" in site.log
    assert site.path("smo-preview.html").is_file()
    fatal = build_site(tmp_path / "b", content=content, settings=settings, expect_ok=False,
                       extra_args=("--fatal", "errors"))
    assert fatal.returncode != 0
    quiet = build_site(tmp_path / "c", content=content, expect_ok=False)
    assert not any("canonical-target-missing" in line for line in quiet.log.splitlines())
    assert not quiet.path("smo-preview.html").exists()

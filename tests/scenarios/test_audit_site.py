"""The audit as a whole site sees it: one finding per cause, the checks across pages
(robots.txt, canonicals between pages), the plugin's defaults and the example site
passing ``--strict``, and the CI formats read back by their own readers.

Scenario sites are HTML files written by hand into a folder (the audit reads any
site), plus real Pelican builds for the defaults and the example site. Expected
findings are written out by hand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pelican_smo.audit.formats import format_github, format_junit, format_text
from pelican_smo.audit.report import audit_site
from pelican_smo.cli import main
from tests.helpers import REPO_ROOT, build_site, image_bytes

SITE = "https://scenario.example.org"


def page(path: str, *, title: str | None = None, description: str | None = None,
         og_type: str = "article", image: str | None = "cover.png", lang: str = "en",
         canonical: str | None = None, extra: str = "") -> str:
    """A page with every tag right; ``image=None`` leaves out og:image."""
    title = title or f"The page {path}"
    description = description or f"What the page {path} is about, in a sentence or two."
    canonical = canonical if canonical is not None else f"{SITE}/{path}"
    tags = [f"<title>{title}</title>",
            f'<meta name="description" content="{description}">',
            f'<link rel="canonical" href="{canonical}">',
            f'<meta property="og:title" content="{title}">',
            f'<meta property="og:type" content="{og_type}">',
            f'<meta property="og:url" content="{SITE}/{path}">',
            f'<meta property="og:description" content="{description}">',
            '<meta name="twitter:card" content="summary_large_image">']
    if image:
        tags += [f'<meta property="og:image" content="{SITE}/{image}">',
                 '<meta property="og:image:width" content="1200">',
                 '<meta property="og:image:height" content="630">',
                 '<meta property="og:image:alt" content="A cover">']
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            + "".join(tags) + extra + "</head><body><p>Body</p></body></html>")


def write(root: Path, pages: dict[str, str], files: dict[str, bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cover.png").write_bytes(image_bytes(1200, 630))
    for rel, data in {**pages, **(files or {})}.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def by_check(report, check: str) -> list:
    return [f for f in report.findings if f.check == check]


# --- one finding per cause --------------------------------------------------------------------


def test_a_missing_default_image_is_one_finding_naming_the_setting(tmp_path):
    """30 listing pages without og:image (no SMO_DEFAULT_IMAGE) and two articles with one:
    one warning, counting 30 pages, naming the setting; not 30 warnings."""
    pages = {f"tag/t{i:02d}.html": page(f"tag/t{i:02d}.html", og_type="website", image=None)
             for i in range(30)}
    pages.update({"a.html": page("a.html"), "b.html": page("b.html")})
    report = audit_site(str(write(tmp_path, pages)), SITE)
    [missing] = by_check(report, "og-missing")
    assert (missing.page, missing.severity, missing.value) == ("", "warning", "og:image")
    assert missing.count == 30 and missing.pages == tuple(sorted(p for p in pages if "tag/" in p))
    assert "SMO_DEFAULT_IMAGE" in missing.fix
    assert report.warnings == 1 and report.errors == 0
    text = format_text(report).splitlines()
    assert text[:5] == [
        "across pages",
        "  warning  og-missing: og:image is missing",
        "           og:image",
        "           on 30 pages: tag/t00.html, tag/t01.html, tag/t02.html, tag/t03.html, "
        "tag/t04.html and 25 more",
        f"           fix: {missing.fix}"]
    # each page still sees it (the preview shows it beside the page's cards)
    assert missing in report.per_page()["tag/t17.html"]


def test_a_tag_printed_before_the_doctype_is_read_as_the_head_one(tmp_path):
    """Browsers and crawlers put a <meta> written before <!DOCTYPE> into the head, first:
    the audit reads it too, so a second og:title in the head is a duplicate."""
    pages = {"t.html": '<meta property="og:title" content="Site">\n' + page("t.html")}
    report = audit_site(str(write(tmp_path, pages)), SITE)
    [dup] = [f for f in report.per_page()["t.html"] if f.check == "duplicate-tag"]
    assert (dup.severity, dup.value) == ("error", "Site | The page t.html")


def test_a_draft_missing_what_a_shared_page_needs_is_told_as_info(tmp_path):
    """Drafts (noindex) get no card: a missing og:image or JSON-LD image is an info there,
    and a warning on a published page."""
    blog_posting = ('<script type="application/ld+json">{"@context": "https://schema.org", '
                    '"@type": "BlogPosting", "headline": "H", "datePublished": "2024-01-01", '
                    '"author": {"@type": "Person", "name": "A"}}</script>')
    pages = {"drafts/d.html": page("drafts/d.html", image=None, extra=blog_posting
                                   + '<meta name="robots" content="noindex">'),
             "p.html": page("p.html", image=None, extra=blog_posting)}
    report = audit_site(str(write(tmp_path, pages)), SITE)
    per_page = report.per_page()
    found = {path: {(f.check, f.severity, f.value) for f in per_page[path]
                    if f.check in ("og-missing", "jsonld-missing-field")}
             for path in pages}
    assert found == {
        "drafts/d.html": {("og-missing", "info", "og:image"),
                          ("jsonld-missing-field", "info", "BlogPosting")},
        "p.html": {("og-missing", "warning", "og:image"),
                   ("jsonld-missing-field", "warning", "BlogPosting")}}


def test_listing_pages_sharing_the_home_description_are_one_info(tmp_path):
    home = "The home page's description, which every listing page repeats word for word."
    pages = {"index.html": page("index.html", description=home, og_type="website",
                                canonical=f"{SITE}/")}
    pages.update({f"category/c{i}.html": page(f"category/c{i}.html", description=home,
                                              og_type="website") for i in range(12)})
    same = "Two articles that share one description, which is a mistake worth a warning."
    pages.update({"a.html": page("a.html", description=same),
                  "b.html": page("b.html", description=same)})
    report = audit_site(str(write(tmp_path, pages)), SITE)
    listing, articles = sorted(by_check(report, "duplicate-description"),
                               key=lambda f: f.count, reverse=True)
    assert (listing.severity, listing.count, listing.value) == ("info", 13, home)
    assert "SMO_SITE_DESCRIPTION" in listing.fix
    assert (articles.severity, articles.pages) == ("warning", ("a.html", "b.html"))
    assert report.warnings == 1


def test_the_index_canonical_to_its_spanish_translation(tmp_path):
    """The main site's index names /es/ as its canonical: a page of the site, in Spanish,
    canonical to itself. Passed before; now an error on the index, not on /es/."""
    pages = {"index.html": page("index.html", og_type="website", canonical=f"{SITE}/es/"),
             "es/index.html": page("es/index.html", og_type="website", lang="es",
                                   canonical=f"{SITE}/es/")}
    report = audit_site(str(write(tmp_path, pages)), SITE)
    [finding] = by_check(report, "canonical-other-language")
    assert (finding.page, finding.severity, finding.value) == ("index.html", "error",
                                                               f"{SITE}/es/")
    assert "es/index.html" in finding.message
    assert report.errors == 1


# --- robots.txt -------------------------------------------------------------------------------

ALL = ("Facebook, X, LinkedIn, Slack, Discord, Telegram, WhatsApp, Apple Messages, Bluesky, "
       "Mastodon")


@pytest.mark.parametrize(("robots", "expected"), [
    ("User-agent: *\nDisallow: /\n", [(ALL, ("a.html", "b.html", "private/p.html"))]),
    ("User-agent: Twitterbot\nDisallow: /private/\n", [("X", ("private/p.html",))]),
    # the image, not the page: Facebook draws no picture
    ("User-agent: facebookexternalhit\nDisallow: /cover.png\n",
     [("Facebook", ("a.html", "b.html", "private/p.html"))]),
    # a rule for Slackbot applies to Slackbot-LinkExpanding
    ("User-agent: Slackbot\nDisallow: /\n", [("Slack", ("a.html", "b.html", "private/p.html"))]),
    ("User-agent: Cardyb\nDisallow: /private/\n", [("Bluesky", ("private/p.html",))]),
    ("User-agent: http.rb\nDisallow: /a.html\n", [("Mastodon", ("a.html",))]),
    ("User-agent: *\nDisallow: /\n\nUser-agent: Twitterbot\nAllow: /\n",
     [(ALL.replace("X, ", ""), ("a.html", "b.html", "private/p.html"))]),
    ("User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n", []),
    ("", []),
])
def test_robots_txt_blocking_preview_crawlers(tmp_path, robots, expected):
    pages = {"a.html": page("a.html"), "b.html": page("b.html"),
             "private/p.html": page("private/p.html"),
             # a noindex page is nobody's card: never counted
             "private/draft.html": page("private/draft.html",
                                        extra='<meta name="robots" content="noindex">')}
    report = audit_site(str(write(tmp_path, pages, {"robots.txt": robots.encode()})), SITE)
    found = [(f.value, f.pages) for f in by_check(report, "robots-blocks-preview")]
    assert found == expected
    for f in by_check(report, "robots-blocks-preview"):
        assert (f.page, f.severity) == ("robots.txt", "warning")


# --- the plugin's defaults, and the example site ---------------------------------------------

DEFAULT_CONTENT = {
    "a.md": ("Title: First post\nDate: 2024-01-01\nCategory: News\nTags: x, y\n\n"
             + "A first post whose body is long enough to be cut into a description. " * 6),
    "b.md": "Title: Second post\nDate: 2024-01-02\nCategory: News\n\nHello again, readers.\n",
    "c.md": "Title: Off\nDate: 2024-01-03\nCategory: News\nSmo: off\n\nNo tags here.\n",
    "pages/about.md": "Title: About\n\nWho writes this blog, and why they bother.\n",
}


def test_the_plugins_defaults_pass_strict_with_one_finding_per_cause(tmp_path, capsys):
    site = build_site(tmp_path, content=DEFAULT_CONTENT)
    report = audit_site(str(site.output), None)
    assert report.errors == 0, format_text(report)
    assert main(["audit", str(site.output), "--strict"]) == 0
    capsys.readouterr()
    # no cause reported page by page
    causes = [(f.check, f.severity, f.message, f.value) for f in report.findings]
    assert len(causes) == len(set(causes))
    # the helper pages and the opted-out page
    assert not [h.path for h in report.pages if h.path.startswith("smo/")]
    assert site.exists("smo/mastodon.html")
    assert {(f.check, f.severity) for f in report.per_page()["off.html"]} == {
        ("smo-off", "info")}
    # the default description length (160) is the audit's: no article over it
    assert by_check(report, "description-too-long") == []
    # without SMO_DEFAULT_IMAGE the listing pages show the site card: no page lacks an image
    assert [f for f in by_check(report, "og-missing") if f.value == "og:image"] == []


def test_the_example_site_passes_strict(tmp_path, capsys):
    """`make example`: the example site, built with its own settings, then audited."""
    example = REPO_ROOT / "example_site"
    out = tmp_path / "output"
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", str(example / "content"), "-s",
         str(example / "pelicanconf.py"), "-o", str(out), "-e",
         f'CACHE_PATH="{tmp_path / "cache"}"'],
        capture_output=True, text=True, cwd=tmp_path, check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert main(["audit", str(out), "--strict"]) == 0
    text = capsys.readouterr().out
    assert "error" not in text.splitlines()[-1].replace("0 errors", ""), text
    report = audit_site(str(out), None)
    assert report.errors == 0
    assert {(f.check, f.severity) for f in report.per_page()[
        "maintenance-log-week-31.html"]} == {("smo-off", "info")}
    assert not [h.path for h in report.pages if h.path.startswith("smo/")]


# --- formats ----------------------------------------------------------------------------------

#: GitHub's documented grammar of a workflow command ("::workflow-command
#: parameter1={data},parameter2={data}::{command value}"), for the three annotation
#: commands: property values and the message are escaped, so a value holds no raw
#: ``,`` or ``:`` and nothing holds a raw CR or LF.
ANNOTATION = re.compile(
    r"::(?P<command>error|warning|notice)"
    r"(?: (?P<props>[A-Za-z]+=[^,:\r\n]*(?:,[A-Za-z]+=[^,:\r\n]*)*))?"
    r"::(?P<message>[^\r\n]*)")
ESCAPED_DATA = re.compile(r"(?:[^%\r\n]|%25|%0D|%0A)*")
ESCAPED_PROPERTY = re.compile(r"(?:[^%,:\r\n]|%25|%0D|%0A|%3A|%2C)*")


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","),
                       ("%25", "%")):
        text = text.replace(code, char)
    return text


@pytest.fixture
def mixed_site(tmp_path):
    """An error, a warning on many pages, an info, and hostile names and values."""
    hostile = "100% sure: a, b\nand c"
    pages = {f"tag/t{i}.html": page(f"tag/t{i}.html", og_type="website", image=None)
             for i in range(3)}
    pages.update({
        "a,b:c.html": page("a,b:c.html", description="Short."),
        "bad.html": page("bad.html", extra='<meta name="twitter:card" content="large">'),
        "hostile.html": page("hostile.html", extra=f'<meta property="og:locale" '
                                                   f'content="{hostile}">'),
    })
    return write(tmp_path / "site", pages)


def test_github_annotations_follow_the_documented_grammar(mixed_site):
    report = audit_site(str(mixed_site), SITE)
    lines = format_github(report, "public").splitlines()
    assert len(lines) == len(report.findings) + 1  # and the summary notice
    parsed = []
    for line in lines:
        match = ANNOTATION.fullmatch(line)
        assert match, line
        assert ESCAPED_DATA.fullmatch(match["message"]), line
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        assert set(props) <= {"file", "title", "line", "endLine", "col", "endColumn"}
        assert all(ESCAPED_PROPERTY.fullmatch(v) for v in props.values()), line
        parsed.append((match["command"], {k: unescape(v) for k, v in props.items()},
                       unescape(match["message"])))
    commands = {(c, p.get("file"), p["title"]) for c, p, _ in parsed}
    assert ("error", "public/bad.html", "twitter-card-invalid (error)") in commands
    assert ("notice", "public/a,b:c.html", "description-too-short (info)") in commands
    [(_, props, message)] = [x for x in parsed if x[1]["title"] == "og-missing (warning)"]
    assert "file" not in props  # one cause on three pages: no one file
    assert message.splitlines()[2] == "on 3 pages: tag/t0.html, tag/t1.html, tag/t2.html"
    [(_, _, hostile)] = [x for x in parsed if x[1].get("file") == "public/hostile.html"]
    assert hostile.splitlines()[1:3] == ["100% sure: a, b", "and c"]
    assert parsed[-1][1] == {"title": "pelican-smo audit"}


#: Jenkins' JUnit schema (xunit-plugin junit-10.xsd), as allowed attributes and children.
JUNIT = {
    "testsuites": ({"name", "time", "tests", "failures", "errors"}, set(), {"testsuite"}),
    "testsuite": ({"name", "tests", "failures", "errors", "group", "time", "skipped",
                   "timestamp", "hostname", "id", "package", "file", "log", "url"},
                  {"name", "tests", "failures", "errors"},
                  {"testsuite", "properties", "testcase", "system-out", "system-err"}),
    "testcase": ({"name", "time", "classname", "group"}, {"name"},
                 {"skipped", "error", "failure", "system-out", "system-err"}),
    "failure": ({"type", "message"}, set(), set()),
    "skipped": ({"type", "message"}, set(), set()),
    "system-out": (set(), set(), set()),
}


def assert_junit_schema(element: ET.Element) -> None:
    allowed, required, children = JUNIT[element.tag]
    assert set(element.attrib) <= allowed, (element.tag, element.attrib)
    assert required <= set(element.attrib), (element.tag, element.attrib)
    for child in element:
        assert child.tag in children, (element.tag, child.tag)
        assert_junit_schema(child)


def test_junit_xml_is_read_back_with_its_structure(mixed_site, tmp_path):
    report = audit_site(str(mixed_site), SITE)
    root = ET.fromstring(format_junit(report))
    assert_junit_schema(root)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root}
    assert set(suites) == {f.check for f in report.findings}
    for suite in root:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert all(c.get("classname") == f"pelican-smo.{suite.get('name')}" for c in cases)
    assert int(root.get("tests")) == len(report.findings)
    assert int(root.get("failures")) == report.errors + report.warnings
    [bad] = suites["twitter-card-invalid"].findall("testcase")
    assert bad.get("name") == "bad.html"
    assert bad.find("failure").get("type") == "error"
    [group] = suites["og-missing"].findall("testcase")
    assert group.get("name") == "3 pages"
    assert "pages: tag/t0.html, tag/t1.html, tag/t2.html" in group.find("failure").text
    [short] = suites["description-too-short"].findall("testcase")
    assert short.find("failure") is None and short.find("system-out") is not None
    # a clean site: one passing case, not an empty report
    clean = audit_site(str(write(tmp_path / "clean", {"a.html": page("a.html")})), SITE)
    root = ET.fromstring(format_junit(clean))
    assert_junit_schema(root)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


# --- baselines --------------------------------------------------------------------------------


def test_only_new_findings_fail_strict_with_a_baseline(mixed_site, tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    assert main(["audit", str(mixed_site), "--strict", "--format", "junit",
                 "--write-baseline", str(baseline)]) == 1
    capsys.readouterr()
    # the same site against its own baseline: nothing new
    assert main(["audit", str(mixed_site), "--strict", "--baseline", str(baseline)]) == 0
    out = capsys.readouterr().out
    assert "(known)" in out and "; 0 new (0 errors)" in out.splitlines()[-1]
    # a fourth tag page without an image joins a known cause; a new broken page is new
    (mixed_site / "tag" / "t3.html").write_text(page("tag/t3.html", og_type="website",
                                                     image=None))
    assert main(["audit", str(mixed_site), "--strict", "--baseline", str(baseline)]) == 0
    capsys.readouterr()
    (mixed_site / "worse.html").write_text(page("worse.html", extra='<meta name="twitter:card" '
                                                                    'content="huge">'))
    assert main(["audit", str(mixed_site), "--strict", "--baseline", str(baseline),
                 "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    worse = str(mixed_site / "worse.html").replace(":", "%3A").replace(",", "%2C")
    # only the new page is annotated (its second twitter:card, and the unknown card type)
    assert [line.split("::")[1] for line in lines[:-1]] == [
        f"error file={worse},title=duplicate-tag (error)",
        f"error file={worse},title=twitter-card-invalid (error)"]
    # the message changed wording: still the same finding (page, check and value)
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    for finding in doc["findings"]:
        finding["message"] = "worded differently"
    baseline.write_text(json.dumps(doc), encoding="utf-8")
    (mixed_site / "worse.html").unlink()
    assert main(["audit", str(mixed_site), "--strict", "--baseline", str(baseline)]) == 0
    capsys.readouterr()


def test_a_version_1_report_is_a_baseline_page_by_page(mixed_site, tmp_path, capsys):
    """An older report lists a cause page by page: known when every page was listed."""
    findings = [{"page": f"tag/t{i}.html", "check": "og-missing", "severity": "warning",
                 "message": "og:image is missing", "value": "og:image"} for i in range(3)]
    findings.append({"page": "bad.html", "check": "twitter-card-invalid", "severity": "error",
                     "message": "…", "value": "large"})
    findings.append({"page": "bad.html", "check": "duplicate-tag", "severity": "error",
                     "message": "…", "value": "summary_large_image | large"})
    baseline = tmp_path / "v1.json"
    baseline.write_text(json.dumps({"version": 1, "findings": findings}), encoding="utf-8")
    assert main(["audit", str(mixed_site), "--strict", "--baseline", str(baseline),
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    known = {(f["check"], f["known"]) for f in doc["findings"]}
    assert ("og-missing", True) in known and ("twitter-card-invalid", True) in known
    assert ("description-too-short", False) in known


def test_bad_baselines_are_usage_errors(mixed_site, tmp_path, capsys):
    missing = tmp_path / "nope.json"
    assert main(["audit", str(mixed_site), "--baseline", str(missing)]) == 2
    (tmp_path / "junk.json").write_text('{"findings": 3}')
    assert main(["audit", str(mixed_site), "--baseline", str(tmp_path / "junk.json")]) == 2
    err = capsys.readouterr().err
    assert "nope.json" in err and "not a pelican-smo audit report" in err


# --- image versions (SMO_IMAGE_VERSIONS) ------------------------------------------------------


@pytest.mark.parametrize("query", ["?v=1a2b3c4d", "?s=1&v=1a2b3c4d", "?v=1a2b3c4d#top"])
def test_a_versioned_image_url_is_found_on_disk_and_checked(tmp_path, query):
    """``v=`` (and any other query, or a fragment) names the same file: it is found, read
    and measured (150×150: too small), never reported missing or without an extension."""
    site = write(tmp_path / "site", {"a.html": page("a.html", image=f"small.png{query}")},
                 {"small.png": image_bytes(150, 150)})
    report = audit_site(str(site), SITE)
    checks = {f.check for f in report.findings}
    assert "image-missing-file" not in checks and "image-extension" not in checks
    [small] = by_check(report, "image-too-small")
    assert small.value == f"{SITE}/small.png{query}" and "150×150" in small.message


def test_a_replaced_image_keeps_its_known_findings(tmp_path, capsys):
    """A baseline compares image URLs without their version: the same too-small image is
    the same finding after its file changed (new ``v=``), and a baseline written before
    versions were on still holds."""
    small = {"small.png": image_bytes(150, 150)}
    site = write(tmp_path / "site", {"a.html": page("a.html", image="small.png")}, small)
    baseline = tmp_path / "baseline.json"
    assert main(["audit", str(site), "--site-url", SITE, "--strict",
                 "--write-baseline", str(baseline)]) == 1
    capsys.readouterr()
    for version in ("1a2b3c4d", "5e6f7a8b"):
        write(site, {"a.html": page("a.html", image=f"small.png?v={version}")}, small)
        assert main(["audit", str(site), "--site-url", SITE, "--strict",
                     "--baseline", str(baseline)]) == 0, version
        assert "; 0 new (0 errors)" in capsys.readouterr().out.splitlines()[-1]
    # Another image is another finding.
    write(site, {"a.html": page("a.html", image="other.png?v=1a2b3c4d")},
          {"other.png": image_bytes(150, 150)})
    assert main(["audit", str(site), "--site-url", SITE, "--strict",
                 "--baseline", str(baseline)]) == 1
    capsys.readouterr()

"""Broken input: odd files in the content, neighbours that rewrite pages,
pelican --autoreload. Each is named in the log; everything else is built correctly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from bs4 import BeautifulSoup

from tests.helpers import SITES_DIR, build_site
from tests.helpers.site import RUNNER
from tests.scenarios.test_site_core import assert_single_valued, head_values, one

FAULTS = str(SITES_DIR / "faults")
GOOD = {"good.md": "Title: Good\nDate: 2024-01-01\nCategory: C\n\nFine text.\n"}


def test_non_utf8_and_binary_content_files_are_named_and_the_rest_is_built(tmp_path):
    files = {**GOOD,
             "latin1.md": "Title: Caf\xe9\nDate: 2024-01-02\n\nb\xe9b\xe9\n".encode("latin-1"),
             "binary.html": bytes(range(256)) * 8}
    site = build_site(tmp_path, content=files, expect_ok=False)
    assert site.returncode == 0
    log = " ".join(site.log.split())
    assert "latin1.md" in log
    values = head_values(site.soup("good.html"))
    assert one(values, "og:title") == "Good"
    assert_single_valued(values, "good.html")
    for path in site.html_files():
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path


def test_a_binary_file_named_html_in_the_output_is_left_alone_and_named_by_the_audit(
        tmp_path):
    """A static file is copied, not rendered: the pipeline never sees it, so its bytes
    arrive unchanged; the audit (which reads every .html in the output) names it."""
    blob = bytes(range(256)) * 8
    site = build_site(tmp_path, content={**GOOD, "downloads/blob.html": blob},
                      settings={"STATIC_PATHS": ["downloads"], "ARTICLE_EXCLUDES": ["downloads"],
                                "PAGE_EXCLUDES": ["downloads"], "SMO_AUDIT": True},
                      expect_ok=False)
    assert site.returncode == 0
    assert (site.output / "downloads" / "blob.html").read_bytes() == blob
    log = " ".join(site.log.split())
    assert "downloads/blob.html" in log and "is not UTF-8" in log
    assert one(head_values(site.soup("good.html")), "og:title") == "Good"


def test_a_5_mb_page_is_processed(tmp_path):
    """A large page read by Pelican's own HTML reader goes through the same pipeline
    (the 50 MB page below needs a reader that does not parse: Pelican's took 145 s for
    20 MB here, with or without us)."""
    paragraph = "<p>" + "word " * 200 + "</p>\n"
    body = paragraph * (5 * 1024 * 1024 // len(paragraph))
    files = {**GOOD, "huge.html": ("<html><head><title>Huge page</title>"
                                   '<meta name="date" content="2024-01-03">'
                                   f"</head><body>{body}</body></html>")}
    site = build_site(tmp_path, content=files)
    page = site.page("huge-page.html")
    assert len(page) > 5 * 1024 * 1024
    head = page[: page.index("</head>")]
    assert head.count('property="og:title"') == 1
    assert 'content="Huge page"' in head
    assert page.count("data-smo-share") == 1
    assert one(head_values(site.soup("good.html")), "og:title") == "Good"


def test_a_50_mb_page_is_processed_and_written_whole(tmp_path):
    """#8's 50 MB page. Pelican's own readers need minutes for that much text (its
    HTML reader: 145 s for 20 MB, plugin or not), so a test plugin reads it without
    parsing; the rest of the build is real: generators, theme, writer and pelican_smo."""
    paragraph = "<p>" + "Lorem ipsum &amp; dolor sit amet. " * 30 + "</p>\n"
    body = paragraph * (50 * 1024 * 1024 // len(paragraph) + 1)
    files = {**GOOD, "huge.rawhtml": ("Title: Huge &amp; page\nDate: 2024-01-03\n"
                                      "Summary: A page of fifty megabytes\n\n" + body)}
    site = build_site(tmp_path, content=files, plugins=("rawreaderplugin", "pelican_smo"),
                      settings={"PLUGIN_PATHS": [FAULTS]})
    page = site.page("huge-page.html")
    assert len(page) > 50 * 1024 * 1024
    assert page.rstrip().endswith("</html>")
    head = page[: page.index("</head>")]
    values = head_values(BeautifulSoup(head + "</head><body></body></html>", "html.parser"))
    assert_single_valued(values, "huge-page.html")
    assert one(values, "og:title") == "Huge & page"
    assert one(values, "og:description") == "A page of fifty megabytes"
    assert page.count("data-smo-share") == 1
    bar_at = page.index("data-smo-share")
    assert bar_at > page.rindex(paragraph.strip())  # after the article's text
    assert one(head_values(site.soup("good.html")), "og:title") == "Good"


def test_a_neighbour_that_rewrites_every_page_keeps_one_of_each_tag(tmp_path):
    site = build_site(tmp_path, content=GOOD, plugins=("pelican_smo", "rewriterplugin"),
                      settings={"PLUGIN_PATHS": [FAULTS]})
    values = head_values(site.soup("good.html"))
    assert_single_valued(values, "good.html")
    assert one(values, "canonical") == "https://blog.example.org/good.html"
    assert one(values, "og:title") == "Good"


def test_autoreload_rebuilds_equal_a_clean_build(tmp_path):
    """`pelican --autoreload` runs many builds after one start-up; after an edit its
    output must equal a clean build of the edited content."""
    clean = build_site(tmp_path / "clean", content={
        "good.md": "Title: Good, edited\nDate: 2024-01-01\nCategory: C\n\nNew text.\n"})
    live = tmp_path / "live"
    build_site(live, content=GOOD)  # writes the settings file and the first output
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    proc = subprocess.Popen(
        [sys.executable, str(RUNNER), str(live / "content"), "-s", str(live / "pelicanconf.py"),
         "-o", str(live / "output"), "--autoreload"],
        cwd=live, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        page = live / "output" / "good.html"
        time.sleep(4)
        (live / "content" / "good.md").write_text(
            "Title: Good, edited\nDate: 2024-01-01\nCategory: C\n\nNew text.\n",
            encoding="utf-8")
        target = live / "output" / "good-edited.html"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not target.exists():
            time.sleep(0.5)
        time.sleep(3)
        assert target.exists(), "autoreload did not rebuild"
        assert page.exists()  # the old page stays (no DELETE_OUTPUT_DIRECTORY)
        ours = target.read_text(encoding="utf-8").replace(str(live), "")
        theirs = clean.page("good-edited.html").replace(str(tmp_path / "clean"), "")
        assert ours == theirs
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.mark.parametrize("theme", ["smallweb", "themeless", "notmyidea", "simple"])
def test_share_bar_once_inside_the_article_in_more_themes(tmp_path, theme):
    site = build_site(tmp_path, content=GOOD, theme=theme)
    soup = site.soup("good.html")
    bars = soup.find_all(attrs={"data-smo-share": True})
    assert len(bars) == 1, theme
    assert "Fine text." in bars[0].find_previous("p").get_text()

"""Faults, broken input and rebuilds: the plugin never breaks a site or loses a page."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.helpers import SITES_DIR, build_site, image_bytes, theme_path, versioned
from tests.scenarios.test_site_core import head_values, one

FAULTS = str(SITES_DIR / "faults")
SETTINGS = {"STATIC_PATHS": ["images"], "PLUGIN_PATHS": [FAULTS]}


def articles(n: int) -> dict[str, str]:
    return {f"post-{i}.md": f"Title: Post {i}\nDate: 2024-{i // 28 + 1:02d}-{i % 28 + 1:02d}\n"
                            "Category: C\n\n"
            + "Some text. " * 400 + "\n" for i in range(n)}


def complete(page: str) -> bool:
    return page.rstrip().endswith("</html>")


def test_an_error_on_one_page_is_logged_with_its_path_and_the_rest_is_built(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("SMO_FAULT", "raise-on:BOOM")
    files = {**articles(3), "boom.md": "Title: BOOM page\nDate: 2024-02-01\nCategory: C\n\nx\n"}
    settings = SETTINGS
    result = build_site(tmp_path, content=files, expect_ok=False,
                        plugins=("pelican_smo", "faultplugin"), settings=settings,
                        extra_args=("--verbose",))
    assert result.returncode == 0
    errors = [line for line in result.errors if "pelican_smo" in line]
    assert len(errors) == 1 and "boom-page.html" in errors[0], result.log
    assert complete(result.page("boom-page.html"))
    assert "og:title" not in result.page("boom-page.html")
    assert one(head_values(result.soup("post-1.html")), "og:title") == "Post 1"
    fatal = build_site(tmp_path / "fatal", content=files, expect_ok=False,
                       plugins=("pelican_smo", "faultplugin"), settings=settings,
                       extra_args=("--fatal", "errors"))
    assert fatal.returncode != 0


def test_rebuilds_with_cache_and_without_deleting_output_equal_a_clean_build(tmp_path):
    files = {**articles(4), "images/c.png": image_bytes(1200, 630),
             "post-cover.md": "Title: Cover\nDate: 2024-03-01\nCategory: C\n"
                              "Image: {static}/images/c.png\n\nx\n"}
    clean = build_site(tmp_path / "clean", content=files, settings=SETTINGS)
    cached = {**SETTINGS, "LOAD_CONTENT_CACHE": True, "CACHE_CONTENT": True}
    again = tmp_path / "again"
    build_site(again, content=files, settings=cached)
    second = build_site(again, content=files, settings=cached)
    third = build_site(again, content=files, settings=cached)
    assert "Processed" in second.log
    for path in clean.html_files():
        rel = clean.rel(path)
        expected = path.read_text(encoding="utf-8").replace(str(tmp_path / "clean"), "")
        for run in (second, third):
            assert run.page(rel).replace(str(again), "") == expected, rel


def test_page_without_head_is_warned_about_and_left_unchanged(tmp_path):
    import shutil

    theme = tmp_path / "headless-theme"
    shutil.copytree(theme_path("simple"), theme)
    (theme / "templates" / "article.html").write_text(
        "<!DOCTYPE html>\n<p>{{ article.title }}</p>\n{{ article.content }}\n",
        encoding="utf-8")
    files = articles(1)
    ours = build_site(tmp_path / "ours", content=files, settings=SETTINGS, theme=str(theme))
    plain = build_site(tmp_path / "plain", content=files, settings=SETTINGS,
                       theme=str(theme), plugins=())
    warnings = [w for w in ours.warnings if "post-0.html" in w and "<head>" in w]
    assert len(warnings) == 1, ours.log
    assert ours.page("post-0.html") == plain.page("post-0.html")


def test_unsafe_urls_in_metadata_are_refused_with_a_warning(tmp_path):
    files = {"a.md": "Title: A\nDate: 2024-01-01\nImage: javascript:alert(1)\n"
                     "Canonical: JaVaScRiPt:alert(2)\nVideo: data:video/mp4;base64,AAAA\n\nx\n",
             "b.md": "Title: B\nDate: 2024-01-02\nImage: data:image/png;base64,iVBORw0KGgo=\n\n"
                     "x\n"}
    site = build_site(tmp_path, content=files, settings=SETTINGS)
    for rel in ("a.html", "b.html"):
        page = site.page(rel)
        assert "javascript:" not in page.lower() and "data:image" not in page
        assert "data:video" not in page
        values = head_values(site.soup(rel))
        assert one(values, "canonical") == f"https://blog.example.org/{rel}"
        # The refused image leaves the page without an image of its own: it gets a card.
        assert one(values, "og:image").startswith("https://blog.example.org/smo/cards/")
        assert "og:video" not in values
    log = " ".join(site.log.split())
    assert log.count("ignoring image") == 2
    assert log.count("ignoring canonical") == 1
    assert log.count("ignoring video") == 1


def test_exif_rotated_image_reports_its_displayed_size(tmp_path):
    image = Image.new("RGB", (1200, 630), (10, 20, 30))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90°: displayed 630 wide, 1200 high
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    files = {"images/r.jpg": buffer.getvalue(),
             "r.md": "Title: R\nDate: 2024-01-01\nImage: {static}/images/r.jpg\n\nx\n"}
    values = head_values(build_site(tmp_path, content=files, settings=SETTINGS).soup("r.html"))
    assert (one(values, "og:image:width"), one(values, "og:image:height")) == ("630", "1200")


def test_pelican_seo_enhancer_is_switched_off_with_one_warning(tmp_path):
    files = articles(2)
    site = build_site(tmp_path, content=files, plugins=("pelican_smo", "pelican.plugins.seo"),
                      settings={**SETTINGS, "SEO_ENHANCER": True,
                                "SEO_ENHANCER_OPEN_GRAPH": True,
                                "SEO_ENHANCER_TWITTER_CARDS": True})
    warnings = [w for w in site.log.splitlines() if "SEO_ENHANCER" in w]
    assert len(warnings) == 1, site.log
    values = head_values(site.soup("post-1.html"))
    for key in ("og:title", "og:url", "og:type", "twitter:card", "description"):
        assert len(values.get(key, [])) == 1, key
    assert len(values["canonical"]) == 1
    scripts = site.soup("post-1.html").find_all("script", type="application/ld+json")
    assert len(scripts) == 2


def test_pelican_share_post_overlap_is_explained_once(tmp_path):
    site = build_site(tmp_path, content=articles(2), settings=SETTINGS,
                      plugins=("pelican_smo", "pelican.plugins.share_post"))
    assert len([w for w in site.warnings if "pelican-share-post" in w]) == 1
    quiet = build_site(tmp_path / "quiet", content=articles(2),
                       settings={**SETTINGS, "SMO_SHARE": False},
                       plugins=("pelican_smo", "pelican.plugins.share_post"))
    assert not [w for w in quiet.warnings if "pelican-share-post" in w]


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs: the output folder of a build that fills it (needs root, as CI has)."""
    import subprocess

    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_stops_the_build_naming_the_page(tmp_path, small_disk):
    """Pelican's own writer raises ENOSPC (no file name in it); the build exits non-zero
    and the log names the page being written."""
    import os
    import re

    site = tmp_path / "site"
    result = build_site(site, content=articles(40), expect_ok=False,
                        settings={**SETTINGS, "OUTPUT_PATH": str(small_disk / "out")},
                        extra_args=("-o", str(small_disk / "out")))
    assert result.returncode != 0, result.log
    named = [line for line in result.errors
             if "No space left on device" in line and str(small_disk / "out") in line]
    assert len(named) == 1, result.log
    path = re.search(r"writing (\S+):", named[0]).group(1)
    assert path.endswith(".html") and os.path.dirname(path).startswith(str(small_disk))


def test_plugin_files_are_replaced_whole_and_keep_their_mode(tmp_path, monkeypatch):
    """The plugin's own files go through one atomic write: a failed write leaves the old
    file and no temporary file; a rewrite keeps the file's permission bits."""
    import os
    import stat

    from pelican_smo.util.write import write_atomic

    target = tmp_path / "share.css"
    write_atomic(str(target), "old")
    os.chmod(target, 0o600)
    write_atomic(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "chmod", full_disk)
    with pytest.raises(OSError) as caught:
        write_atomic(str(target), "x" * 10)
    monkeypatch.undo()
    assert caught.value.filename == str(target)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["share.css"]


def _slow_card_build(tmp_path, monkeypatch, **settings):
    """Start a build of 120 articles whose cards take a second each to draw, with 2
    workers: drawing them all would take a minute."""
    import shutil
    import subprocess
    import sys

    from tests.helpers.site import RUNNER, render_settings

    site = tmp_path / "site"
    for rel, text in articles(120).items():
        (site / "content").mkdir(parents=True, exist_ok=True)
        (site / "content" / rel).write_text(text, encoding="utf-8")
    # A drawing module beside pelicanconf.py, as a user keeps one: Pelican puts the
    # folder it runs in on sys.path.
    shutil.copy(SITES_DIR / "faults" / "slowcard.py", site / "slowcard.py")
    shutil.copy(SITES_DIR / "faults" / "waitforcard.py", site / "waitforcard.py")
    conf = {"SITENAME": "Slow", "SITEURL": "https://blog.example.org", "TIMEZONE": "UTC",
            "PLUGINS": ["pelican_smo"], "FEED_ALL_ATOM": None,
            "CATEGORY_FEED_ATOM": None, "SMO_CARD_DRAW_FUNCTION": "slowcard:draw",
            "SMO_CARD_WORKERS": 2, "CACHE_PATH": str(site / "cache"), **settings}
    (site / "pelicanconf.py").write_text(render_settings(conf), encoding="utf-8")
    mark = tmp_path / "drawing"
    monkeypatch.setenv("SMO_SLOW_CARD_MARK", str(mark))
    # Started as a terminal starts it, Ctrl-C raising KeyboardInterrupt: a process started
    # from a background job (a CI runner's, a shell's `cmd &`) inherits SIGINT ignored, and
    # Python then installs no handler, so the signal the test sends would do nothing.
    as_from_a_terminal = ("import runpy, signal, sys; "
                          "signal.signal(signal.SIGINT, signal.default_int_handler); "
                          "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], "
                          "run_name='__main__')")
    process = subprocess.Popen(
        [sys.executable, "-c", as_from_a_terminal, str(RUNNER), str(site / "content"),
         "-s", str(site / "pelicanconf.py"), "-o", str(conf.get("OUTPUT_PATH", site / "output"))],
        cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, mark


def test_a_crashed_build_does_not_wait_for_its_cards(tmp_path, monkeypatch):
    """The output path is a file: Pelican stops at its first write, after the cards were
    queued. Only the drawings in progress (one per worker) are waited for."""
    import time

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    start = time.monotonic()
    # waitforcard holds the build until a card is being drawn: the crash always comes
    # while drawings are in progress, however slowly the workers start
    process, mark = _slow_card_build(tmp_path, monkeypatch, OUTPUT_PATH=str(blocker / "out"),
                                     PLUGINS=["pelican_smo", "waitforcard"])
    log, _ = process.communicate(timeout=120)
    elapsed = time.monotonic() - start
    assert process.returncode != 0, log
    assert "SMO_" not in log, log  # the settings were accepted: the stop is the write
    assert mark.exists(), "no card began drawing"
    assert elapsed < 12, f"exit took {elapsed:.1f} s\n{log}"


def test_ctrl_c_while_cards_are_drawn_exits_promptly(tmp_path, monkeypatch):
    import signal
    import time

    process, mark = _slow_card_build(tmp_path, monkeypatch)
    deadline = time.monotonic() + 60
    while not mark.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert mark.exists(), "no card began drawing"
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    log, _ = process.communicate(timeout=120)
    elapsed = time.monotonic() - interrupted
    assert elapsed < 6, f"exit took {elapsed:.1f} s after Ctrl-C\n{log}"
    assert "Keyboard interrupt" in log, log
    assert len(mark.read_text(encoding="utf-8").split()) < 20, "every card was drawn"


def test_pages_never_name_a_card_the_output_lacks(tmp_path):
    """The card folder cannot be made (a file stands at ``smo/cards``): every page falls
    back as if its card had failed to draw, and the error names the folder."""
    files = {**articles(3), "images/default.png": image_bytes(1200, 630)}
    settings = {**SETTINGS, "SMO_DEFAULT_IMAGE": "images/default.png"}
    out = tmp_path / "output"
    (out / "smo").mkdir(parents=True)
    (out / "smo" / "cards").write_text("not a folder", encoding="utf-8")
    site = build_site(tmp_path, content=files, settings=settings, expect_ok=False)
    errors = [e for e in site.errors if "card folder" in e]
    assert len(errors) == 1 and str(out / "smo" / "cards") in errors[0], site.log
    for i in range(3):
        page = site.page(f"post-{i}.html")
        assert "smo/cards/" not in page
        values = head_values(site.soup(f"post-{i}.html"))
        assert one(values, "og:image") == versioned("https://blog.example.org/images/default.png",
                                                    files["images/default.png"])


def test_listing_pages_never_name_a_site_card_the_output_lacks(tmp_path):
    """No default image, and the card folder cannot be made: the home and listing pages
    were written naming the site card, and are corrected to show no image at all."""
    out = tmp_path / "output"
    (out / "smo").mkdir(parents=True)
    (out / "smo" / "cards").write_text("not a folder", encoding="utf-8")
    site = build_site(tmp_path, content=articles(3), settings=SETTINGS, expect_ok=False)
    assert [e for e in site.errors if "card folder" in e], site.log
    for rel in ("index.html", "archives.html", "tags.html"):
        assert "smo/cards/" not in site.page(rel), rel
        values = head_values(site.soup(rel))
        assert "og:image" not in values and "twitter:image" not in values, rel
        assert one(values, "twitter:card") == "summary"
        assert one(values, "og:title")  # the rest of the head block stays


@pytest.mark.parametrize(("settings", "named"), [
    ({"SITEURL": "https://blog.example.org/?utm=1"}, "SITEURL"),
    ({"SITEURL": "https://blog.example.org/#top"}, "SITEURL"),
    ({"SMO_SITEURL": "https://blog.example.org/?utm=1"}, "SMO_SITEURL"),
    ({"SMO_CARD_DRAW_FUNCTION": "nonexistent.module:draw"}, "SMO_CARD_DRAW_FUNCTION"),
    ({"SMO_CARD_LOGO": "BOMB"}, "SMO_CARD_LOGO"),
])
def test_a_bad_setting_stops_the_build_at_start_up_naming_it(tmp_path, settings, named):
    from tests.helpers import bomb_png

    if settings.get("SMO_CARD_LOGO") == "BOMB":
        (tmp_path / "bomb.png").write_bytes(bomb_png())
        settings = {"SMO_CARD_LOGO": str(tmp_path / "bomb.png")}
    result = build_site(tmp_path / "site", content=articles(2), settings=settings,
                        expect_ok=False)
    assert result.returncode != 0, result.log
    critical = [line for line in result.log_lines if line.startswith("CRITICAL")]
    assert critical and named in critical[0], result.log
    assert not (result.output.exists() and any(result.output.rglob("*.html")))


def test_pelicans_fatal_warnings_stop_the_build_as_pelicans(tmp_path):
    """``pelican --fatal warnings``: the plugin's own warning (a 150×150 image, too small
    for Facebook) is where Pelican stops; the plugin does not catch and re-label it."""
    files = {"images/small.png": image_bytes(150, 150),
             "a.md": "Title: A\nDate: 2024-01-01\nImage: {static}/images/small.png\n\nx\n"}
    result = build_site(tmp_path, content=files, settings=SETTINGS, expect_ok=False,
                        extra_args=("--fatal", "warnings"))
    assert result.returncode != 0, result.log
    assert "could not collect facts" not in result.log
    assert "failed to add social tags" not in result.log
    assert any(line.startswith("CRITICAL") for line in result.log_lines), result.log

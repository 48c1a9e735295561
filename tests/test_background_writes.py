"""Pages written by the helper process (``SMO_BACKGROUND_WRITES``): whole, all of them,
the same bytes as the build writing them itself, and never while someone is watching."""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import pickle
import re
import signal
import time
from datetime import datetime, timedelta, timezone

import pytest

from pelican_smo import file_worker
from pelican_smo.config import SmoConfig
from pelican_smo.files import FileWriterProcess, setup_frame
from pelican_smo.model import (
    AlternateFact,
    AuthorFact,
    ImageFact,
    PageFacts,
    PublisherFact,
    SiteFacts,
    VideoFact,
)
from pelican_smo.pipeline import PageJob, finish_page
from tests.helpers import SITES_DIR, build_site

WATCHER = str(SITES_DIR / "watcher")
FAULTS = str(SITES_DIR / "faults")


def frame(path: str, data: bytes, job: bytes = b"") -> bytes:
    raw = os.fsencode(path)
    return file_worker.HEADER.pack(len(raw), len(data), len(job)) + raw + data + job


def reported(report: bytes) -> list[tuple[int, str]]:
    fields = report.split(b"\0")
    assert fields[-1] == b""
    return [(int(fields[i]), fields[i + 1].decode()) for i in range(0, len(fields) - 1, 2)]


def test_the_worker_writes_each_whole_frame_and_not_one_cut_short(tmp_path):
    first, second, cut = tmp_path / "a.html", tmp_path / "b é.html", tmp_path / "c.html"
    whole_cut = frame(str(cut), b"x" * 1000)
    stream = (frame(str(first), b"<p>one</p>") + frame(str(second), "<p>deux é</p>".encode())
              + whole_cut[:-10])
    report = io.BytesIO()
    written = file_worker.serve(io.BytesIO(stream), report)
    assert written == 2
    assert first.read_bytes() == b"<p>one</p>"
    assert second.read_text(encoding="utf-8") == "<p>deux é</p>"
    assert not cut.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b é.html"]  # no temp file
    assert report.getvalue() == b""


def test_the_worker_stops_at_the_end_frame(tmp_path):
    before, after = tmp_path / "before.html", tmp_path / "after.html"
    stream = frame(str(before), b"1") + file_worker.END + frame(str(after), b"2")
    assert file_worker.serve(io.BytesIO(stream), io.BytesIO()) == 1
    assert before.exists() and not after.exists()


def test_the_worker_reports_a_file_it_cannot_write_and_goes_on(tmp_path):
    missing = tmp_path / "no-such-folder" / "p.html"
    good = tmp_path / "p.html"
    report = io.BytesIO()
    written = file_worker.serve(io.BytesIO(frame(str(missing), b"x") + frame(str(good), b"y")),
                                report)
    assert written == 1 and good.read_bytes() == b"y"
    [(level, message)] = reported(report.getvalue())
    assert level == logging.ERROR
    assert message.startswith(f"pelican_smo: could not write {missing}: ")
    assert "No such file or directory" in message


def test_the_helper_process_has_every_file_on_disk_when_closed(tmp_path):
    helper = FileWriterProcess()
    expected = {}
    for i in range(200):  # ~4 MB: more than the pipe holds, so sending waits for the helper
        path = tmp_path / f"page-{i}-ü.html"
        expected[path] = f"<html>{i} {'ü' * 10_000}</html>".encode()
        assert helper.send(str(path), expected[path])
    assert helper.close() == []
    assert helper.lost is None and helper.sent == 200
    for path, data in expected.items():
        assert path.read_bytes() == data


def test_a_helper_that_died_refuses_files_and_says_so(tmp_path):
    helper = FileWriterProcess()
    helper._process.kill()
    helper._process.wait()
    assert helper.send(str(tmp_path / "p.html"), b"x" * 100_000) is False
    assert not (tmp_path / "p.html").exists()
    helper.close()
    assert helper.lost is not None


ARTICLES = {f"post-{i}.md": f"Title: Post {i}\nDate: 2024-01-{i + 1:02d}\nCategory: C\n"
                            f"Tags: t{i % 3}\n\nText of post {i}, ünïcode.\n" for i in range(8)}


def test_a_build_through_the_helper_writes_the_same_files_as_one_without(tmp_path):
    helped = build_site(tmp_path / "helped", content=ARTICLES, extra_args=("--verbose",))
    assert re.search(r"pages are written by a helper process \(pid \d+\)", helped.log)
    alone = build_site(tmp_path / "alone", content=ARTICLES, extra_args=("--verbose",),
                       settings={"SMO_BACKGROUND_WRITES": False})
    assert "helper process" not in alone.log
    files = sorted(p.relative_to(helped.output) for p in helped.output.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(alone.output) for p in alone.output.rglob("*")
                           if p.is_file())
    assert len([f for f in files if f.suffix == ".html"]) >= 8 + 3 + 1
    assert not [f for f in files if f.name.endswith(".tmp")]
    for rel in files:
        assert (helped.output / rel).read_bytes() == (alone.output / rel).read_bytes(), rel


def test_a_plugin_reading_pages_as_they_are_written_finds_them_whole(tmp_path):
    """Another plugin on ``content_written`` makes the build write its pages itself."""
    result = build_site(tmp_path, content=ARTICLES, plugins=("pelican_smo", "watcherplugin"),
                        settings={"PLUGIN_PATHS": [WATCHER]}, extra_args=("--verbose",))
    seen = re.findall(r"watcher: (\S+) (\S+)", result.log)
    assert len(seen) >= 8 + 3 + 1
    assert {state for _, state in seen} == {"has-tags"}, seen
    assert "helper process" not in result.log


def test_a_relative_path_means_the_folder_the_build_is_in_when_it_sends(tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    helper = FileWriterProcess()  # started in tmp_path …
    (tmp_path / "later").mkdir()
    monkeypatch.chdir(tmp_path / "later")  # … the build moves on before it sends
    assert helper.send("page.html", b"<p>here</p>")
    assert helper.close() == []
    assert (tmp_path / "later" / "page.html").read_bytes() == b"<p>here</p>"
    assert not (tmp_path / "page.html").exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_closing_does_not_wait_for_a_forked_process_that_holds_the_pipe(tmp_path):
    """A card worker forked while the helper runs keeps a copy of the pipe's write end;
    the helper must still finish when the build says it is done."""
    helper = FileWriterProcess()
    child = os.fork()
    if child == 0:  # pragma: no cover - the forked copy only holds the pipe open
        time.sleep(60)
        os._exit(0)
    try:
        assert helper.send(str(tmp_path / "p.html"), b"<p>done</p>")
        started = time.monotonic()
        assert helper.close() == []
        assert time.monotonic() - started < 20
        assert (tmp_path / "p.html").read_bytes() == b"<p>done</p>"
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def html_pages(result) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in result.output.rglob("*.html")}


def test_without_a_helper_the_build_writes_every_page_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("SMO_FAULT", "no-helper")
    result = build_site(tmp_path, content=ARTICLES, expect_ok=False,
                        plugins=("pelican_smo", "faultplugin"),
                        settings={"PLUGIN_PATHS": [FAULTS]})
    assert result.returncode == 0 and not result.errors, result.log
    assert "pages are written by the build itself: the helper process could not start" \
        in result.log
    pages = html_pages(result)
    assert len(pages) >= 8 + 3 + 1
    assert all(page.rstrip().endswith("</html>") for page in pages.values())
    assert all("<!-- /pelican_smo -->" in pages[f"post-{i}.html"] for i in range(8))


def test_a_helper_killed_mid_build_is_reported_and_later_pages_are_still_written(
        tmp_path, monkeypatch):
    monkeypatch.setenv("SMO_FAULT", "kill-helper:4")
    result = build_site(tmp_path, content=ARTICLES, expect_ok=False,
                        plugins=("pelican_smo", "faultplugin"),
                        settings={"PLUGIN_PATHS": [FAULTS]})
    assert result.returncode == 0, result.log
    assert any("page-writing helper process stopped" in line for line in result.errors), \
        result.log
    pages = html_pages(result)
    # Pages handed over from the 4th write on were written by the build itself: all whole.
    assert len(pages) >= 8 + 3 + 1 - 3
    assert all(page.rstrip().endswith("</html>") for page in pages.values())
    # Finished by the helper before it was killed, or by the build after: tags either way.
    posts = [name for name in pages if name.startswith("post-")]
    assert len(posts) >= 8 - 3
    assert all("<!-- /pelican_smo -->" in pages[name] for name in posts)


THEME_PAGE = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<title>T</title>\n<meta property=\"og:title\" content=\"theme's own\">\n</head>\n"
              "<body><article><div class=\"entry-content\"><p>CONTENT é</p></div></article>"
              "</body>\n</html>\n")


def no_problem(level: int, message: str) -> None:
    raise AssertionError(message)


def page_job(title: str, output_file: str) -> PageJob:
    site = SiteFacts(name="Site", url="https://x.example", description=None,
                     twitter_site="@site", locale="en_US")
    facts = PageFacts(
        kind="article", title=title, url=f"https://x.example/{output_file}",
        canonical=f"https://x.example/{output_file}", description="About </script> & more",
        og_title=title, og_description="About </script> & more", og_type="article",
        locale="en_US", site=site, twitter_card="summary",
        published=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
        authors=(AuthorFact(name="Ann"),), tags=("a", "b"), shareable=True, language="en")
    return PageJob(facts, output_file, "<p>CONTENT é</p>", theme_markers=False)


def test_the_helper_finishes_pages_exactly_as_the_build_would(tmp_path):
    config = SmoConfig(share_networks=("x", "mastodon"))
    helper = FileWriterProcess(setup_frame(config))
    jobs = {tmp_path / f"p{i}.html": page_job(f"Post {i} \"ü\" <b>", f"posts/p{i}.html")
            for i in range(30)}
    for path, job in jobs.items():
        assert helper.send_page(str(path), THEME_PAGE, "utf-8", job)
    assert helper.close() == []
    for path, job in jobs.items():
        expected = finish_page(THEME_PAGE, job, config, no_problem)
        assert 'property="og:title"' in expected and "data-smo-share" in expected
        assert path.read_text(encoding="utf-8") == expected


def test_a_page_the_helper_cannot_finish_is_reported_and_written_as_rendered(tmp_path):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    config = SmoConfig()
    job = pickle.dumps((page_job("Good", "good.html"), "utf-8"))
    stream = (frame("", b"", setup_frame(config)) + frame(str(bad), b"<p>as rendered</p>",
                                                           b"not a pickle")
              + frame(str(good), THEME_PAGE.encode(), job))
    report = io.BytesIO()
    assert file_worker.serve(io.BytesIO(stream), report) == 2
    assert bad.read_bytes() == b"<p>as rendered</p>"
    assert good.read_text(encoding="utf-8") == finish_page(THEME_PAGE, page_job(
        "Good", "good.html"), config, no_problem)
    [(level, message)] = reported(report.getvalue())
    assert level == logging.ERROR
    assert message.startswith(f"pelican_smo: failed to add social tags to {bad}; page left "
                              "as the theme rendered it\nTraceback")


def test_a_helper_that_cannot_load_the_plugin_writes_pages_as_rendered_and_says_so(tmp_path):
    job = pickle.dumps((page_job("P", "p.html"), "utf-8"))
    pages = [tmp_path / "p1.html", tmp_path / "p2.html"]
    stream = frame("", b"", b"not a setup") + b"".join(
        frame(str(path), b"<p>raw</p>", job) for path in pages)
    report = io.BytesIO()
    assert file_worker.serve(io.BytesIO(stream), report) == 2
    assert [path.read_bytes() for path in pages] == [b"<p>raw</p>"] * 2
    [(level, message)] = reported(report.getvalue())
    assert level == logging.ERROR
    assert message.startswith("pelican_smo: 2 pages were written without social tags: the "
                              "page-writing helper could not load the plugin\nTraceback")


def test_every_fact_and_a_page_job_come_back_equal_from_pickle():
    """What the helper receives is what the build sent: every model class, nested, and the
    job's anchor (sent as UTF-8 bytes, a lone surrogate included)."""
    job = page_job("Ü 🎉", "p.html")
    facts = dataclasses.replace(
        job.facts,
        image=ImageFact(url="https://x.example/i.png", alt="é", width=1200, height=630,
                        mime_type="image/png"),
        video=VideoFact(url="https://x.example/v.mp4", mime_type="video/mp4"),
        alternates=(AlternateFact(hreflang="fr", url="https://x.example/fr/p.html"),),
        site=dataclasses.replace(job.facts.site,
                                 publisher=PublisherFact(kind="Organization", name="Org",
                                                           same_as=("https://o.example",))))
    job = dataclasses.replace(job, facts=facts, anchor="<p>a \ud800 é 🎉</p>")
    again = pickle.loads(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
    assert again == job and again.anchor == job.anchor
    assert again.facts.published.utcoffset() == timedelta(hours=2)

"""The ``pelican-smo`` command: exit codes, the three report formats, ``--output``.

Sites here are HTML files written by hand into a folder (the audit reads any
site), plus one real Pelican build; expected findings are written out by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_smo.cli import main
from tests.helpers import REPO_ROOT, build_site, format_vnu, image_bytes, vnu_errors

SITE = "https://cli.example.org"

GOOD_HEAD = """<meta charset="utf-8"><title>{title}</title>
<meta name="description" content="{description}">
<link rel="canonical" href="https://cli.example.org/{path}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:url" content="https://cli.example.org/{path}">
<meta property="og:description" content="{description}">
<meta property="og:image" content="https://cli.example.org/cover.png">
<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
<meta property="og:image:alt" content="A cover">
<meta name="twitter:card" content="summary_large_image">"""


def page(path: str, title: str, description: str, extra: str = "") -> str:
    head = GOOD_HEAD.format(path=path, title=title, description=description)
    return f"<!DOCTYPE html><html><head>{head}{extra}</head><body><p>Body</p></body></html>"


def write_site(root: Path) -> Path:
    """Three pages: good.html clean; bad.html with one error, one warning, one info;
    hostile.html whose og:title would be markup if anything forgot to escape it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "cover.png").write_bytes(image_bytes(1200, 630))
    (root / "good.html").write_text(page(
        "good.html", "A good page", "A description of the good page, long enough to pass."))
    (root / "bad.html").write_text(
        "<!DOCTYPE html><html><head><title>Bad</title>"
        '<meta property="og:title" content="A bad page">'
        '<meta property="og:type" content="article">'
        '<link rel="canonical" href="https://cli.example.org/bad.html">'
        '<meta property="og:url" content="https://cli.example.org/bad.html">'
        '<meta property="og:image" content="https://cli.example.org/cover.png">'
        '<meta property="og:image:width" content="1200">'
        '<meta property="og:image:height" content="630">'
        '<meta name="twitter:card" content="summary_large_image">'
        '<meta name="twitter:site" content="@x"><meta name="twitter:site" content="@y">'
        '<meta name="description" content="Too short.">'
        '<meta property="og:image:alt" content="">'
        "</head><body></body></html>")
    (root / "hostile.html").write_text(page(
        "hostile.html", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;",
        "A page whose title is an attempt at script injection, kept as text."))
    return root


#: bad.html's findings, in the order the text format lists them.
BAD = [
    ("error", "duplicate-tag"),
    ("warning", "image-alt-missing"),
    ("info", "description-too-short"),
]


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "site")


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_groups_by_page_errors_first(site, capsys):
    code, out, err = run(["audit", site], capsys)
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines == [
        "bad.html",
        "  error    duplicate-tag: twitter:site appears 2 times with different values; "
        "platforms use the first",
        "           @x | @y",
        "  warning  image-alt-missing: the card image has no og:image:alt or twitter:image:alt "
        "text",
        "           https://cli.example.org/cover.png",
        "  info     description-too-short: a meta description under 50 columns (10) says "
        "little in a search result",
        "           Too short.",
        "",
        f"site URL: {SITE}",
        "3 pages, 1 error, 1 warning, 1 info",
    ]


def test_min_severity_hides_lower_levels_but_not_from_the_summary(site, capsys):
    code, out, _ = run(["audit", site, "--min-severity", "error"], capsys)
    assert code == 0
    assert "image-alt-missing" not in out and "description-too-short" not in out
    assert "duplicate-tag" in out
    assert out.splitlines()[-1] == "3 pages, 1 error, 1 warning, 1 info"


def test_strict_exit_codes(site, tmp_path, capsys):
    assert run(["audit", site, "--strict"], capsys)[0] == 1
    assert run(["audit", site], capsys)[0] == 0
    (site / "bad.html").unlink()
    assert run(["audit", site, "--strict"], capsys)[0] == 0


def test_usage_errors_exit_2(tmp_path, capsys):
    code, out, err = run(["audit", tmp_path / "missing"], capsys)
    assert (code, out) == (2, "")
    assert err == f"pelican-smo audit: error: {tmp_path / 'missing'}: no such folder\n"
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "robots.txt").write_text("User-agent: *\n")
    code, _, err = run(["audit", tmp_path / "empty", "--strict"], capsys)
    assert code == 2
    assert "no HTML files found" in err
    code, _, err = run(["audit", tmp_path / "empty", "--site-url", "blog.example.org"], capsys)
    assert code == 2
    assert "--site-url must be an absolute http(s) URL" in err
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(tmp_path), "--format", "yaml"])
    assert exc.value.code == 2
    code, _, err = run(["audit", tmp_path / "empty", "--output", tmp_path / "no" / "r.txt"],
                       capsys)
    assert code == 2 and "does not exist" in err


def test_json_structure(site, capsys):
    code, out, _ = run(["audit", site, "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"version", "site_url", "pages", "summary", "findings"}
    assert doc["version"] == 2
    assert doc["site_url"] == SITE
    assert doc["pages"] == 3
    assert doc["summary"] == {"errors": 1, "warnings": 1, "info": 1, "new": 3}
    assert isinstance(doc["findings"], list)
    for finding in doc["findings"]:
        assert set(finding) == {"page", "check", "severity", "message", "value", "pages",
                                "count", "fix", "known"}
        assert all(isinstance(finding[k], str) for k in ("page", "check", "severity", "message"))
        assert finding["value"] is None or isinstance(finding["value"], str)
        assert finding["severity"] in ("error", "warning", "info")
        assert (finding["pages"], finding["count"], finding["known"]) == ([], 1, False)
    assert [(f["page"], f["severity"], f["check"]) for f in doc["findings"]] == [
        ("bad.html", severity, check) for severity, check in BAD]
    assert doc["findings"][0]["value"] == "@x | @y"
    assert doc["findings"][2]["value"] == "Too short."


def test_json_summary_counts_match_findings_on_a_real_build(tmp_path, capsys):
    built = build_site(tmp_path, content={"a.md": "Title: A\nDate: 2024-01-01\n\nHello.\n"},
                       plugins=())
    code, out, _ = run(["audit", built.output, "--format", "json", "--strict"], capsys)
    doc = json.loads(out)
    counts = {s: sum(1 for f in doc["findings"] if f["severity"] == s)
              for s in ("error", "warning", "info")}
    assert doc["summary"] == {"errors": counts["error"], "warnings": counts["warning"],
                              "info": counts["info"], "new": len(doc["findings"])}
    assert doc["pages"] == len(built.html_files())
    # The default theme without the plugin writes no Open Graph: og-missing errors, so --strict fails.
    assert code == 1
    # og:title is missing on every page (the theme writes none): one finding, every page.
    missing = [f for f in doc["findings"] if (f["check"], f["value"]) == ("og-missing",
                                                                           "og:title")]
    assert len(missing) == 1
    assert missing[0]["page"] is None and "a.html" in missing[0]["pages"]
    assert missing[0]["count"] == len(missing[0]["pages"]) > 1


def test_output_file_is_written_and_stdout_stays_empty(site, tmp_path, capsys):
    target = tmp_path / "report.json"
    code, out, err = run(["audit", site, "--format", "json", "--output", target], capsys)
    assert code == 0
    assert out == ""
    assert err == f"3 pages, 1 error, 1 warning, 1 info; report written to {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["pages"] == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".smo-")] == []


def test_html_report_escapes_page_values(site, tmp_path, capsys):
    (site / "hostile.html").write_text(page(
        "hostile.html", "A long title &lt;script&gt;alert(1)&lt;/script&gt; that X would cut "
        "because it is much longer than seventy characters",
        "A page whose title is an attempt at script injection, kept as text."))
    target = tmp_path / "report.html"
    assert run(["audit", site, "--format", "html", "--output", target], capsys)[0] == 0
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html5lib")
    assert soup.find("script") is None
    cells = [td.get_text() for td in soup.find_all("td")]
    assert ("A long title <script>alert(1)</script> that X would cut because it is much longer "
            "than seventy characters") in cells
    assert [h.get_text() for h in soup.find_all("h2")] == ["bad.html", "hostile.html"]
    assert soup.find("meta", attrs={"name": "generator"})["content"] == "pelican-smo report"


def test_preview_command_default_target(site, capsys):
    code, _, err = run(["preview", site], capsys)
    assert code == 0
    target = site / "smo-preview.html"
    assert target.is_file()
    assert err == f"3 pages, 1 error, 1 warning, 1 info; preview written to {target}\n"
    # the preview is not a page of the site: a second audit ignores it
    _, out, _ = run(["audit", site], capsys)
    assert out.splitlines()[-1] == "3 pages, 1 error, 1 warning, 1 info"


def test_non_utf8_page_is_a_finding_not_a_crash(site, capsys):
    (site / "latin.html").write_bytes("<html><head><title>Café</title></head></html>"
                                      .encode("latin-1"))
    code, out, _ = run(["audit", site, "--format", "json", "--strict"], capsys)
    assert code == 1
    doc = json.loads(out)
    assert {"page": "latin.html", "check": "page-unreadable", "severity": "error",
            "message": "the page is not UTF-8 text (byte 0xe9 at offset 22)",
            "value": None, "pages": [], "count": 1, "fix": None,
            "known": False} in doc["findings"]
    assert doc["pages"] == 4


def test_python_dash_m_runs_the_same_command(site):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    proc = subprocess.run([sys.executable, "-m", "pelican_smo", "audit", str(site), "--strict",
                           "--progress"], capture_output=True, text=True, cwd=REPO_ROOT, env=env,
                          check=False, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[-1] == "3 pages, 1 error, 1 warning, 1 info"
    proc = subprocess.run([sys.executable, "-m", "pelican_smo", "audit", str(site / "nope")],
                          capture_output=True, text=True, cwd=REPO_ROOT, env=env, check=False,
                          timeout=120)
    assert proc.returncode == 2
    assert "no such folder" in proc.stderr


def test_html_report_and_preview_are_valid_html(site, tmp_path, capsys):
    report = tmp_path / "report.html"
    assert run(["audit", site, "--format", "html", "--output", report], capsys)[0] == 0
    assert run(["preview", site], capsys)[0] == 0
    errors = vnu_errors([report, site / "smo-preview.html"])
    assert all(not messages for messages in errors.values()), format_vnu(errors)


def test_a_fifo_named_like_a_page_is_a_finding_not_a_hang(site):
    """Opening a FIFO waits for a writer for ever: the audit reads only regular files."""
    os.mkfifo(site / "fifo.html")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    proc = subprocess.run([sys.executable, "-m", "pelican_smo", "audit", str(site),
                           "--format", "json"], capture_output=True, text=True, cwd=REPO_ROOT,
                          env=env, check=False, timeout=120)
    doc = json.loads(proc.stdout)
    found = [f for f in doc["findings"] if f["page"] == "fifo.html"]
    assert [f["check"] for f in found] == ["page-unreadable"], proc.stdout
    assert "not a regular file" in found[0]["message"]

"""The ``pelican-smo`` command: ``audit`` and ``preview`` for any built site.

    pelican-smo audit OUTPUT_DIR [--site-url URL]
                                 [--format text|json|html|github|junit]
                                 [--output FILE] [--strict] [--min-severity LEVEL]
                                 [--baseline FILE] [--write-baseline FILE] [--progress]
    pelican-smo preview OUTPUT_DIR [--site-url URL] [--output FILE]
    pelican-smo changed OUTPUT_DIR [--since STATE] [--site-url URL] [--no-save]

Exit status: 0 when the audit ran (even with findings); 1 with ``--strict`` when
there is at least one error that is not in the ``--baseline``; 2 for usage
problems (a missing folder, a folder without HTML, a bad option, an unreadable
baseline). The command is the only place that writes to stdout/stderr; the
library logs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO
from urllib.parse import urlsplit

from pelican_smo.audit.baseline import BaselineError, known_findings, load_baseline
from pelican_smo.audit.changed import StateError
from pelican_smo.audit.formats import (
    FORMATS,
    format_github,
    format_json,
    format_junit,
    format_text,
)
from pelican_smo.audit.model import SEVERITIES
from pelican_smo.audit.report import AuditError, Report, audit_site
from pelican_smo.util import write as files

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
#: Sites with at least this many pages get a progress bar on an interactive terminal.
PROGRESS_FROM = 500


class _UsageError(Exception):
    """A problem with what the user asked for: reported on stderr, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pelican-smo",
        description="Check and preview how a built site's pages look when shared.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    audit = commands.add_parser(
        "audit", help="check every HTML page's social metadata",
        description="Check every HTML page of a built site (Pelican or not): Open Graph, "
                    "X cards, canonical links, card images, JSON-LD, hreflang.")
    _common(audit)
    audit.add_argument("--format", choices=FORMATS, default="text",
                       help="report format: text, json, html, github (GitHub Actions "
                            "annotations) or junit (JUnit XML) (default: text)")
    audit.add_argument("--strict", action="store_true",
                       help="exit with status 1 when there is at least one error (with "
                            "--baseline: one that is not in the baseline)")
    audit.add_argument("--baseline", metavar="FILE",
                       help="a JSON report of an earlier run (--write-baseline or --format "
                            "json): its findings are known, only new ones fail --strict")
    audit.add_argument("--write-baseline", metavar="FILE",
                       help="also write this run's findings to FILE as a baseline (JSON)")
    audit.add_argument("--min-severity", choices=SEVERITIES, default="info",
                       help="text format: hide findings below this level (default: info)")
    audit.add_argument("--progress", action="store_true",
                       help="show a progress bar on stderr even when it is not a terminal")
    audit.add_argument("--output", metavar="FILE",
                       help="write the report to FILE instead of standard output")

    preview = commands.add_parser(
        "preview", help="write one HTML page showing every page's link cards",
        description="Write a self-contained HTML page showing how each page's link card "
                    "looks on X, Facebook, LinkedIn, Mastodon, Slack and Discord.")
    _common(preview)
    preview.add_argument("--lang", metavar="CODE", default=None,
                         help="the preview's own words in this language (a BCP 47 code such "
                              "as 'es' or 'pt-BR'; default: English)")
    preview.add_argument("--output", metavar="FILE",
                         help="where to write the page (default: OUTPUT_DIR/smo-preview.html)")
    preview.add_argument("--progress", action="store_true",
                         help="show a progress bar on stderr even when it is not a terminal")

    changed = commands.add_parser(
        "changed", help="list pages whose link preview changed since the saved state",
        description="List the pages whose title, description or image (or the image "
                    "file itself) changed since the state saved by the last run, with the "
                    "Facebook Sharing Debugger and LinkedIn Post Inspector address of each; "
                    "then save the new state.")
    _common(changed)
    changed.add_argument("--since", metavar="STATE", default=".smo-previews.json",
                         help="the saved state (default: .smo-previews.json in the current "
                              "folder; keep it out of the output)")
    changed.add_argument("--no-save", action="store_true",
                         help="compare only; keep the saved state as it is")
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output_dir", metavar="OUTPUT_DIR", help="the built site's folder")
    parser.add_argument("--site-url", metavar="URL",
                        help="the address the site is published at (default: inferred from "
                             "the pages' og:url and canonical links)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (the console script exits with it)."""
    args = build_parser().parse_args(argv)
    try:
        if args.site_url is not None:
            _check_site_url(args.site_url)
        if args.command == "audit":
            return _audit(args)
        if args.command == "changed":
            return _changed(args)
        return _preview(args)
    except (_UsageError, AuditError, StateError, BaselineError) as err:
        print(f"pelican-smo {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE


def _check_site_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _UsageError(f"--site-url must be an absolute http(s) URL, got {value!r}")


def _audit(args: argparse.Namespace) -> int:
    _check_output(args.output)
    _check_output(args.write_baseline, "--write-baseline")
    keys = load_baseline(args.baseline) if args.baseline else None
    report = _run_audit(args)
    if keys is not None:
        report.known = known_findings(report.findings, keys)
    if args.format == "json":
        text = format_json(report)
    elif args.format == "github":
        text = format_github(report, args.output_dir)
    elif args.format == "junit":
        text = format_junit(report)
    elif args.format == "html":
        from pelican_smo.audit.preview import report_page

        text = report_page(report)
    else:
        text = format_text(report, min_severity=args.min_severity)
    if args.write_baseline:
        files.write_atomic(args.write_baseline, format_json(report))
        print(f"baseline written to {args.write_baseline}", file=sys.stderr)
    if args.output:
        files.write_atomic(args.output, text)
        print(f"{report.summary_line()}; report written to {args.output}", file=sys.stderr)
    else:
        _write(sys.stdout, text)
    return EXIT_ERRORS if args.strict and report.new_errors else EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    from pelican_smo.audit.preview import write_preview

    _check_output(args.output)
    report = _run_audit(args)
    path = write_preview(args.output_dir, report.site_url, report, args.output,
                         _words(args.lang))
    print(f"{report.summary_line()}; preview written to {path}", file=sys.stderr)
    return EXIT_OK


def _changed(args: argparse.Namespace) -> int:
    """Exit status 0 whether or not pages changed (the list is the answer)."""
    from pelican_smo.audit import changed

    if not os.path.isdir(args.output_dir):
        raise _UsageError(f"{args.output_dir}: no such folder")
    now = changed.previews(args.output_dir, args.site_url)
    before = changed.load_state(args.since)
    if before is None:
        print(f"no saved state at {args.since}: {len(now)} pages recorded; the next run "
              f"lists what changed", file=sys.stderr)
    else:
        changes = changed.changed_pages(now, before)
        _write(sys.stdout, changed.format_changes(changes))
        print(f"{len(changes)} of {len(now)} pages changed since {args.since}",
              file=sys.stderr)
    if not args.no_save:
        changed.save_state(args.since, now)
    return EXIT_OK


def _words(lang: str | None):  # -> pelican_smo.i18n.Strings
    from pelican_smo.i18n import ENGLISH, Strings, catalog_for
    from pelican_smo.i18n.languages import parse

    if lang is None:
        return ENGLISH
    if parse(lang) is None:
        raise _UsageError(f"--lang {lang!r} is not a language code such as 'es' or 'pt-BR'")
    return Strings(catalog_for(lang))


def _check_output(path: str | None, option: str = "--output") -> None:
    if path is None:
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise _UsageError(f"{option} {path}: folder {folder} does not exist")
    if os.path.isdir(path):
        raise _UsageError(f"{option} {path} is a folder; give a file name")


def _run_audit(args: argparse.Namespace) -> Report:
    if not os.path.isdir(args.output_dir):
        raise _UsageError(f"{args.output_dir}: no such folder")
    with _ProgressBar(force=args.progress) as progress:
        return audit_site(args.output_dir, args.site_url, progress=progress)


class _ProgressBar:
    """A rich progress bar on stderr, started on the first report of a large site.

    Shown when ``--progress`` is given, or when stderr is a terminal and the site
    has at least ``PROGRESS_FROM`` pages; never on stdout, which carries the report.
    """

    def __init__(self, *, force: bool) -> None:
        self.force = force
        self._bar: Any = None  # rich.progress.Progress, imported only when shown
        self._task: Any = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            if not (self.force or (sys.stderr.isatty() and total >= PROGRESS_FROM)):
                return
            from rich.console import Console
            from rich.progress import Progress

            # On a terminal the bar vanishes when done; in a CI log its last state stays.
            self._bar = Progress(console=Console(file=sys.stderr), transient=sys.stderr.isatty())
            self._bar.start()
            self._task = self._bar.add_task("Reading pages", total=total)
        self._bar.update(self._task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _write(stream: TextIO, text: str) -> None:
    """Write the report; a terminal that can't show a character gets a replacement mark."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:  # `pelican-smo audit out | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

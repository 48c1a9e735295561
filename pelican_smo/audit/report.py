"""Read-only audit of a built site: will every page make a good link card everywhere?

Works on any static site folder, built by Pelican with or without pelican_smo,
or by anything else. Each HTML file is read once; only its ``<head>`` region is
tokenised (with the same attribute reader the injector uses), plus any
``application/ld+json`` script in the body, so a 10,000-page site costs one
pass over the files and one hash-map pass for the checks across pages
(duplicates, hreflang). Nothing is ever written into the site.

Pages are read by ``parse``; the checks themselves live in ``checks``, ``images``,
``site`` and ``robots``; this module runs the checks and sends a ``Report`` to a build
log. The
report formats are in ``formats``, the HTML views (report page, preview) in
``preview``, baselines in ``baseline``.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from pelican_smo.audit.checks import (
    ERROR,
    INFO,
    WARNING,
    Finding,
    PageHead,
    SiteIndex,
    check_page,
)
from pelican_smo.audit.parse import html_files, read_page
from pelican_smo.audit.robots import robots_txt
from pelican_smo.audit.site import canonical_targets, duplicates, group, hreflang

__all__ = [
    "AuditError",
    "Finding",
    "PageHead",
    "Report",
    "audit_site",
    "infer_site_url",
    "log_report",
]

logger = logging.getLogger(__name__)

class AuditError(ValueError):
    """The folder cannot be audited at all (missing, not a folder, no HTML files)."""


@dataclass
class Report:
    """The outcome of one audit: every page read and every finding, sorted.

    A cause shared by many pages is one finding (``Finding.pages``); ``known`` holds the
    findings a baseline already had (``--baseline``): only the others are new.
    """

    output_dir: str
    site_url: str | None
    pages: list[PageHead]
    findings: list[Finding] = field(default_factory=list)
    #: The output folder's file index, kept for views that resolve URLs (the preview).
    site: SiteIndex | None = field(default=None, repr=False, compare=False)
    known: frozenset[Finding] = field(default_factory=frozenset)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def infos(self) -> int:
        return self.count(INFO)

    @property
    def new_findings(self) -> list[Finding]:
        return [f for f in self.findings if f not in self.known]

    @property
    def new_errors(self) -> int:
        return sum(1 for f in self.new_findings if f.severity == ERROR)

    def by_page(self) -> dict[str, list[Finding]]:
        """Findings grouped by where they are, in path order (``""``, the findings on many
        pages, first), errors first within a page."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.page, []).append(finding)
        return grouped

    def per_page(self) -> dict[str, list[Finding]]:
        """Each page's findings, those it shares with other pages included (the preview
        shows them beside each page's cards)."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            for page in finding.pages or (finding.page,):
                grouped.setdefault(page, []).append(finding)
        return grouped

    def summary_line(self) -> str:
        """``12 pages, 1 error, 3 warnings, 2 info`` (and, with a baseline, how many of
        them are new)."""
        line = (f"{_plural(len(self.pages), 'page')}, {_plural(self.errors, 'error')}, "
                f"{_plural(self.warnings, 'warning')}, {self.infos} info")
        if self.known:
            new = self.new_findings
            line += (f"; {len(new)} new ({sum(1 for f in new if f.severity == ERROR)} "
                     f"error{'' if self.new_errors == 1 else 's'}), {len(self.known)} in "
                     "the baseline")
        return line


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- running ---------------------------------------------------------------------------------


def infer_site_url(heads: Iterable[PageHead]) -> str | None:
    """The site URL most pages agree on, from their ``og:url`` and canonical links.

    A URL whose path ends with the page's own path gives a candidate root
    (``https://x.org/blog/a/b.html`` on ``a/b.html`` → ``https://x.org/blog``);
    the most common candidate wins. When no URL matches its page (a site that
    cross-posts everything), the most common origin is the answer.
    """
    roots: Counter[str] = Counter()
    origins: Counter[str] = Counter()
    for head in heads:
        urls = [*head.meta.get("og:url", [])[:1], *head.canonicals[:1]]
        for url in {u.strip() for u in urls}:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                continue
            origin = f"{parts.scheme}://{parts.netloc}"
            origins[origin] += 1
            root = _root_for(parts.path, head.path)
            if root is not None:
                roots[origin + root] += 1
    if roots:
        return roots.most_common(1)[0][0]
    if origins:
        return origins.most_common(1)[0][0]
    return None


def _root_for(url_path: str, rel: str) -> str | None:
    path = unquote(url_path)
    forms = [rel]
    if rel == "index.html" or rel.endswith("/index.html"):
        forms.append(rel[: -len("index.html")])
    for form in forms:
        if form and path.endswith("/" + form):
            return path[: -len(form) - 1].rstrip("/")
        if not form and path.endswith("/"):
            return path.rstrip("/")
    return None


def audit_site(output_dir: str, site_url: str | None = None, *,
               progress: Callable[[int, int], None] | None = None,
               from_build: Iterable[Finding] = ()) -> Report:
    """Audit every HTML page under ``output_dir``; the build-time and command-line entry.

    ``site_url`` says which absolute URLs belong to the site (for canonical
    targets, local images, hreflang); ``None`` infers it (``infer_site_url``).
    ``progress(done, total)`` is called after each page is read. ``from_build``: findings
    the build made about what the output cannot show (metadata it left out), reported with
    the rest. Raises ``AuditError`` when the folder is missing or holds no HTML.
    """
    if not os.path.isdir(output_dir):
        raise AuditError(f"{output_dir}: no such folder")
    pages, everything = html_files(output_dir)
    if not pages:
        raise AuditError(f"{output_dir}: no HTML files found (is this the build output folder?)")
    heads: list[PageHead] = []
    findings: list[Finding] = []
    for done, rel in enumerate(pages, 1):
        head, problem = read_page(output_dir, rel)
        if not head.tool_page:
            heads.append(head)
        if problem is not None:
            findings.append(problem)
        if progress is not None:
            progress(done, len(pages))
    if site_url:
        site_url = site_url.rstrip("/")
    else:
        site_url = infer_site_url(heads)
    site = SiteIndex(output_dir, site_url, everything)
    for head in heads:
        findings.extend(check_page(head, site))
    findings.extend(canonical_targets(heads, site))
    findings.extend(hreflang(heads, site))
    findings = group(findings)
    findings.extend(duplicates(heads, site))
    findings.extend(robots_txt(heads, site))
    findings.extend(from_build)
    findings.sort(key=Finding.sort_key)
    return Report(output_dir, site_url, heads, findings, site)


# --- build log -----------------------------------------------------------------------------


#: Findings quoted in full in the build log's one error record; the rest are counted.
LOG_ERRORS_LISTED = 50


def log_report(report: Report, logger: logging.Logger) -> None:
    """Send a report to a build log: summary (info), warnings, then errors.

    Warnings go one record each, grouped by check so Pelican's log filter folds
    long runs of one kind (``limit_msg``). All errors go in ONE ``logger.error``
    record: with ``pelican --fatal errors`` the first error record stops the
    build, and one record means the reader still sees every error at once.
    A finding on many pages is one record naming how many, and what fixes it.
    """
    logger.info("pelican_smo audit: %s", report.summary_line())
    for f in report.findings:
        if f.severity == WARNING:
            logger.warning("pelican_smo audit: %s: %s: %s%s", _where(f), f.check, f.message,
                           _details(f),
                           extra={"limit_msg": f"pelican_smo audit: more {f.check} warnings; "
                                               "run `pelican-smo audit` for the full list"})
        elif f.severity == INFO:
            logger.debug("pelican_smo audit: %s: %s: %s", _where(f), f.check, f.message)
    errors = [f for f in report.findings if f.severity == ERROR]
    if errors:
        lines = [f"  {_where(f)}: {f.check}: {f.message}{_details(f)}"
                 for f in errors[:LOG_ERRORS_LISTED]]
        if len(errors) > LOG_ERRORS_LISTED:
            lines.append(f"  … and {len(errors) - LOG_ERRORS_LISTED} more; run "
                         "`pelican-smo audit` for the full list")
        logger.error("pelican_smo audit: %s:\n%s", _plural(len(errors), "error"),
                     "\n".join(lines))


def _where(f: Finding) -> str:
    """``page.html``; ``12 pages (a.html, b.html, …)``; ``robots.txt, 12 pages``."""
    if not f.pages:
        return f.page
    first = ", ".join(f.pages[:2]) + (", …" if len(f.pages) > 2 else "")
    many = f"{len(f.pages):,} page{'s' if len(f.pages) != 1 else ''} ({first})"
    return f"{f.page}, {many}" if f.page else many


def _details(f: Finding) -> str:
    return (f" [{f.value}]" if f.value else "") + (f"; fix: {f.fix}" if f.fix else "")

"""A ``Report`` as text, JSON, GitHub Actions annotations or JUnit XML.

Every format says the same: each finding once (a cause on many pages is one
finding, with its pages and its fix), errors before warnings before info. Values
come from the pages, so every format escapes them for its reader: control
characters are dropped from text (a page must not send escape sequences to a
terminal), GitHub's workflow-command escapes are applied, and XML is written by
``xml.etree`` without the characters XML 1.0 forbids.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET

from pelican_smo.audit.model import ERROR, INFO, SEVERITY_RANK, WARNING, Finding
from pelican_smo.audit.report import Report
from pelican_smo.audit.site import listed
from pelican_smo.util.text import clean_text

__all__ = ["FORMATS", "JSON_VERSION", "as_dict", "format_github", "format_json",
           "format_junit", "format_text"]

#: Version of the ``--format json`` schema (docs/audit.md); bumped on any incompatible
#: change. 2: a cause on many pages is one finding (``page`` null, ``pages``, ``fix``).
JSON_VERSION = 2
FORMATS = ("text", "json", "html", "github", "junit")


def _pages_line(f: Finding) -> str:
    return f"on {len(f.pages):,} page{'s' if len(f.pages) != 1 else ''}: {listed(f.pages)}"


# --- text ------------------------------------------------------------------------------------


def format_text(report: Report, *, min_severity: str = INFO) -> str:
    """Findings grouped by where they are: first those on many pages ("across pages"),
    then each page in path order, errors before warnings before info; each with its
    value, its pages and its fix on the lines below; then the summary line. Findings
    a baseline already had are marked ``(known)``."""
    limit = SEVERITY_RANK[min_severity]
    lines: list[str] = []
    for page, findings in report.by_page().items():
        shown = [f for f in findings if SEVERITY_RANK[f.severity] <= limit]
        if not shown:
            continue
        lines.append(page or "across pages")
        for f in shown:
            known = " (known)" if f in report.known else ""
            lines.append(f"  {f.severity:<7}  {f.check}: {clean_text(f.message)}{known}")
            if f.value:
                lines.append(f"           {clean_text(f.value)}")
            if f.pages:
                lines.append(f"           {_pages_line(f)}")
            if f.fix:
                lines.append(f"           fix: {f.fix}")
    if lines:
        lines.append("")
    lines.append(f"site URL: {report.site_url or 'unknown (give --site-url)'}")
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


# --- JSON ------------------------------------------------------------------------------------


def as_dict(report: Report) -> dict:
    """The report as the version-2 JSON document (schema in docs/audit.md); also what
    ``--baseline`` reads."""
    return {
        "version": JSON_VERSION,
        "site_url": report.site_url,
        "pages": len(report.pages),
        "summary": {"errors": report.errors, "warnings": report.warnings,
                    "info": report.infos, "new": len(report.new_findings)},
        "findings": [
            {"page": f.page or None, "check": f.check, "severity": f.severity,
             "message": f.message, "value": f.value, "pages": list(f.pages),
             "count": f.count, "fix": f.fix, "known": f in report.known}
            for f in report.findings
        ],
    }


def format_json(report: Report) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"


# --- GitHub Actions --------------------------------------------------------------------------

#: Severity → workflow command (GitHub: "Setting an error/a warning/a notice message").
GITHUB_COMMANDS = {ERROR: "error", WARNING: "warning", INFO: "notice"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _github_data(text: str) -> str:
    """A command's message, escaped as the runner unescapes it (actions/toolkit
    ``escapeData``): ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A property value (``file=``, ``title=``): the message escapes, and ``:`` → ``%3A``,
    ``,`` → ``%2C``, which would end the value."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report, output_dir: str | None = None) -> str:
    """One workflow command a line: ``::error file=output/a.html,title=og-missing::…``.

    ``file`` is the page's path under ``output_dir`` as given on the command line (the
    path in the job's working folder); a finding on many pages has none (the runner
    shows it in the run's summary), its pages are in the message. Findings a baseline
    already had are left out: an annotation is a call to act. A summary line (a
    notice) comes last.
    """
    base = output_dir if output_dir is not None else report.output_dir
    lines = []
    for f in report.findings:
        if f in report.known:
            continue
        props = []
        if f.page:
            props.append("file=" + _github_property(os.path.join(base, f.page)
                                                     .replace(os.sep, "/")))
        props.append("title=" + _github_property(f"{f.check} ({f.severity})"))
        body = [f.message]
        if f.value:
            body.append(f.value)
        if f.pages:
            body.append(_pages_line(f))
        if f.fix:
            body.append(f"fix: {f.fix}")
        text = _CONTROL.sub("", "\n".join(body))
        lines.append(f"::{GITHUB_COMMANDS[f.severity]} {','.join(props)}::{_github_data(text)}")
    lines.append(f"::notice title=pelican-smo audit::{_github_data(report.summary_line())}")
    return "\n".join(lines) + "\n"


# --- JUnit XML -------------------------------------------------------------------------------

#: Characters XML 1.0 does not allow (``xml.etree`` would write them, unreadable).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def format_junit(report: Report) -> str:
    """JUnit XML, as CI systems read test results (Jenkins' junit-10.xsd, GitLab, Azure):
    ``<testsuites>`` with one ``<testsuite>`` per check that found something, one
    ``<testcase>`` per finding (named by its page, or its pages). Errors and warnings are
    ``<failure type="error|warning">``; info passes, its message in ``<system-out>``;
    findings a baseline already had are ``<skipped>``. A site without findings gives
    one passing test case, so "no tests" never reads as "nothing checked".
    """
    by_check: dict[str, list[Finding]] = {}
    for f in sorted(report.findings, key=lambda f: (f.check, f.sort_key())):
        by_check.setdefault(f.check, []).append(f)
    root = ET.Element("testsuites", name="pelican-smo audit")
    totals = {"tests": 0, "failures": 0}
    for check, findings in by_check.items():
        failures = sum(1 for f in findings if f.severity != INFO and f not in report.known)
        skipped = sum(1 for f in findings if f in report.known)
        suite = ET.SubElement(root, "testsuite", name=check, tests=str(len(findings)),
                              failures=str(failures), errors="0", skipped=str(skipped))
        for f in findings:
            _junit_case(suite, f, f in report.known)
        totals["tests"] += len(findings)
        totals["failures"] += failures
    if not by_check:
        suite = ET.SubElement(root, "testsuite", name="pelican-smo audit", tests="1",
                              failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", name=f"{len(report.pages)} pages",
                      classname="pelican-smo")
        totals["tests"] = 1
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def _junit_case(suite: ET.Element, f: Finding, known: bool) -> None:
    if f.pages:
        name = f"{f.page + ': ' if f.page else ''}{len(f.pages):,} pages"
    else:
        name = f.page
    case = ET.SubElement(suite, "testcase", name=_xml_text(name),
                         classname=f"pelican-smo.{f.check}")
    details = [f.message]
    if f.value:
        details.append(f"value: {f.value}")
    if f.pages:
        details.append("pages: " + ", ".join(f.pages))
    if f.fix:
        details.append(f"fix: {f.fix}")
    text = _xml_text("\n".join(details))
    if known:
        ET.SubElement(case, "skipped", message=_xml_text(f"in the baseline: {f.message}"))
    elif f.severity == INFO:
        ET.SubElement(case, "system-out").text = text
    else:
        failure = ET.SubElement(case, "failure", type=f.severity,
                                message=_xml_text(f.message))
        failure.text = text

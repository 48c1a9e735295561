"""Baselines: the findings a site already had, so that only new ones fail ``--strict``.

A baseline is a ``--format json`` report (version 1 or 2), as ``--write-baseline``
writes it. A finding is known when the baseline has one with the same page, check
and value (never the message: its wording and counts change). A cause on many pages
is known as a whole: a new page with the same missing image is the same cause, and
a cause that the baseline listed page by page (version 1) is known when every one
of its pages was. An image URL's version (``v=`` and 8 hex digits, as
``SMO_IMAGE_VERSIONS`` writes it) is no part of the value: a finding about an image
stays known when its file is replaced, as it did before versions, and a baseline
written without versions still holds once they are on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from pelican_smo.audit.model import Finding
from pelican_smo.util.urls import without_version

__all__ = ["BaselineError", "known_findings", "load_baseline"]

Key = tuple[str, str, "str | None"]


class BaselineError(ValueError):
    """The baseline file cannot be read or is not a pelican-smo JSON report."""


def load_baseline(path: str) -> frozenset[Key]:
    """The (page, check, value) keys of a baseline file; a finding on many pages gives
    its own key (page ``""``) and one for each of its pages."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as err:
        raise BaselineError(f"--baseline {path}: {err.strerror or err}") from err
    except ValueError as err:
        raise BaselineError(f"--baseline {path}: not JSON ({err})") from err
    if not isinstance(data, dict) or data.get("version") not in (1, 2) or not isinstance(
            data.get("findings"), list):
        raise BaselineError(f"--baseline {path}: not a pelican-smo audit report (write one "
                            "with --write-baseline or --format json)")
    keys: set[Key] = set()
    for item in data["findings"]:
        if not isinstance(item, dict) or not isinstance(item.get("check"), str):
            raise BaselineError(f"--baseline {path}: a finding without a check: {item!r}")
        check, value = item["check"], _value(item.get("value"))
        keys.add((item.get("page") or "", check, value))
        for page in item.get("pages") or ():
            keys.add((page, check, value))
    return frozenset(keys)


def known_findings(findings: Iterable[Finding], keys: frozenset[Key]) -> frozenset[Finding]:
    """The findings the baseline already had."""
    known = set()
    for f in findings:
        value = _value(f.value)
        if ((f.page, f.check, value) in keys or ("", f.check, value) in keys
                or (f.pages and all((page, f.check, value) in keys for page in f.pages))):
            known.add(f)
    return frozenset(known)


def _value(value: object) -> str | None:
    """A finding's value as baselines compare it: an image URL without its version."""
    return without_version(value) if isinstance(value, str) else None

"""Baselines: the findings a site already had, so that only new ones fail ``--strict``.

A baseline is a ``--format json`` report (version 1 or 2), as ``--write-baseline``
writes it. A finding is known when the baseline has one with the same page, check
and value (never the message: its wording and counts change). A cause on many pages
is known as a whole: a new page with the same missing image is the same cause, and
a cause that the baseline listed page by page (version 1) is known when every one
of its pages was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from pelican_smo.audit.model import Finding

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
        check, value = item["check"], item.get("value")
        keys.add((item.get("page") or "", check, value))
        for page in item.get("pages") or ():
            keys.add((page, check, value))
    return frozenset(keys)


def known_findings(findings: Iterable[Finding], keys: frozenset[Key]) -> frozenset[Finding]:
    """The findings the baseline already had."""
    known = set()
    for f in findings:
        if (f.key in keys or ("", f.check, f.value) in keys
                or (f.pages and all((page, f.check, f.value) in keys for page in f.pages))):
            known.add(f)
    return frozenset(known)

"""Read-only checks of a built site (``report``, ``checks``) and the preview page
(``preview``). Reads any output folder: it imports neither the plugin nor its facts."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from pelican_smo.i18n import ENGLISH, Strings

__all__ = ["run_after_build"]


def run_after_build(output_path: str, site_url: str | None, audit: bool,
                    preview: bool | str, logger: logging.Logger, words: Strings = ENGLISH,
                    post_problems: Iterable[tuple[str, str, str, str, str]] = ()) -> None:
    """``SMO_AUDIT``: check the built site and log the findings (errors as errors, so
    ``pelican --fatal errors`` fails the build). ``SMO_PREVIEW``: write the preview page
    (``True``, or a file name inside the output), in ``words``' language.
    ``post_problems``: ``mastodon``/``bluesky`` metadata the build left out (page, field,
    source file, value, why), reported as ``replies-post-url`` findings."""
    from pelican_smo.audit import preview as preview_page
    from pelican_smo.audit import report
    from pelican_smo.audit.checks import metadata_posts

    try:
        found = report.audit_site(output_path, site_url, from_build=metadata_posts(post_problems))
    except report.AuditError as err:
        logger.warning("pelican_smo audit: %s", err)
        return
    if audit:
        report.log_report(found, logger)
    if preview:
        target = os.path.join(output_path, preview) if isinstance(preview, str) else None
        path = preview_page.write_preview(output_path, site_url, found, target, words)
        logger.info("pelican_smo: link previews written to %s", path)

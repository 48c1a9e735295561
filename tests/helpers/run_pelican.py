"""Run Pelican's own command line with a log format that tests can read.

    python tests/helpers/run_pelican.py CONTENT -s CONF -o OUT [other pelican args]

Identical to ``python -m pelican`` except that every log record is printed as
``LEVEL logger.name: message`` on stderr (Pelican's "plain" handler prints the
bare message, its "rich" one wraps it in columns). ``build_site`` counts the
``ERROR``/``CRITICAL`` lines: Pelican itself exits 0 after logging some errors,
for example "Cannot load plugin".
"""

from __future__ import annotations

import logging
import sys

import pelican


def main() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    pelican.LOG_HANDLERS["levelled"] = handler
    argv = sys.argv[1:]
    if "--log-handler" not in argv:
        argv = [*argv, "--log-handler", "levelled"]
    pelican.main(argv)


if __name__ == "__main__":
    main()

"""``python -m pelican_smo audit …``: the same command as the ``pelican-smo`` script."""

import sys

from pelican_smo.cli import main

if __name__ == "__main__":
    sys.exit(main())

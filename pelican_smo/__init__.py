"""pelican_smo: social media optimization for Pelican sites.

Enable it with ``PLUGINS = ["pelican_smo"]``; everything else is in ``plugin``.
"""

from pelican_smo.plugin import register

__all__ = ["register"]
__version__ = "0.1.0"

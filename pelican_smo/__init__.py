"""pelican_smo: social media optimization for Pelican sites.

Enable it with ``PLUGINS = ["pelican_smo"]`` (or ``["smo"]``, the namespace-plugin
name, ``pelican.plugins.smo``); everything else is in ``plugin``.
"""

__all__ = ["register"]
#: The package's version, written only here (pyproject.toml reads it when building).
__version__ = "0.2.0.dev0"


def register() -> None:
    """Connect the plugin to Pelican's signals (``plugin.register``).

    Imported when called, so importing ``pelican_smo`` (Pelican imports every
    namespace plugin to list them, ``pelican-smo audit`` needs no Pelican) stays light.
    """
    from pelican_smo import plugin

    plugin.register()

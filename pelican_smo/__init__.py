"""pelican_smo: social media optimization for Pelican sites.

Enable it with ``PLUGINS = ["pelican_smo"]``; everything else is in ``plugin``.
"""

__all__ = ["register"]
__version__ = "0.1.0"


def register() -> None:
    """Connect the plugin to Pelican's signals (``plugin.register``).

    Imported when called, so a process that needs only the page-finishing step (the
    helper that writes pages, ``file_worker``) does not load Pelican.
    """
    from pelican_smo import plugin

    plugin.register()

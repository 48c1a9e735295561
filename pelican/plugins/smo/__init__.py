"""pelican-smo under Pelican's namespace-plugin name, ``pelican.plugins.smo``.

Pelican loads every installed ``pelican.plugins.*`` package when ``PLUGINS`` is not
set, and ``PLUGINS = ["smo"]`` (or ``"pelican.plugins.smo"``) names this one. The
plugin itself is ``pelican_smo``: ``PLUGINS = ["pelican_smo"]`` keeps working, and
naming it both ways registers it once (``pelican_smo.plugin.register``).

``pelican/`` and ``pelican/plugins/`` have no ``__init__.py`` on purpose: they are
Pelican's packages, which this distribution only adds a folder to.
"""

from pelican_smo import __version__, register

__all__ = ["__version__", "register"]

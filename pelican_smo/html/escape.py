"""The only escaping in pelican_smo: every element the plugin writes is built here.

Every value is treated as hostile: quotes, ``<``, ``&``, ``</script>``, newlines,
NUL and other control characters. Attribute values are escaped for a
double-quoted attribute; characters HTML forbids (NUL, C0 controls other than
whitespace, lone surrogates, noncharacters) are dropped, and line breaks become
character references so each element stays on one line. JSON-LD is serialised so
no value can end the script element or open a comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
#: Attribute escapes as ordered replacements ("&" first, so no escape is escaped twice).
_ATTR_REPLACEMENTS = (
    ("&", "&amp;"), ('"', "&quot;"), ("'", "&#x27;"), ("<", "&lt;"), (">", "&gt;"),
    ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"), ("\x0c", "&#12;"),
)
#: Anything ``escape_attr`` would change but ``&``: forbidden characters or ones it escapes.
#: When only ampersands need escaping (share links, URLs with a query string), one
#: ``str.replace`` does it.
_ATTR_NEEDS_MORE_THAN_AMP = re.compile(
    r"[\x00-\x0d\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\"'<>]")
#: Anything ``escape_attr`` would change.
_ATTR_NEEDS_WORK = re.compile(_ATTR_NEEDS_MORE_THAN_AMP.pattern[:-1] + "&]")
_TEXT_REPLACEMENTS = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
#: JSON may carry these raw; inside <script> they could end the element, open a
#: comment (``<!--``) or break older JavaScript parsers (U+2028/2029).
_JSON_REPLACEMENTS = (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
)


def scrub(value: str) -> str:
    """Drop characters that may not appear in an HTML document at all."""
    return _FORBIDDEN.sub("", value)


def escape_attr(value: str) -> str:
    """Escape ``value`` for use inside a double-quoted attribute.

    Most values (URLs, dates, plain titles) need nothing: one scan finds that out
    and returns them as they are.
    """
    if _ATTR_NEEDS_WORK.search(value) is None:
        return value
    if _ATTR_NEEDS_MORE_THAN_AMP.search(value) is None:  # a URL with a query string
        return value.replace("&", "&amp;")
    return _replace_all(scrub(value), _ATTR_REPLACEMENTS)


def escape_text(value: str) -> str:
    """Escape ``value`` for use as element text content."""
    return _replace_all(scrub(value), _TEXT_REPLACEMENTS)


def start_tag(name: str, attrs: Iterable[tuple[str, str | None]]) -> str:
    """A start tag with escaped attribute values; ``None`` values are left out and an
    empty string gives a bare boolean attribute (``hidden``).

    ``name`` and the attribute names are the caller's constants, never content.
    """
    parts = [name]
    for key, val in attrs:
        if val is None:
            continue
        parts.append(f'{key}="{escape_attr(val)}"' if val != "" else key)
    return "<" + " ".join(parts) + ">"


def element(name: str, attrs: Iterable[tuple[str, str | None]], *, void: bool = True,
            text: str | None = None) -> str:
    """One element: a void start tag, or a start tag, escaped ``text`` and an end tag."""
    start = start_tag(name, attrs)
    if void:
        return start
    return f"{start}{escape_text(text or '')}</{name}>"


def container(name: str, attrs: Iterable[tuple[str, str | None]], *children: str) -> str:
    """An element around children that are already markup (built by this module)."""
    return start_tag(name, attrs) + "".join(children) + f"</{name}>"


def meta(attribute: str, key: str, content: str) -> str:
    """``<meta property="og:title" content="…">`` (``attribute`` is ``property`` or ``name``).

    Written out directly rather than through ``start_tag``: a page carries some
    thirty of these, on every page of the site. ``attribute`` and ``key`` are the
    caller's constants (``og:title``), like attribute names in ``start_tag``; only
    ``content`` is escaped.
    """
    return f'<meta {attribute}="{key}" content="{escape_attr(content)}">'


class SlotTemplate:
    """Markup built once with named attribute-value slots, filled per page.

    A share bar is the same markup on every page but for its URLs; building it
    element by element each time was most of its cost. Build the markup once
    with ``slot(name)`` as attribute values, then ``fill(name=value)`` escapes
    each value for the attribute it lands in.
    """

    def __init__(self, markup: str) -> None:
        # Even: literal markup; odd: slot names, replaced by their escaped values.
        self._parts = _SLOT.split(markup)
        self._slots = tuple((i, self._parts[i]) for i in range(1, len(self._parts), 2))
        self._names = frozenset(name for _, name in self._slots)

    def pieces(self, **values: str) -> list[str]:
        """The markup as literal pieces and escaped values, to be joined where it lands.

        Why pieces: joined into the page (``inject.apply_edits``) the bar is copied
        once, where a finished string would be copied twice, four bytes a
        character on a page with one emoji anywhere.
        """
        escaped = {name: escape_attr(values[name]) for name in self._names}
        pieces = self._parts.copy()
        for index, name in self._slots:
            pieces[index] = escaped[name]
        return pieces

    def fill(self, **values: str) -> str:
        """The markup with every slot's value escaped; a missing slot is a ``KeyError``."""
        return "".join(self.pieces(**values))


def slot(name: str) -> str:
    """A placeholder for a ``SlotTemplate`` attribute value (private-use characters)."""
    return f"\ue000{name}\ue001"


_SLOT = re.compile("\ue000([a-z_]+)\ue001")


def link(rel: str, href: str, **attrs: str | None) -> str:
    """``<link rel="…" href="…">`` with optional extra attributes (``hreflang=…``)."""
    return element("link", (("rel", rel), ("href", href), *attrs.items()))


def json_ld_script(data: Mapping[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element that no value can break out of.

    String values lose the same forbidden characters as attribute values, so
    JSON-LD and the meta tags carry the very same text. Keys are sorted (``@``
    keys sort first), so the output is stable.
    """
    body = _JSON.encode(data)
    # Checked on the serialised text, where a class scan and two substring tests are
    # cheaper than looking at every value; most JSON-LD needs neither step below.
    special = _JSON_SPECIAL.search(body) is not None
    if "\\u00" in body or "\\b" in body or (special and _FORBIDDEN.search(body)):
        body = _JSON.encode(_scrub_values(data))  # rare: only then walk the values
    if special:
        body = _replace_all(body, _JSON_REPLACEMENTS)
    return f'<script type="application/ld+json">{body}</script>'


def _replace_all(value: str, replacements: tuple[tuple[str, str], ...]) -> str:
    """Chained ``str.replace``: several times faster than ``str.translate`` with a dict,
    which looks every character up in Python."""
    for old, new in replacements:
        if old in value:
            value = value.replace(old, new)
    return value


#: One encoder for every script (``json.dumps`` with options builds a new one per call).
#: ``check_circular=False``: the data are trees from ``render.jsonld``, never cyclic, and the
#: check kept a table of every object it entered: 40 % of an article's encoding time.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                         check_circular=False)
#: What ``_JSON_REPLACEMENTS`` replaces, or ``_FORBIDDEN`` drops: one scan for both.
_JSON_SPECIAL = re.compile(_FORBIDDEN.pattern[:-1] + "<>&\u2028\u2029]")


def _scrub_values(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {scrub(str(k)): _scrub_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_values(v) for v in value]
    return value


def comment(text: str) -> str:
    """An HTML comment; ``text`` is the caller's constant and may not contain ``--``."""
    if "--" in text or text.endswith("-") or ">" in text:
        raise ValueError(f"not a safe comment text: {text!r}")
    return f"<!-- {text} -->"


#: One element for ``<head>``: (key, markup). The key names what the element sets
#: (``og:title``, ``description``, ``canonical``), so the injector can match it
#: against a theme's own elements without knowing any facts.
HeadItem = tuple[str, str]

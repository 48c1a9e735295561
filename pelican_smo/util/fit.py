"""Share text that fits each network, counted the way that network counts it.

Each network's rule, with its source (the numbers are in ``pelican_smo.limits``):

- **X** (docs.x.com "Counting characters", and twitter-text's ``config/v3.json``): text is
  normalised to NFC, then each code point weighs 1 when it lies in U+0000–U+10FF,
  U+2000–U+200D, U+2010–U+201F or U+2032–U+2037, and 2 otherwise (CJK, most other
  scripts); an emoji, however many code points it joins (ZWJ sequences, skin tones,
  flags, keycaps), weighs 2; every URL weighs 23 (t.co), whatever its length. 280 in all.
- **Bluesky** (social-app ``src/view/com/composer``: ``shortenLinks(richtext).graphemeLength``
  and ``src/lib/strings/url-helpers.ts`` ``toShortUrl``): grapheme clusters, after each
  link is shortened to its host and the first 13 characters of what follows, plus
  "..." (when that part is longer than 15). 300 graphemes.
- **Mastodon** (``app/validators/status_length_validator.rb``): grapheme clusters
  (``each_grapheme_cluster.size``), every http(s) URL counted as 23 characters and a
  mention ``@user@instance`` as ``@user``. 500 by default (instances may allow more).
- **Threads** (Threads API, "Posts": "Text posts are limited to 500 characters. Emojis
  are counted as the number of UTF-8 bytes"): here a grapheme counts 1, an emoji its
  UTF-8 bytes; a link counts whole (Threads documents no shortening).

Graphemes are the ``regex`` package's ``\\X`` (Unicode's extended grapheme clusters, UAX
#29), never a hand-written splitter. Text is cut at a word (at a grapheme in scripts
written without spaces), never inside a grapheme cluster, and ends in "…".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import regex

from pelican_smo import limits

_GRAPHEME = regex.compile(r"\X")
#: A grapheme that is an emoji: it holds a code point shown as emoji by default, a
#: variation selector 16, a skin tone, a regional indicator (flags) or a keycap.
_EMOJI = regex.compile(r"[\p{Emoji_Presentation}\p{Emoji_Modifier}\p{Regional_Indicator}"
                       r"\ufe0f\u20e3]|\p{Extended_Pictographic}\u200d")
#: X's code point ranges that weigh 1 (twitter-text config v3).
#: What X weighs 2: any code point outside U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F
#: and U+2032–U+2037 (twitter-text ``config/v3.json`` ``ranges``).
_X_HEAVY = regex.compile("[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_URL = regex.compile(r"https?://[^\s<>\"]+", regex.IGNORECASE)
#: What twitter-text also takes for a link without a scheme (``example.com/page``): counted
#: as 23 too, when that is more (over-counting is safe; under-counting is not).
_BARE_DOMAIN = regex.compile(r"(?<![\w@./-])(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s]*)?(?![\w])",
                             regex.IGNORECASE)
#: A Mastodon mention: only ``@user`` counts.
_MENTION = regex.compile(r"(?<![\w@])@([\w.-]+)@[\w.-]+\.[a-z]{2,}", regex.IGNORECASE)
_SPACE = regex.compile(r"\s")
ELLIPSIS = "…"


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of ``text``."""
    return _GRAPHEME.findall(text)


def grapheme_count(text: str) -> int:
    """``len(graphemes(text))``. ASCII text without a CR LF pair (UAX #29 GB3) has one
    cluster per character, and is counted without splitting it: most titles and URLs."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(_GRAPHEME.findall(text))


def is_emoji(grapheme: str) -> bool:
    """Whether one grapheme cluster is an emoji (a ZWJ sequence, flag, keycap…)."""
    return bool(_EMOJI.search(grapheme))


def _x_plain(text: str) -> int:
    """X's weight of text without links: each code point 1 or 2 (``_X_HEAVY``), each
    emoji cluster 2. Clusters are looked at only when the text holds an emoji: a match of
    ``_EMOJI`` always lies inside one cluster (a ZWJ joins the character before it)."""
    total = len(text) + len(_X_HEAVY.findall(text))
    if _EMOJI.search(text) is None:
        return total
    for cluster in graphemes(text):
        if is_emoji(cluster):
            total += 2 - len(cluster) - len(_X_HEAVY.findall(cluster))
    return total


def x_length(text: str) -> int:
    """X's weighted length of ``text`` (see the module doc)."""
    text = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    for match in _links(text, bare=True):
        total += _x_plain(text[position:match.start()])
        link = match.group()
        total += 23 if _URL.fullmatch(link) else max(23, _x_plain(link))
        position = match.end()
    return total + _x_plain(text[position:])


def _links(text: str, *, bare: bool) -> list[regex.Match[str]]:
    found = list(_URL.finditer(text))
    if bare:
        taken = [(m.start(), m.end()) for m in found]
        found += [m for m in _BARE_DOMAIN.finditer(text)
                  if not any(s <= m.start() < e for s, e in taken)]
    return sorted(found, key=lambda m: m.start())


def short_url(url: str) -> str:
    """Bluesky's ``toShortUrl``: host, then at most 15 characters of path, query and
    fragment (13 and "..." when longer); the path ``/`` alone is dropped."""
    match = regex.match(r"(?i)https?://([^/?#]*)(.*)$", url)
    if match is None:
        return url
    host, rest = match.group(1), match.group(2)
    if rest.startswith("/") and (rest == "/" or rest[1:2] in ("?", "#")):
        rest = rest[1:]
    return host + (rest[:13] + "..." if len(rest) > 15 else rest)


def bluesky_length(text: str) -> int:
    """Bluesky's length: graphemes, each link shortened as the app shows it."""
    return grapheme_count(_URL.sub(lambda m: short_url(m.group()), text))


def mastodon_length(text: str) -> int:
    """Mastodon's length: graphemes, a URL as 23, ``@user@instance`` as ``@user``."""
    text = _URL.sub("x" * 23, text)
    text = _MENTION.sub(lambda m: "@" + m.group(1), text)
    return grapheme_count(text)


def threads_length(text: str) -> int:
    """Threads' length: a grapheme counts 1, an emoji its UTF-8 bytes."""
    if _EMOJI.search(text) is None:  # as in _x_plain: no cluster is an emoji
        return grapheme_count(text)
    return sum(len(c.encode("utf-8")) if is_emoji(c) else 1 for c in graphemes(text))


#: Network id → (its length function, its limit).
RULES: dict[str, tuple[Callable[[str], int], int]] = {
    "x": (x_length, limits.X_POST_MAX),
    "bluesky": (bluesky_length, limits.BLUESKY_POST_MAX),
    "mastodon": (mastodon_length, limits.MASTODON_POST_MAX),
    "threads": (threads_length, limits.THREADS_POST_MAX),
}


def _x_most(text: str) -> int:
    # each code point weighs at most 2 (1 in ASCII), an emoji cluster 2, and each link
    # at most 23 more than its code points; a link holds "://" or a "."; NFC may lengthen
    if text.isascii():
        weight = len(text)
    else:
        text = unicodedata.normalize("NFC", text)
        weight = 2 * len(text)
    return weight + 23 * (text.count("://") + text.count("."))


#: Network id → a cheap upper bound of its length function (``RULES``), so that the
#: exact count, which walks grapheme clusters, is needed only near the limit: Bluesky
#: counts at most one per code point (its short links are never longer); Mastodon counts
#: each link 23, at most 23 more than itself; Threads counts at most each UTF-8 byte.
AT_MOST: dict[str, Callable[[str], int]] = {
    "x": _x_most,
    "bluesky": len,
    "mastodon": lambda text: len(text) + 23 * text.count("://"),
    "threads": lambda text: len(text.encode("utf-8", "surrogatepass")),
}


def cut(text: str, fits: Callable[[str], bool]) -> str:
    """``text`` if ``fits(text)``, else its longest start that fits with "…" appended, cut
    at a word (after the last space, if that keeps at least half of what fits) or, in
    text without spaces (Chinese, Japanese), at a grapheme; ``""`` when nothing fits."""
    if fits(text):
        return text
    clusters = graphemes(text)
    low, high = 0, len(clusters)  # fits with low clusters; not with high
    while high - low > 1:
        middle = (low + high) // 2
        if fits(_shortened(clusters[:middle])):
            low = middle
        else:
            high = middle
    if low == 0:
        return ""
    kept = clusters[:low]
    if not _SPACE.match(clusters[low]) and not _SPACE.match(kept[-1]):
        spaces = [i for i, c in enumerate(kept) if _SPACE.match(c)]
        if spaces and spaces[-1] >= low // 2:
            kept = kept[:spaces[-1]]
    return _shortened(kept)


def _shortened(clusters: list[str]) -> str:
    text = "".join(clusters).rstrip()
    text = regex.sub(r"[\s,;:–—-]+$", "", text)
    return text + ELLIPSIS if text else ""

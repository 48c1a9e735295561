"""Words and CJK characters of a whole article: ``wordCount`` and the reading time.

Regular expressions, not ``util.prose``'s parser: see ``text_counts`` for the measured
reason.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

#: Blocks whose text is never read: ``script``, ``style``, ``template``, ``noscript``,
#: ``svg``, ``math`` (up to their end tag, or to the end of the fragment, as a browser
#: reads an unclosed one), comments and CDATA sections.
_UNREAD_BLOCKS = re.compile(
    r"<(script|style|template|noscript|svg|math)\b.*?(?:</\1\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>")

#: Han (Unicode Scripts.txt ``Han``, by block: CJK Radicals Supplement, Kangxi Radicals,
#: 々 〆 〇, Hangzhou numerals, CJK Unified Ideographs and Extensions A–H, Compatibility
#: Ideographs and their supplement).
_HAN = ("\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
        "\uf900-\ufaff\U00020000-\U0003ffff")
#: Kana (Hiragana, Katakana, Katakana Phonetic Extensions, halfwidth katakana, Kana
#: Supplement and Extended-A/B, Small Kana Extension). The prolonged sound mark ー is
#: counted: it is read as a mora.
_KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f\U0001aff0-\U0001b16f"
#: CJK punctuation (CJK Symbols and Punctuation but its Han characters, fullwidth and
#: halfwidth punctuation): no word of a spaced script, not read as a character.
_CJK_PUNCTUATION = "\u3000-\u3004\u3008-\u3020\u302a-\u3037\u303c-\u303f\uff00-\uff65"
_CJK_PUNCTUATION_CHAR = re.compile(f"[{_CJK_PUNCTUATION}]")
#: Runs of Han, kana or CJK punctuation: all that is not part of a spaced script's word.
#: Written ``[…][…]*``, not ``[…]+``: a pattern that opens with a character class lets
#: the regular-expression engine skip ahead to the next candidate, one run is one match.
_NOT_SPACED = f"[{_HAN}{_KANA}{_CJK_PUNCTUATION}]"
_NOT_SPACED_RUNS = re.compile(f"({_NOT_SPACED}{_NOT_SPACED}*)")
#: Kana or CJK punctuation, told apart in the CJK runs found (a small string).
_KANA_OR_PUNCTUATION = re.compile(f"[{_KANA}{_CJK_PUNCTUATION}]")
#: Anything from the first CJK block up: one range, the cheapest test that a text may
#: hold CJK at all.
_FROM_CJK_UP = re.compile("[\u2e80-\U0010ffff]")

#: Reading speeds of unspaced scripts, characters per minute: Trauzettel-Klosinski &
#: Dietz (2012), "Standardized assessment of reading performance: The new International
#: Reading Speed Texts IReST", Invest. Ophthalmol. Vis. Sci. 53(9):5452–5461, Table 2,
#: native adult readers (25 for Chinese, 36 for Japanese): Chinese 255 (255 ± 29
#: syllables/min, and a Chinese character is one syllable), Japanese 357 characters/min
#: (kanji and kana together). IReST times reading aloud; silent reading is faster, so
#: these err long, as ``SMO_READING_SPEED``'s default 230 words/min does beside Brysbaert
#: (2019), "How many words do we read per minute?", J. Mem. Lang. 109:104047 (238
#: words/min, English non-fiction, silent; IReST's English, aloud: 228).
CHINESE_CHARACTERS_PER_MINUTE = 255
JAPANESE_CHARACTERS_PER_MINUTE = 357
#: A text is Japanese when at least this share of its CJK characters is kana: Japanese
#: prose writes its particles and endings in kana, Chinese writes none, so a tenth tells
#: them apart even when a Chinese text quotes a Japanese name.
JAPANESE_KANA_SHARE = 0.1


class TextCounts(NamedTuple):
    """What an article's text holds, per script.

    ``words``: words of space-separated scripts (Latin, Greek, Cyrillic, Hangul …),
    split on white space. ``cjk``: Han, Hiragana and Katakana characters, which are
    written without spaces and counted one by one. ``kana``: how many of those are kana.
    """

    words: int
    cjk: int
    kana: int

    @property
    def total(self) -> int:
        """schema.org ``wordCount`` ("the number of words in the text"): the spaced words
        plus one per CJK character. A Chinese or Japanese text has no word boundaries
        to count; its length is stated in characters (字数, 文字数), the unit its readers
        and the reading speeds below use."""
        return self.words + self.cjk

    @property
    def japanese(self) -> bool:
        return self.cjk > 0 and self.kana >= JAPANESE_KANA_SHARE * self.cjk

    def reading_minutes(self, words_per_minute: int) -> int | None:
        """Whole minutes, rounded up, at least 1; ``None`` for no text. Per script:
        spaced words at ``words_per_minute`` (``SMO_READING_SPEED``), CJK characters at
        the Japanese rate when the text is Japanese (``japanese``), else the Chinese."""
        if not self.total:
            return None
        per_minute = (JAPANESE_CHARACTERS_PER_MINUTE if self.japanese
                      else CHINESE_CHARACTERS_PER_MINUTE)
        minutes = self.words / words_per_minute + self.cjk / per_minute
        return max(1, math.ceil(minutes))


def text_counts(fragment: str) -> TextCounts:
    """Words and CJK characters in an HTML fragment's text (``TextCounts``): scripts,
    styles and comments left out (``_UNREAD_BLOCKS``).

    Regular expressions, not ``html_to_text``'s parser, on purpose: this reads whole
    articles, every one of them, where descriptions read an opening. On the benchmark's
    1,000 posts (``bench.generate``, 4.3 kB of HTML a post) ``html.parser`` alone took
    0.32 ms a post; these expressions take 0.06 ms, 0.07 ms with the CJK counts the
    benchmark's mixed-script text needs. The CJK work is one split into runs; kana and
    punctuation are told apart in the runs alone. A count needs neither the prose rules nor
    decoded text: ``&amp;`` is one token as ``&`` is (only a CJK character written as a
    numeric reference, which Markdown and docutils never write, counts as a word).
    """
    text = _TAG.sub(" ", _UNREAD_BLOCKS.sub(" ", fragment))
    if text.isascii() or _FROM_CJK_UP.search(text) is None:
        return TextCounts(len(text.split()), 0, 0)
    pieces = _NOT_SPACED_RUNS.split(text)  # spaced text, a run, spaced text, a run …
    if len(pieces) == 1:
        return TextCounts(len(text.split()), 0, 0)
    runs = "".join(pieces[1::2])
    marks = "".join(_KANA_OR_PUNCTUATION.findall(runs))
    punctuation = len(_CJK_PUNCTUATION_CHAR.findall(marks))
    return TextCounts(len(" ".join(pieces[::2]).split()), len(runs) - punctuation,
                      len(marks) - punctuation)

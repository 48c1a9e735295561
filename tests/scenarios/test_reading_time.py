"""Reading time and word count per script ("Real sites, second batch" #6).

Chinese and Japanese are written without spaces: counted by character, read at the
rates IReST measured (Trauzettel-Klosinski & Dietz 2012, Table 2: Chinese 255,
Japanese 357 characters per minute); Korean and the other spaced scripts by words at
``SMO_READING_SPEED`` (default 230 words per minute). schema.org ``wordCount`` counts
one per CJK character. Every expected figure below is that arithmetic on texts whose
length is fixed by construction, rounded up to whole minutes.
"""

from __future__ import annotations

import json
import re

import pytest

from pelican_smo.util.counts import TextCounts, text_counts
from tests.helpers import build_site

#: 8 Han characters and a full stop (punctuation is no character read, no word).
ZH_SENTENCE = "学习中文很有意思。"
#: 6 characters, 2 of them kana (を, む), and a full stop.
JA_SENTENCE = "日本語を読む。"
#: 2 Korean words (Korean puts spaces between words, and between sentences).
KO_SENTENCE = "안녕하세요 반갑습니다. "


def paragraphs(sentence: str, times: int, per_paragraph: int = 10) -> str:
    rows = [sentence * per_paragraph for _ in range(times // per_paragraph)]
    rows.append(sentence * (times % per_paragraph))
    return "\n\n".join(row for row in rows if row)


def english(words: int) -> str:
    return " ".join(["word"] * words)


def test_counts_per_script():
    assert text_counts("<p>" + ZH_SENTENCE * 3 + "</p>") == TextCounts(0, 24, 0)
    assert text_counts("<p>" + JA_SENTENCE * 3 + "</p>") == TextCounts(0, 18, 6)
    assert text_counts("<p>" + KO_SENTENCE * 3 + "</p>") == TextCounts(6, 0, 0)
    # Mixed: a Latin word between Han characters is a word of its own.
    assert text_counts("<p>用Python编程，很好。</p>") == TextCounts(1, 5, 0)
    # Fullwidth punctuation and ideographic spaces are neither.
    assert text_counts("<p>「中文」、（中文）\u3000！</p>") == TextCounts(0, 4, 0)


def test_scripts_and_styles_are_not_counted_even_unclosed():
    assert text_counts("<p>two words</p><script>var a = '中文';</script>") == TextCounts(2, 0, 0)
    assert text_counts("<p>two words</p><style>p{}</style><script>var a = 1") == \
        TextCounts(2, 0, 0)


@pytest.mark.parametrize(("counts", "speed", "minutes"), [
    (TextCounts(0, 1920, 0), 230, 8),      # 1920 / 255 = 7.5
    (TextCounts(0, 714, 238), 230, 2),     # Japanese: 714 / 357 = 2
    (TextCounts(460, 0, 0), 230, 2),       # 460 / 230 = 2
    (TextCounts(230, 255, 0), 230, 2),     # 230 / 230 + 255 / 255
    (TextCounts(231, 0, 0), 230, 2),       # 1.004, rounded up
    (TextCounts(10, 0, 0), 230, 1),        # at least a minute
    (TextCounts(0, 0, 0), 230, None),      # no text, no reading time
    (TextCounts(300, 0, 0), 100, 3),       # SMO_READING_SPEED is words per minute
    # A Chinese text quoting a Japanese name (5 kana in 1000) is still read as Chinese:
    # 1000 / 255 = 3.9; at the Japanese rate it would be 1000 / 357 = 2.8.
    (TextCounts(0, 1000, 5), 230, 4),
])
def test_reading_minutes(counts, speed, minutes):
    assert counts.reading_minutes(speed) == minutes


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # Pelican writes an article in a language other than DEFAULT_LANG as <slug>-<lang>.html.
    content = {
        # 240 sentences of 8 Han characters: 1,920 characters.
        "zh.md": "Slug: zh\nTitle: 中文\nDate: 2025-01-01\nLang: zh\n\n" + paragraphs(ZH_SENTENCE, 240),
        # 119 sentences of 6 characters: 714 characters, 238 of them kana.
        "ja.md": "Slug: ja\nTitle: 日本語\nDate: 2025-01-02\nLang: ja\n\n" + paragraphs(JA_SENTENCE, 119),
        # 230 sentences of 2 words: 460 words.
        "ko.md": "Slug: ko\nTitle: 한국어\nDate: 2025-01-03\nLang: ko\n\n" + paragraphs(KO_SENTENCE, 230),
        # 230 English words and 255 Chinese characters (hence 30 sentences of 8 and 15).
        "mixed.md": ("Slug: mixed\nTitle: Mixed\nDate: 2025-01-04\n\n" + english(230) + "\n\n"
                     + paragraphs(ZH_SENTENCE, 30) + "\n\n" + "学习中文很有意思学习中文很有意。"),
        "en.md": "Slug: en\nTitle: English\nDate: 2025-01-05\n\n" + english(231),
    }
    return build_site(tmp_path_factory.mktemp("reading"), content=content,
                      settings={"DEFAULT_LANG": "en"})


def reading(site, rel: str) -> tuple[str, int]:
    """(minutes, wordCount): the minutes as the number in Slack's field, which is worded
    in the page's language ("8 分钟阅读" on a Chinese page)."""
    soup = site.soup(rel)
    data = soup.find("meta", attrs={"name": "twitter:data1"})["content"]
    data = f"{re.search(r'[0-9]+', data).group()} min read"
    posting = next(d for d in (json.loads(s.string) for s in
                               soup.find_all("script", type="application/ld+json"))
                   if d["@type"] == "BlogPosting")
    return data, posting["wordCount"]


@pytest.mark.parametrize(("rel", "minutes", "words"), [
    ("zh-zh.html", "8 min read", 1920),
    ("ja-ja.html", "2 min read", 714),
    ("ko-ko.html", "2 min read", 460),
    ("mixed.html", "2 min read", 485),
    ("en.html", "2 min read", 231),
])
def test_reading_time_and_word_count_in_a_build(site, rel, minutes, words):
    assert reading(site, rel) == (minutes, words)

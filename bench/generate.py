"""Deterministic synthetic Pelican sites for the pelican_smo benchmark.

``generate_site(root, n_posts, seed, variant=...)`` writes, under ``root``::

    content/<section>/…/post-NNNNN.md   N articles (+ ~10 % German translations, same slug)
    content/pages/*.md                   a few pages
    content/images/cover-K.jpg           10 real 1200×630 JPEGs, reused by the articles
    templates/share_post/article.html    theme override that renders pelican-share-post links
    conf/pelicanconf_<key>.py            one Pelican settings file per configuration and
                                         set-up (a–g, a+sitemap–g+sitemap)
    manifest.json                        what was generated, and which built files to check

Variants (``VARIANTS``): ``default`` (above), ``image-heavy`` (the default site's text
plus 3–6 images per post: PNG, JPEG, WebP and SVG, large and tiny, and references to
files that do not exist) and ``cjk`` (a small Simplified Chinese blog, cards drawn).

The same ``(variant, n_posts, seed)`` always yields byte-identical content, so timings
taken on different days or machines compare the same work. Command line::

    python -m bench.generate OUT --posts 1000 --variant image-heavy
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

#: Every pelican_smo feature switched on, for configurations (b) and (c). The plugin's settings
#: are still being defined: extend this dict as features land. ``SMO_CARD_CACHE`` is not in
#: here on purpose: it is set per configuration (see ``card_cache_dir``).
SMO_ALL_FEATURES: dict[str, Any] = {
    "SMO_SITE_DESCRIPTION": "Synthetic benchmark blog",
    "SMO_DEFAULT_IMAGE": "images/cover-0.jpg",
    "SMO_TWITTER_SITE": "@bench",
    "SMO_AUTHORS": {"Bench Bot": {"url": "https://bench.example.org/about.html",
                                  "twitter": "@benchbot", "mastodon": "@bot@mastodon.example",
                                  "same_as": ["https://github.com/bench-bot"]}},
    "SMO_PUBLISHER": {"type": "Organization", "name": "Bench Org",
                      "logo": "images/cover-1.jpg"},
    "SMO_REL_ME": ["https://mastodon.example/@bench"],
    "SMO_THEME_COLOR": "#1a73e8",
    "SMO_SHARE_NETWORKS": ["x", "facebook", "linkedin", "reddit", "hackernews", "mastodon",
                           "bluesky", "threads", "whatsapp", "telegram", "email"],
    "SMO_SHARE_STYLE": "icons+labels",
    "SMO_SHARE_PAGES": True,
    "SMO_CARDS": "fallback",
}

#: Benchmark configurations, in the order they are run in each round.
CONFIGS: dict[str, str] = {
    "a": "plain Pelican (PLUGINS = [])",
    "b": "pelican_smo, every feature, warm card cache",
    "c": "pelican_smo, every feature, card cache emptied before each build",
    "d": "pelican-seo 1.4.0: enhancer + Open Graph + Twitter cards (default SEO report)",
    "e": "pelican-seo 1.4.0 as (d) + pelican-share-post (links rendered in articles)",
    "f": "pelican_smo as one line adds it: PLUGINS = [\"pelican_smo\"], every setting at "
         "its default (its own warm card cache)",
    "g": "pelican_smo with its optional output off (SMO_TAGS_ONLY): the head tags alone",
}

#: Configurations run when none are named: (f) and (g) say what the defaults and the
#: tags alone cost, and run only on request (``--configs a b f g``).
DEFAULT_CONFIGS = ("a", "b", "c", "d", "e")

#: Configurations that need ``import pelican_smo`` to work.
SMO_CONFIGS = ("b", "c", "f", "g")
#: Configurations whose card cache is warmed by an untimed build first.
WARM_CARD_CONFIGS = ("b", "f")

#: Configuration (g): the share bar, JSON-LD, listing-page tags, Slack's labels and cards
#: off, so what is left is the head tags of every article and page.
SMO_TAGS_ONLY: dict[str, Any] = {
    "SMO_SHARE": False,
    "SMO_JSON_LD": False,
    "SMO_LISTING_PAGES": False,
    "SMO_TWITTER_LABELS": False,
    "SMO_CARDS": "never",
}

#: Set-ups every configuration is built in, and the suffix of its run key: ``b`` is
#: (b) alone, ``b+sitemap`` is (b) with pelican-sitemap in ``PLUGINS`` as well.
SETUPS: dict[str, str] = {"alone": "", "sitemap": "+sitemap"}
SETUP_DESCRIPTIONS: dict[str, str] = {
    "alone": "the configuration's plugins only",
    "sitemap": 'the same plus pelican-sitemap (PLUGINS += ["pelican.plugins.sitemap"], '
               'SITEMAP = {"format": "xml"})',
}
SITEMAP_PLUGIN = "pelican.plugins.sitemap"
SITEMAP_SETTINGS: dict[str, Any] = {"SITEMAP": {"format": "xml"}}
#: The file pelican-sitemap writes with ``SITEMAP = {"format": "xml"}``.
SITEMAP_FILE = "sitemap.xml"


def run_key(key: str, setup: str) -> str:
    """The key of configuration ``key`` in ``setup`` ("b", "sitemap" → "b+sitemap")."""
    return key + SETUPS[setup]


def base_key(key: str) -> str:
    """The configuration of a run key ("b+sitemap" → "b")."""
    return key.split("+", 1)[0]


def setup_of(key: str) -> str:
    """The set-up of a run key ("b+sitemap" → "sitemap", "b" → "alone")."""
    for setup, suffix in SETUPS.items():
        if suffix and key.endswith(suffix):
            return setup
    return "alone"


#: Every run key, set-up by set-up, in the order a round builds them.
RUN_KEYS: tuple[str, ...] = tuple(run_key(k, s) for s in SETUPS for k in CONFIGS)


@dataclass(frozen=True)
class Variant:
    """A kind of synthetic site."""

    name: str
    description: str
    #: Posts ``make bench`` generates for it.
    default_posts: int
    #: Configurations ``bench.run`` builds for it.
    configs: tuple[str, ...]


VARIANTS: dict[str, Variant] = {
    "default": Variant("default", "mixed-language blog, a cover or inline image on half "
                       "the posts", 1000, tuple(CONFIGS)),
    "image-heavy": Variant("image-heavy", "the default site's text plus 3–6 images per "
                           "post (PNG, JPEG, WebP, SVG; large and under 200×200; some "
                           "missing files)", 1000, ("a", "b", "d", "e")),
    "cjk": Variant("cjk", "Simplified Chinese blog, social cards drawn cold", 70,
                   ("a", "c")),
}

SITEURL = "https://bench.example.org"
N_COVERS = 10
COVER_SIZE = (1200, 630)
GENERATOR_VERSION = 1

#: pelican-seo 1.4.0 settings used by (d) and (e). ``SEO_ENHANCER`` is the master switch that
#: ``SEO_ENHANCER_OPEN_GRAPH`` needs, and Twitter cards need Open Graph. ``SEO_REPORT`` is left
#: at its default (True, limited to 10 articles + 10 pages), which is what a user who only
#: turns the Open Graph / Twitter enhancer on gets.
SEO_SETTINGS: dict[str, Any] = {
    "SEO_ENHANCER": True,
    "SEO_ENHANCER_OPEN_GRAPH": True,
    "SEO_ENHANCER_TWITTER_CARDS": True,
    "SEO_REPORT": True,
}

_SECTIONS = ("tech", "travel/europe", "travel/asia", "kitchen", "notes/archive")
_CATEGORIES = ("Tech", "Travel", "Cuisine & Vin", "Notes", "Ünïcode «Zone»", "Misc")
_AUTHORS = (
    "Alice Martin",
    "José Müller",
    "Zoë O'Brien",
    "李雷",
    "محمد علي",
    'Bob "The Builder" Smith',
    "Ingrid Ødegård",
)
_TAGS = (
    "python",
    "pelican",
    "c++",
    "café",
    "machine learning",
    "日本語",
    "العربية",
    "open-source",
    "web & design",
    "travel",
    "food",
    "photography",
    "release notes",
    "naïve-bayes",
    "emoji 🎉",
)
_WORDS = (  # noqa: SIM905 - a sentence reads better than 100 quoted words
    "static site generator builds pages from plain text files with templates and metadata "
    "social cards preview image title description share link crawler render cache build "
    "the a of and to in is for on with that this it as are be by from at or an not "
    "quick brown fox jumps over lazy dog while café crème résumé naïve façade déjà vu "
    "Zürich Ærø São Paulo Kraków Łódź über straße garçon señor piñata smörgåsbord "
    "performance budget memory latency throughput benchmark median percentile "
    "article page author tag category summary translation language slug feed theme "
    "東京 大阪 写真 日記 ありがとう مرحبا سلام كتاب Привет мир Ελλάδα 🎉 🚀 ✨"
).split()
_SHORT_TITLES = ("Hi", "Notes", "Ω", "Why?", "🚀", "TL;DR", "Q&A", "Ça va")
_SPECIAL_TITLES = (
    "Café crème & résumé: a naïve façade",
    "東京の夜 — 写真日記",
    "مرحبا بالعالم: ملاحظات السفر",
    "Emoji party 🎉🚀✨ (with friends)",
    "Rock 'n' roll, \"quoted\" & <b>bold</b> title",
    "Ünïcödé everywhere: Zürich → Kraków → São Paulo",
    "Fish & Chips < Sushi > Tacos?",
    "Привет, мир! Ελληνικά και English",
)
_GERMAN_TITLE_PREFIX = ("Über", "Warum", "Notizen zu", "Gedanken über", "Straßenfest:")
_CODE_SNIPPETS = (
    'def greet(name: str) -> str:\n    return f"Hello, {name} & <friends>!"',
    "for i in range(10):\n    print(i * i)  # squares",
    '<meta property="og:title" content="Not a real tag" />',
    "SELECT title, slug FROM articles WHERE lang = 'de' ORDER BY date DESC;",
)


def conf_path(root: Path, key: str) -> Path:
    """Return the Pelican settings file of configuration ``key``."""
    return root / "conf" / f"pelicanconf_{key}.py"


def output_dir(root: Path, key: str) -> Path:
    """Return the output folder of configuration ``key`` (emptied before every build)."""
    return root / "out" / key


def run_dir(root: Path, key: str) -> Path:
    """Return the working directory a build of ``key`` runs in (pelican-seo writes its report
    to the current directory; Pelican logs go here too)."""
    return root / "run" / key


def card_cache_dir(root: Path, key: str) -> Path:
    """Return the ``SMO_CARD_CACHE`` folder of configuration ``key`` (one per config, so that
    emptying the cache for (c) never touches the warm cache of (b)).

    Both set-ups of a configuration share it ("b" and "b+sitemap"): the cards are the
    same, so one warm-up build fills (b)'s cache for both.
    """
    return root / "cache" / f"cards-{base_key(key)}"


def _sentence(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n_words)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice((".", ".", ".", "!", "?"))


def _paragraph(rng: random.Random, n_words: int) -> tuple[str, int]:
    parts: list[str] = []
    count = 0
    while count < n_words:
        k = rng.randint(6, 18)
        parts.append(_sentence(rng, k))
        count += k
    text = " ".join(parts)
    if rng.random() < 0.3:
        text = text.replace(" the ", " *the* ", 1).replace(" and ", " **and** ", 1)
    return text, count


def _title(rng: random.Random, index: int) -> str:
    kind = index % 7
    if kind == 0:
        return rng.choice(_SHORT_TITLES)
    if kind == 1:
        return rng.choice(_SPECIAL_TITLES)
    if kind == 2:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(14, 24))]
        return " ".join(words).capitalize() + " & more"
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 8))).capitalize()


def _body(
    rng: random.Random,
    index: int,
    inline_image: str | None,
    previous_source: str | None,
) -> str:
    """Markdown body of 300–800 words with headings, a list, a code block and links."""
    target = rng.randint(300, 800)
    out: list[str] = []
    words = 0
    text, n = _paragraph(rng, rng.randint(40, 90))
    out.append(text)
    words += n
    section = 0
    while words < target:
        section += 1
        out.append(f"## {rng.choice(_WORDS).capitalize()} {section}: {rng.choice(_WORDS)}")
        text, n = _paragraph(rng, rng.randint(40, 110))
        out.append(text)
        words += n
        if section == 1:
            marker = "-" if index % 2 else "1."
            items = [f"{marker} {_sentence(rng, rng.randint(3, 8))}" for _ in range(4)]
            out.append("\n".join(items))
            words += 20
        if section == 2:
            lang = "python" if index % 3 else "html"
            out.append(f"```{lang}\n{rng.choice(_CODE_SNIPPETS)}\n```")
            out.append(
                f"See [the docs](https://docs.example.org/{index}?a=1&b=2) "
                f"and [an ünïcode link](https://例え.テスト/パス) for details."
            )
            words += 10
            if previous_source:
                out.append(f"Previously: [an older post]({{filename}}/{previous_source}).")
        if section == 3 and inline_image:
            out.append(f"![Inline picture {index} & friends]({{static}}/{inline_image})")
    return "\n\n".join(out) + "\n"


def _metadata_block(meta: dict[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in meta.items()) + "\n"


def _write_covers(images: Path, rng: random.Random) -> None:
    images.mkdir(parents=True, exist_ok=True)
    width, height = COVER_SIZE
    for k in range(N_COVERS):
        base = tuple(rng.randint(30, 220) for _ in range(3))
        img = Image.new("RGB", COVER_SIZE, base)  # type: ignore[arg-type]
        draw = ImageDraw.Draw(img)
        for _ in range(12):
            x0, y0 = rng.randint(0, width - 100), rng.randint(0, height - 100)
            x1, y1 = x0 + rng.randint(50, 500), y0 + rng.randint(50, 300)
            colour = tuple(rng.randint(0, 255) for _ in range(3))
            if rng.random() < 0.5:
                draw.rectangle((x0, y0, x1, y1), fill=colour)  # type: ignore[arg-type]
            else:
                draw.ellipse((x0, y0, x1, y1), fill=colour)  # type: ignore[arg-type]
        draw.text((40, 40), f"cover {k}", fill=(255, 255, 255))
        img.save(images / f"cover-{k}.jpg", "JPEG", quality=70)


def _write_pages(pages: Path) -> list[str]:
    pages.mkdir(parents=True, exist_ok=True)
    specs = [
        ("About", "about", "Who writes this & why.", "This blog is **synthetic**."),
        ("Contact «us»", "contact", "", "Write to <bench@example.org>."),
        ("Impressum", "impressum", "Rechtliches über diese Seite.", "Angaben gemäß § 5 TMG."),
        ("Colophon 🛠", "colophon", "", "Built with Pelican & friends."),
        ("東京について", "tokyo", "東京の写真", "写真日記 — 東京 大阪."),
    ]
    slugs = []
    for title, slug, summary, body in specs:
        meta = {"Title": title, "Slug": slug}
        if summary:
            meta["Summary"] = summary
        text = _metadata_block(meta) + body + "\n\n## Details\n\n- one\n- two\n"
        (pages / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
    return slugs


def _write_share_post_template(root: Path) -> Path:
    """Theme override for (e): pelican-share-post only fills ``article.share_post``; a user
    must render the links in the article template, as the plugin's README shows."""
    folder = root / "templates" / "share_post"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n'
        "{% block content %}\n"
        "{{ super() }}\n"
        "{% if article.share_post %}\n"
        '<nav class="share-post">\n'
        "{% for name, link in article.share_post.items() %}"
        '<a href="{{ link }}" rel="nofollow noopener">{{ name }}</a>\n'
        "{% endfor %}\n"
        "</nav>\n"
        "{% endif %}\n"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    return folder


def _settings_for(
    root: Path,
    key: str,
    smo_settings: Collection[str] | None = None,
    variant: str = "default",
) -> dict[str, Any]:
    """Pelican settings of run key ``key`` (a configuration, maybe with a set-up suffix).

    ``smo_settings``, when given, is the set of ``SMO_*`` names the installed pelican_smo
    accepts (it rejects unknown ones); the others are left out of (b)/(c).
    """
    config = base_key(key)
    settings: dict[str, Any] = {
        "AUTHOR": "Bench Bot",
        "SITENAME": "Pelican SMO benchmark",
        "SITEURL": SITEURL,
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(output_dir(root, key)),
        "CACHE_PATH": str(run_dir(root, key) / "pelican-cache"),
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "DEFAULT_PAGINATION": 10,
        "RELATIVE_URLS": False,
        "STATIC_PATHS": ["images"],
        "LOAD_CONTENT_CACHE": False,
        "CACHE_CONTENT": False,
        # Feeds off: measure the plugins, not feed generation.
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        # PLUGINS must always be set: when it is missing Pelican loads every installed
        # namespace plugin, which would silently add pelican-seo to (a).
        "PLUGINS": [],
    }
    settings.update(_VARIANT_SETTINGS.get(variant, {}))
    if config in SMO_CONFIGS:
        settings["PLUGINS"] = ["pelican_smo"]
        for name, value in smo_feature_settings(root, key).items():
            if smo_settings is None or name in smo_settings:
                settings[name] = value
    elif config == "d":
        settings["PLUGINS"] = ["pelican.plugins.seo"]
        settings.update(SEO_SETTINGS)
    elif config == "e":
        settings["PLUGINS"] = ["pelican.plugins.seo", "pelican.plugins.share_post"]
        settings.update(SEO_SETTINGS)
        settings["THEME_TEMPLATES_OVERRIDES"] = [str(root / "templates" / "share_post")]
    elif config != "a":
        raise ValueError(f"unknown benchmark configuration {key!r}")
    if setup_of(key) == "sitemap":
        settings["PLUGINS"] = [*settings["PLUGINS"], SITEMAP_PLUGIN]
        settings.update(SITEMAP_SETTINGS)
    return settings


#: Settings a variant changes for every configuration.
_VARIANT_SETTINGS: dict[str, dict[str, Any]] = {
    "cjk": {"DEFAULT_LANG": "zh", "SITENAME": "静态网站基准测试"},
}


def smo_feature_settings(root: Path, key: str) -> dict[str, Any]:
    """Every ``SMO_*`` setting of a pelican_smo configuration: ``SMO_ALL_FEATURES`` for
    (b)/(c), nothing for (f), ``SMO_TAGS_ONLY`` for (g); plus this config's card cache
    (which only says where the cards are kept, and costs nothing)."""
    chosen = {"f": {}, "g": SMO_TAGS_ONLY}.get(base_key(key), SMO_ALL_FEATURES)
    return {**chosen, "SMO_CARD_CACHE": str(card_cache_dir(root, key))}


def dropped_smo_settings(smo_settings: Collection[str] | None) -> list[str]:
    """The (b)/(c) settings left out because pelican_smo does not accept them (yet)."""
    if smo_settings is None:
        return []
    return sorted(set(smo_feature_settings(Path("."), "b")) - set(smo_settings))


def write_configs(
    root: Path, smo_settings: Collection[str] | None = None, variant: str = "default"
) -> dict[str, Path]:
    """Write ``conf/pelicanconf_<run key>.py`` for every configuration and set-up; return
    their paths by run key.

    See ``_settings_for`` for ``smo_settings``.
    """
    paths: dict[str, Path] = {}
    for key in RUN_KEYS:
        path = conf_path(root, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            f"# Generated by bench/generate.py: configuration ({key}) — "
            f"{CONFIGS[base_key(key)]}; set-up: {SETUP_DESCRIPTIONS[setup_of(key)]}.",
            f"# Site variant: {variant}. Do not edit: regenerated on every benchmark run.",
            "",
        ]
        settings = _settings_for(root, key, smo_settings, variant)
        lines += [f"{name} = {value!r}" for name, value in settings.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths[key] = path
    return paths


# --------------------------------------------------------------------------- image-heavy

#: The picture files an image-heavy post links to: (stem, Pillow format or "SVG", size
#: in pixels). Each is drawn ``_POOL_COPIES`` times in other colours; posts link copies of
#: them under names of their own, so the plugin reads a different file for every post.
_POOL_SPECS: tuple[tuple[str, str, tuple[int, int]], ...] = (
    ("photo", "JPEG", (1600, 900)),
    ("photo-large", "JPEG", (2400, 1600)),
    ("screenshot", "PNG", (1200, 630)),
    ("chart", "PNG", (800, 600)),
    ("picture", "WEBP", (1024, 768)),
    ("banner", "WEBP", (1920, 1080)),
    ("medium", "JPEG", (640, 480)),
    ("medium", "WEBP", (400, 300)),
    # Under 200×200 (too small for a link preview):
    ("icon", "PNG", (64, 64)),
    ("thumb", "JPEG", (120, 90)),
    ("badge", "WEBP", (150, 150)),
    ("dot", "PNG", (16, 16)),
    ("strip", "PNG", (180, 40)),
    ("thumb-tall", "JPEG", (100, 190)),
    # SVG, with a size and with only a viewBox:
    ("diagram", "SVG", (800, 400)),
    ("logo", "SVG", (120, 120)),
)
_POOL_COPIES = 3
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "SVG": "svg"}
#: Share of an image-heavy post's images that name a file that does not exist.
_MISSING_SHARE = 0.08
#: Tiny means under Facebook's 200×200 minimum for a link preview.
_TINY_SIDE = 200


@dataclass(frozen=True)
class PoolImage:
    """One picture file drawn once and linked by many posts."""

    path: Path
    fmt: str
    size: tuple[int, int]

    @property
    def tiny(self) -> bool:
        """Whether a side is under 200 pixels."""
        return min(self.size) < _TINY_SIDE


def _draw_raster(rng: random.Random, size: tuple[int, int], label: str) -> Image.Image:
    """A flat-coloured picture of ``size`` pixels with a few shapes (compresses like a
    screenshot, draws in milliseconds)."""
    width, height = size
    img = Image.new("RGB", size, tuple(rng.randint(30, 220) for _ in range(3)))  # type: ignore[arg-type]
    draw = ImageDraw.Draw(img)
    for _ in range(8):
        x0, y0 = rng.randint(0, width - 1), rng.randint(0, height - 1)
        x1 = x0 + rng.randint(1, max(2, width // 3))
        y1 = y0 + rng.randint(1, max(2, height // 3))
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
        shape((x0, y0, x1, y1), fill=colour)  # type: ignore[arg-type]
    if min(size) >= 60:
        draw.text((8, 8), label, fill=(255, 255, 255))
    return img


def _svg(rng: random.Random, stem: str, size: tuple[int, int]) -> str:
    """An SVG document; the ``logo`` ones have a viewBox and no width/height."""
    width, height = size
    sized = "" if stem == "logo" else f' width="{width}" height="{height}"'
    shapes = "".join(
        f'<circle cx="{rng.randint(0, width)}" cy="{rng.randint(0, height)}" '
        f'r="{rng.randint(5, max(6, height // 4))}" fill="#{rng.randrange(0x1000000):06x}"/>'
        for _ in range(6))
    return (f'<svg xmlns="http://www.w3.org/2000/svg"{sized} viewBox="0 0 {width} {height}">'
            f'<rect width="{width}" height="{height}" fill="#{rng.randrange(0x1000000):06x}"/>'
            f"{shapes}</svg>\n")


def _write_pool(folder: Path, rng: random.Random) -> list[PoolImage]:
    """Draw every picture of ``_POOL_SPECS`` ``_POOL_COPIES`` times into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    pool: list[PoolImage] = []
    for copy in range(_POOL_COPIES):
        for stem, fmt, size in _POOL_SPECS:
            path = folder / f"{stem}-{size[0]}x{size[1]}-{copy}.{_EXTENSIONS[fmt]}"
            if fmt == "SVG":
                path.write_text(_svg(rng, stem, size), encoding="utf-8")
            else:
                options = {"quality": 70} if fmt in ("JPEG", "WEBP") else {}
                _draw_raster(rng, size, f"{stem} {copy}").save(path, fmt, **options)
            pool.append(PoolImage(path, fmt, size))
    return pool


def _link_or_copy(source: Path, target: Path) -> None:
    """Give ``target`` the content of ``source``: a hard link (instant), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class HeavyImages:
    """Adds 3–6 image references to each post's body, with their files.

    Has its own random generator, so the posts' text is the default site's, byte for
    byte: the two variants differ by the images alone.
    """

    def __init__(self, content: Path, pool: list[PoolImage], rng: random.Random) -> None:
        self.folder = content / "images" / "heavy"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.pool = pool
        self.rng = rng
        self.counts = {"n_post_images": 0, "n_missing_images": 0, "n_tiny_images": 0,
                       "n_svg_images": 0}

    def references(self, slug: str) -> list[str]:
        """The Markdown image lines of one post; links its files into the content."""
        lines: list[str] = []
        for j in range(self.rng.randint(3, 6)):
            if self.rng.random() < _MISSING_SHARE:
                target = "missing.png" if j % 2 else f"figures/missing-{slug}.png"
                lines.append(f"![x]({target})")
                self.counts["n_missing_images"] += 1
                continue
            picture = self.rng.choice(self.pool)
            name = f"{slug}-{j}{picture.path.suffix}"
            _link_or_copy(picture.path, self.folder / name)
            lines.append(f"![Figure {j} of {slug}]({{static}}/images/heavy/{name})")
            self.counts["n_post_images"] += 1
            self.counts["n_tiny_images"] += picture.tiny
            self.counts["n_svg_images"] += picture.fmt == "SVG"
        return lines

    def insert(self, body: str, lines: Sequence[str]) -> str:
        """``body`` with each of ``lines`` as a paragraph of its own, after the first one."""
        parts = body.rstrip("\n").split("\n\n")
        for line in lines:
            parts.insert(self.rng.randint(1, len(parts)), line)
        return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- default posts


def _write_posts(
    content: Path, n_posts: int, rng: random.Random, images: HeavyImages | None
) -> dict[str, Any]:
    """The default site's articles and translations (plus ``images``' references, for the
    image-heavy variant); returns their counts and the sample files for the manifest."""
    start = datetime(2015, 1, 1, 8, 0)
    n_covers = n_inline = n_summaries = n_translations = 0
    sample_article: str | None = None
    sample_translation: str | None = None
    previous_source: str | None = None
    for i in range(n_posts):
        section = _SECTIONS[i % len(_SECTIONS)]
        slug = f"post-{i:05d}"
        date = start + timedelta(hours=i * 7 + rng.randint(0, 6), minutes=rng.randint(0, 59))
        source = f"{section}/{date.year}/{slug}.md"
        roll = rng.random()
        cover = inline = None
        if roll < 0.30:
            cover = f"images/cover-{rng.randrange(N_COVERS)}.jpg"
            n_covers += 1
        elif roll < 0.50:
            inline = f"images/cover-{rng.randrange(N_COVERS)}.jpg"
            n_inline += 1

        meta: dict[str, str] = {
            "Title": _title(rng, i),
            "Date": date.strftime("%Y-%m-%d %H:%M"),
            "Slug": slug,
            "Category": rng.choice(_CATEGORIES),
            "Tags": ", ".join(rng.sample(_TAGS, rng.randint(2, 5))),
            "Authors": ", ".join(rng.sample(_AUTHORS, rng.randint(1, 3))),
        }
        if rng.random() < 0.2:
            meta["Modified"] = (date + timedelta(days=rng.randint(1, 400))).strftime(
                "%Y-%m-%d %H:%M"
            )
        if rng.random() < 0.4:
            meta["Summary"] = _sentence(rng, rng.randint(8, 30)).replace(" a ", " a & ", 1)
            n_summaries += 1
        if cover:
            meta["Image"] = f"{{static}}/{cover}"
        body = _body(rng, i, inline, previous_source)
        figures = images.references(slug) if images else []
        if images:
            body = images.insert(body, figures)

        path = content / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_metadata_block(meta) + body, encoding="utf-8")
        if cover and sample_article is None:
            sample_article = f"{slug}.html"

        if rng.random() < 0.10:
            n_translations += 1
            de_meta = dict(meta)
            de_meta["Title"] = f"{rng.choice(_GERMAN_TITLE_PREFIX)} {meta['Title']}"
            de_meta["Lang"] = "de"
            de_meta.pop("Summary", None)
            de_body = _body(rng, i, inline, None)
            if images:  # a translation shows the same pictures
                de_body = images.insert(de_body, figures)
            de_path = path.with_name(f"{slug}-de.md")
            de_path.write_text(_metadata_block(de_meta) + de_body, encoding="utf-8")
            if sample_translation is None:
                sample_translation = f"{slug}-de.html"
        previous_source = source
    return {
        "n_translations": n_translations,
        "n_cover_images": n_covers,
        "n_inline_images": n_inline,
        "n_summaries": n_summaries,
        "sample_article": sample_article or "post-00000.html",
        "sample_translation": sample_translation,
    }


# --------------------------------------------------------------------------- cjk

_ZH_WORDS = (  # noqa: SIM905 - one string reads better than 120 quoted words
    "静态 网站 生成器 文章 页面 模板 作者 标签 分类 摘要 翻译 语言 图片 分享 链接 社交 "
    "卡片 预览 标题 描述 缓存 构建 性能 内存 速度 测试 基准 我们 你们 他们 今天 明天 昨天 "
    "北京 上海 广州 深圳 杭州 成都 西安 旅行 美食 咖啡 茶 火锅 饺子 面条 春天 夏天 秋天 "
    "冬天 学习 工作 生活 时间 问题 方法 开源 软件 代码 程序 数据 服务器 浏览器 用户 朋友 "
    "家人 城市 山 水 天气 非常 很 也 都 就 还 在 是 的 了 和 有 没有 一个 这个 那个 可以 "
    "需要 因为 所以 但是 如果 虽然 已经 正在 发现 觉得 认为 写 读 看 用 做 走 简单 复杂 "
    "快速 安全 稳定 设计 发布 版本 更新 文档 社区 经验 故事 照片 风景 历史 文化"
).split()
_ZH_CATEGORIES = ("技术", "旅行", "美食", "随笔", "读书")
_ZH_AUTHORS = ("王伟", "李娜", "张敏", "刘洋", "陈静")
_ZH_TAGS = ("静态网站", "开源", "Python", "旅行", "美食", "摄影", "读书笔记", "前端",
            "性能", "生活")
_ZH_PUNCTUATION = ("。", "。", "。", "！", "？")


def _zh_sentence(rng: random.Random, n_words: int) -> str:
    """A Chinese sentence: words without spaces, a comma now and then, final punctuation."""
    words = [rng.choice(_ZH_WORDS) for _ in range(n_words)]
    for k in range(4, len(words) - 2, rng.randint(5, 8)):
        words[k] += "，"
    return "".join(words) + rng.choice(_ZH_PUNCTUATION)


def _zh_title(rng: random.Random, index: int) -> str:
    """Short, long (wraps on a card), with full-width punctuation, or mixed with Latin."""
    kind = index % 5
    if kind == 0:
        return "".join(rng.choice(_ZH_WORDS) for _ in range(2))
    if kind == 1:
        return "".join(rng.choice(_ZH_WORDS) for _ in range(rng.randint(14, 22)))
    if kind == 2:
        return f"《{rng.choice(_ZH_WORDS)}{rng.choice(_ZH_WORDS)}》读后感：{rng.choice(_ZH_WORDS)}！"
    if kind == 3:
        return f"Python {rng.choice(_ZH_WORDS)}入门（第{index}篇）"
    return "".join(rng.choice(_ZH_WORDS) for _ in range(rng.randint(3, 8)))


def _zh_body(rng: random.Random, previous_source: str | None) -> str:
    """Markdown body of 400–1,200 Chinese characters: headings, a list, links, some code."""
    target = rng.randint(400, 1200)
    out = [_zh_sentence(rng, rng.randint(10, 20)) + _zh_sentence(rng, rng.randint(8, 16))]
    section = 0
    while sum(len(part) for part in out) < target:
        section += 1
        out.append(f"## 第{section}节：{rng.choice(_ZH_WORDS)}{rng.choice(_ZH_WORDS)}")
        out.append("".join(_zh_sentence(rng, rng.randint(8, 20)) for _ in range(3)))
        if section == 1:
            out.append("\n".join(f"- {_zh_sentence(rng, rng.randint(3, 6))}" for _ in range(3)))
        if section == 2 and rng.random() < 0.5:
            out.append('```python\nprint("你好，世界")\n```')
        if section == 2 and previous_source:
            out.append(f"上一篇：[{rng.choice(_ZH_WORDS)}]({{filename}}/{previous_source})。")
    return "\n\n".join(out) + "\n"


def _write_zh_pages(pages: Path) -> list[str]:
    pages.mkdir(parents=True, exist_ok=True)
    specs = [("关于本站", "about", "这个博客是合成的。"), ("联系我们", "contact", "写信给我们。")]
    for title, slug, body in specs:
        meta = {"Title": title, "Slug": slug, "Summary": body}
        (pages / f"{slug}.md").write_text(_metadata_block(meta) + body + "\n", encoding="utf-8")
    return [slug for _, slug, _ in specs]


def _write_cjk_posts(content: Path, n_posts: int, rng: random.Random) -> dict[str, Any]:
    """A Simplified Chinese blog; one post in ten has a cover, the others get a card."""
    start = datetime(2020, 3, 1, 9, 0)
    n_covers = n_summaries = 0
    sample_article: str | None = None
    previous_source: str | None = None
    for i in range(n_posts):
        slug = f"post-{i:05d}"
        date = start + timedelta(days=i * 3, minutes=rng.randint(0, 600))
        source = f"blog/{date.year}/{slug}.md"
        meta: dict[str, str] = {
            "Title": _zh_title(rng, i),
            "Date": date.strftime("%Y-%m-%d %H:%M"),
            "Slug": slug,
            "Category": rng.choice(_ZH_CATEGORIES),
            "Tags": ", ".join(rng.sample(_ZH_TAGS, rng.randint(1, 4))),
            "Authors": ", ".join(rng.sample(_ZH_AUTHORS, rng.randint(1, 2))),
        }
        if rng.random() < 0.4:
            meta["Summary"] = _zh_sentence(rng, rng.randint(8, 20))
            n_summaries += 1
        if rng.random() < 0.1:
            meta["Image"] = f"{{static}}/images/cover-{rng.randrange(N_COVERS)}.jpg"
            n_covers += 1
            sample_article = sample_article or f"{slug}.html"
        path = content / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_metadata_block(meta) + _zh_body(rng, previous_source), encoding="utf-8")
        previous_source = source
    return {
        "n_translations": 0,
        "n_cover_images": n_covers,
        "n_inline_images": 0,
        "n_summaries": n_summaries,
        "sample_article": sample_article or "post-00000.html",
        "sample_translation": None,
    }


# --------------------------------------------------------------------------- the site


def generate_site(
    root: Path,
    n_posts: int,
    seed: int = 1,
    smo_settings: Collection[str] | None = None,
    variant: str = "default",
) -> Path:
    """Write a deterministic synthetic Markdown site with ``n_posts`` articles under ``root``.

    Anything previously generated under ``root`` (content, configs, outputs, caches) is
    removed first. Returns ``root``; ``root / "manifest.json"`` describes the site.
    ``smo_settings``: the ``SMO_*`` names pelican_smo accepts, if known (see
    ``_settings_for``); ``None`` writes every setting of ``SMO_ALL_FEATURES``.
    ``variant``: a key of ``VARIANTS``.
    """
    if n_posts < 1:
        raise ValueError("n_posts must be at least 1")
    if variant not in VARIANTS:
        raise ValueError(f"unknown site variant {variant!r} (one of {', '.join(VARIANTS)})")
    root = Path(root).resolve()
    for sub in ("content", "conf", "templates", "out", "run", "cache", "pool"):
        shutil.rmtree(root / sub, ignore_errors=True)
    content = root / "content"
    rng = random.Random(seed)

    _write_covers(content / "images", random.Random(seed * 7919 + 1))
    _write_share_post_template(root)
    write_configs(root, smo_settings, variant)
    extra: dict[str, Any] = {}
    if variant == "cjk":
        page_slugs = _write_zh_pages(content / "pages")
        stats = _write_cjk_posts(content, n_posts, rng)
    else:
        page_slugs = _write_pages(content / "pages")
        images = None
        if variant == "image-heavy":
            pool = _write_pool(root / "pool", random.Random(seed * 7919 + 2))
            images = HeavyImages(content, pool, random.Random(seed * 7919 + 3))
        stats = _write_posts(content, n_posts, rng, images)
        if images:
            extra = {"n_pool_files": len(pool), **images.counts}

    manifest = {
        "generator_version": GENERATOR_VERSION,
        "variant": variant,
        "n_posts": n_posts,
        "seed": seed,
        "n_pages": len(page_slugs),
        **{k: v for k, v in stats.items() if not k.startswith("sample_")},
        **extra,
        # Output files (relative to an output folder) the harness inspects after each build.
        "sample_article": stats["sample_article"],
        "sample_translation": stats["sample_translation"],
        "sample_page": f"pages/{page_slugs[0]}.html",
        "smo_settings_dropped": dropped_smo_settings(smo_settings),
    }
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.generate OUT [--posts N] [--variant V] [--seed S]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate",
                                     description="Write a synthetic benchmark site.")
    parser.add_argument("out", type=Path, help="folder to write the site into (emptied)")
    parser.add_argument("--variant", choices=list(VARIANTS), default="default",
                        help="kind of site (default: default)")
    parser.add_argument("--posts", type=int, help="articles (default: the variant's: "
                        + ", ".join(f"{v.name} {v.default_posts}" for v in VARIANTS.values())
                        + ")")
    parser.add_argument("--seed", type=int, default=1, help="seed (1)")
    args = parser.parse_args(argv)
    posts = args.posts or VARIANTS[args.variant].default_posts
    root = generate_site(args.out, posts, args.seed, variant=args.variant)
    print(json.dumps(json.loads((root / "manifest.json").read_text(encoding="utf-8")),
                     indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

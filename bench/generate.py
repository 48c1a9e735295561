"""Deterministic synthetic Pelican site for the pelican_smo benchmark.

``generate_site(root, n_posts, seed)`` writes, under ``root``::

    content/<section>/…/post-NNNNN.md   N articles (+ ~10 % German translations, same slug)
    content/pages/*.md                   a few pages
    content/images/cover-K.jpg           10 real 1200×630 JPEGs, reused by the articles
    templates/share_post/article.html    theme override that renders pelican-share-post links
    conf/pelicanconf_<key>.py            one Pelican settings file per configuration (a–e)
    manifest.json                        what was generated, and which built files to check

The same ``(n_posts, seed)`` always yields byte-identical content, so timings taken on
different days or machines compare the same work.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Collection
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
}

#: Configurations that need ``import pelican_smo`` to work.
SMO_CONFIGS = ("b", "c")

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
    emptying the cache for (c) never touches the warm cache of (b))."""
    return root / "cache" / f"cards-{key}"


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
    root: Path, key: str, smo_settings: Collection[str] | None = None
) -> dict[str, Any]:
    """Pelican settings of configuration ``key``.

    ``smo_settings``, when given, is the set of ``SMO_*`` names the installed pelican_smo
    accepts (it rejects unknown ones); the others are left out of (b)/(c).
    """
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
    if key in SMO_CONFIGS:
        settings["PLUGINS"] = ["pelican_smo"]
        for name, value in smo_feature_settings(root, key).items():
            if smo_settings is None or name in smo_settings:
                settings[name] = value
    elif key == "d":
        settings["PLUGINS"] = ["pelican.plugins.seo"]
        settings.update(SEO_SETTINGS)
    elif key == "e":
        settings["PLUGINS"] = ["pelican.plugins.seo", "pelican.plugins.share_post"]
        settings.update(SEO_SETTINGS)
        settings["THEME_TEMPLATES_OVERRIDES"] = [str(root / "templates" / "share_post")]
    elif key != "a":
        raise ValueError(f"unknown benchmark configuration {key!r}")
    return settings


def smo_feature_settings(root: Path, key: str) -> dict[str, Any]:
    """Every ``SMO_*`` setting of (b)/(c): ``SMO_ALL_FEATURES`` plus this config's card cache."""
    return {**SMO_ALL_FEATURES, "SMO_CARD_CACHE": str(card_cache_dir(root, key))}


def dropped_smo_settings(smo_settings: Collection[str] | None) -> list[str]:
    """The (b)/(c) settings left out because pelican_smo does not accept them (yet)."""
    if smo_settings is None:
        return []
    return sorted(set(smo_feature_settings(Path("."), "b")) - set(smo_settings))


def write_configs(root: Path, smo_settings: Collection[str] | None = None) -> dict[str, Path]:
    """Write ``conf/pelicanconf_<key>.py`` for every configuration; return their paths.

    See ``_settings_for`` for ``smo_settings``.
    """
    paths: dict[str, Path] = {}
    for key, description in CONFIGS.items():
        path = conf_path(root, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            f"# Generated by bench/generate.py: configuration ({key}) — {description}.",
            "# Do not edit: regenerated on every benchmark run.",
            "",
        ]
        settings = _settings_for(root, key, smo_settings)
        lines += [f"{name} = {value!r}" for name, value in settings.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths[key] = path
    return paths


def generate_site(
    root: Path, n_posts: int, seed: int = 1, smo_settings: Collection[str] | None = None
) -> Path:
    """Write a deterministic synthetic Markdown site with ``n_posts`` articles under ``root``.

    Anything previously generated under ``root`` (content, configs, outputs, caches) is
    removed first. Returns ``root``; ``root / "manifest.json"`` describes the site.
    ``smo_settings``: the ``SMO_*`` names pelican_smo accepts, if known (see
    ``_settings_for``); ``None`` writes every setting of ``SMO_ALL_FEATURES``.
    """
    if n_posts < 1:
        raise ValueError("n_posts must be at least 1")
    root = Path(root).resolve()
    for sub in ("content", "conf", "templates", "out", "run", "cache"):
        shutil.rmtree(root / sub, ignore_errors=True)
    content = root / "content"
    rng = random.Random(seed)

    _write_covers(content / "images", random.Random(seed * 7919 + 1))
    page_slugs = _write_pages(content / "pages")
    _write_share_post_template(root)
    write_configs(root, smo_settings)

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
            de_path = path.with_name(f"{slug}-de.md")
            de_path.write_text(_metadata_block(de_meta) + de_body, encoding="utf-8")
            if sample_translation is None:
                sample_translation = f"{slug}-de.html"
        previous_source = source

    manifest = {
        "generator_version": GENERATOR_VERSION,
        "n_posts": n_posts,
        "seed": seed,
        "n_translations": n_translations,
        "n_pages": len(page_slugs),
        "n_cover_images": n_covers,
        "n_inline_images": n_inline,
        "n_summaries": n_summaries,
        # Output files (relative to an output folder) the harness inspects after each build.
        "sample_article": sample_article or "post-00000.html",
        "sample_translation": sample_translation,
        "sample_page": f"pages/{page_slugs[0]}.html",
        "smo_settings_dropped": dropped_smo_settings(smo_settings),
    }
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return root

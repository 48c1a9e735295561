"""Which image a page's link preview gets, through real builds.

Expected values come from the platforms' rules (``pelican_smo/limits.py`` quotes them):
Facebook shows no image under 200×200; X shows no SVG, wants at least 300×157 for
``summary_large_image`` and crops it to 2:1, and crops a ``summary`` image to 1:1;
X, Facebook and LinkedIn show JPG, PNG, WEBP and GIF. URLs resolve as RFC 3986 §5.2
says a browser resolves them; Pelican's link syntax is Pelican's own
(``INTRASITE_LINK_REGEX`` accepts ``{static}`` and ``|static|``); alt text that is a
file name is no text alternative (WCAG 2 technique F30).
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import SITES_DIR, build_scenario, build_site, image_bytes, versioned
from tests.scenarios.test_site_core import head_values, one

SITE = "https://example.org"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"/>'


def article(title: str, body: str, **meta: str) -> str:
    lines = [f"Title: {title}", "Date: 2024-05-01 10:00", "Category: Notes"]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


def local(path: str, files, tail: str = "") -> str:
    """The URL the tags give the file ``path`` of ``files`` (what the test wrote): the
    site's URL (and ``tail``, a query or fragment) with the file's version
    (``SMO_IMAGE_VERSIONS``)."""
    return versioned(f"{SITE}/{path}{tail}", files[path])


def warnings_about(site, *fragments: str) -> list[str]:
    """The warning lines (joined across Pelican's line wrapping) holding every fragment."""
    text = " ".join(site.log.split())
    lines = text.replace(" WARNING ", "\nWARNING ").splitlines()
    return [line for line in lines
            if line.startswith("WARNING") and all(f in line for f in fragments)]


# --- automatic choice: the first content image every platform shows -------------------------

CHOICE_FILES = {
    "images/button.png": image_bytes(66, 36),
    "images/portrait.jpg": image_bytes(178, 185, "JPEG"),
    "images/logo.svg": SVG,
    "images/hero.png": image_bytes(1200, 630),
    "images/default.png": image_bytes(1200, 630, "PNG", (200, 40, 40)),
    "images/bitmap.bmp": image_bytes(1200, 630, "BMP"),
    "skips.md": article("Skips", "\n\n".join([
        "![Subscribe](/images/button.png)", "![Me, smiling](/images/portrait.jpg)",
        "![Our logo](/images/logo.svg)", "![Gone](/images/gone.png)",
        "![An old format](/images/bitmap.bmp)", "![Remote logo](https://cdn.example.net/l.svg)",
        "![Harbour at dawn](/images/hero.png)", "![Second](/images/default.png)"])),
    "none-fit.md": article("None fit", "![Subscribe](/images/button.png)\n\n"
                                       "![Our logo](images/logo.svg)"),
    "named-small.md": article("Named small", "Text.", Image="/images/portrait.jpg"),
    # remote images are never fetched: a formula drawn as a picture in mid-sentence, and
    # one whose <img> declares it small, are glyphs; a picture on its own line is not
    "glyphs.md": article("Glyphs", "\n\n".join([
        "Doxygen and WordPress both allow [![\\LaTeX](https://s0.wp.com/latex.php?latex=x)]"
        "(https://www.latex.org) equations.",
        '<p><img src="https://cdn.example.net/badge.png" width="88" height="31" alt="Badge"></p>',
        "![The harbour](https://cdn.example.net/harbour.jpg)"])),
    "glyph-only.md": article("Glyph only", "An inline ![x](https://s0.wp.com/latex.php?"
                                           "latex=x) formula."),
    "named-svg.md": article("Named svg", "Text.", Cover="{static}/images/logo.svg"),
}


@pytest.fixture(scope="module")
def choice(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("choice"), content=CHOICE_FILES,
                      settings={"SITEURL": SITE, "STATIC_PATHS": ["images"],
                                "SMO_DEFAULT_IMAGE": "images/default.png",
                                "SMO_DEFAULT_IMAGE_ALT": "The blog's red card",
                                "SMO_CARDS": "never", "SMO_AUDIT": True}, expect_ok=False)


def audit_errors(site) -> list[str]:
    """The findings the plugin's audit logs as errors (each line: ``page: check: …``)."""
    match = re.search(r"pelican_smo audit: \d+ errors?:\n((?:  .*\n?)*)", site.log)
    return [line.strip() for line in match.group(1).splitlines()] if match else []


def test_the_plugins_own_audit_fails_no_page_over_an_image_it_chose(choice):
    """The audit's errors (X or Facebook shows no image) name only the page whose author
    chose an SVG; it used to fail pages whose first content image was a button."""
    assert choice.returncode == 0
    assert [e.split(":")[0] for e in audit_errors(choice)] == ["named-svg.html"]


def test_automatic_choice_passes_over_what_platforms_do_not_show(choice):
    values = head_values(choice.soup("skips.html"))
    assert one(values, "og:image") == local("images/hero.png", CHOICE_FILES)
    assert (one(values, "og:image:width"), one(values, "og:image:height")) == ("1200", "630")
    assert one(values, "og:image:alt") == "Harbour at dawn"
    assert one(values, "twitter:card") == "summary_large_image"


def test_remote_glyphs_are_passed_over(choice):
    values = head_values(choice.soup("glyphs.html"))
    assert one(values, "og:image") == "https://cdn.example.net/harbour.jpg"
    assert one(values, "og:image:alt") == "The harbour"
    only = head_values(choice.soup("glyph-only.html"))
    assert one(only, "og:image") == local("images/default.png", CHOICE_FILES)


def test_passing_over_an_image_is_not_warned_about(choice):
    for name in ("button.png", "portrait.jpg", "logo.svg", "gone.png", "bitmap.bmp", "l.svg"):
        assert warnings_about(choice, "skips.md", name) == [], name
    assert warnings_about(choice, "none-fit.md") == []


def test_with_no_showable_content_image_the_default_image_is_used(choice):
    values = head_values(choice.soup("none-fit.html"))
    assert one(values, "og:image") == local("images/default.png", CHOICE_FILES)
    assert one(values, "og:image:alt") == "The blog's red card"


def test_an_image_the_author_named_is_kept_and_warned_about(choice):
    small = head_values(choice.soup("named-small.html"))
    assert one(small, "og:image") == local("images/portrait.jpg", CHOICE_FILES)
    assert one(small, "twitter:card") == "summary"
    assert len(warnings_about(choice, "named-small.md", "image:", "178×185", "200×200")) == 1
    svg = head_values(choice.soup("named-svg.html"))
    assert one(svg, "og:image") == local("images/logo.svg", CHOICE_FILES)
    assert len(warnings_about(choice, "named-svg.md", "cover:", "is SVG")) == 1


def test_with_neither_a_showable_image_nor_a_default_the_page_gets_a_card(tmp_path):
    site = build_site(tmp_path, content={k: v for k, v in CHOICE_FILES.items()
                                         if k.startswith("images/") or k == "none-fit.md"},
                      settings={"SITEURL": SITE, "STATIC_PATHS": ["images"]})
    values = head_values(site.soup("none-fit.html"))
    assert one(values, "og:image").startswith(f"{SITE}/smo/cards/")
    assert (one(values, "og:image:width"), one(values, "og:image:height")) == ("1200", "630")


# --- twitter:card by size and shape --------------------------------------------------------

#: (width, height) → the card X's rules give: at least 300×157 for the large card, and the
#: frame that crops less (2:1 for the large card, 1:1 for summary; the large one wins
#: from an aspect ratio of √2 ≈ 1.414 on).
SHAPES = {
    (600, 1000): "summary",  # portrait: a 2:1 crop keeps 30 % of its height
    (1000, 1000): "summary",  # square: 2:1 keeps half, 1:1 all
    (1600, 1200): "summary",  # 4:3 (1.33): 2:1 keeps 67 %, 1:1 keeps 75 %
    (1500, 1000): "summary_large_image",  # 3:2 (1.5): 2:1 keeps 75 %, 1:1 keeps 67 %
    (1200, 630): "summary_large_image",
    (2400, 600): "summary_large_image",
    (400, 250): "summary_large_image",  # 1.6, above 300×157
    (290, 200): "summary",  # under X's 300 pixels wide
}


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    files: dict[str, str | bytes] = {}
    for (w, h) in SHAPES:
        files[f"images/s{w}x{h}.png"] = image_bytes(w, h)
        files[f"s{w}x{h}.md"] = article(f"s{w}x{h}", f"![A {w} by {h} test card]"
                                                     f"(/images/s{w}x{h}.png)")
    files["remote.md"] = article("remote", "Text.", Image="https://cdn.example.net/c.jpg")
    return build_site(tmp_path_factory.mktemp("shapes"), content=files,
                      settings={"SITEURL": SITE, "STATIC_PATHS": ["images"]})


@pytest.mark.parametrize(("size", "card"), SHAPES.items(), ids=[f"{w}x{h}" for w, h in SHAPES])
def test_twitter_card_follows_size_and_shape(shapes, size, card):
    w, h = size
    values = head_values(shapes.soup(f"s{w}x{h}.html"))
    assert one(values, "og:image") == versioned(f"{SITE}/images/s{w}x{h}.png",
                                                image_bytes(w, h))
    assert one(values, "twitter:card") == card


def test_an_image_of_unknown_size_keeps_the_large_card(shapes):
    """A remote image is never fetched: no size, and no version either."""
    values = head_values(shapes.soup("remote.html"))
    assert one(values, "og:image") == "https://cdn.example.net/c.jpg"
    assert one(values, "twitter:image") == "https://cdn.example.net/c.jpg"
    assert one(values, "twitter:card") == "summary_large_image"


# --- alt text that is only a file name ---------------------------------------------------


PHOTO = image_bytes(1200, 630)


@pytest.fixture(scope="module")
def alts(tmp_path_factory):
    files: dict[str, str | bytes] = {"images/photo-01.png": PHOTO}
    for slug, alt in {"exact": "photo-01.png", "stem": "photo-01", "spaced": "Photo 01",
                      "underscored": "PHOTO_01", "real": "Photo of the harbour at dawn",
                      "longer": "photo-01.png of the harbour"}.items():
        files[f"{slug}.md"] = article(slug, f"![{alt}](/images/photo-01.png)")
    files["meta.md"] = article("meta", "Text.", Image="/images/photo-01.png",
                               Image_alt="Photo_01.PNG")
    # a name without digits: words the author wrote out describe; the name as written doesn't
    files["images/gpu_layout.png"] = PHOTO
    for slug, alt in {"gpu-words": "GPU Layout", "gpu-name": "gpu_layout",
                      "gpu-hyphen": "Gpu-Layout", "gpu-other-file": "flag.PNG"}.items():
        files[f"{slug}.md"] = article(slug, f"![{alt}](/images/gpu_layout.png)")
    return build_site(tmp_path_factory.mktemp("alts"), content=files,
                      settings={"SITEURL": SITE, "STATIC_PATHS": ["images"]})


@pytest.mark.parametrize("slug", ["exact", "stem", "spaced", "underscored", "meta",
                                  "gpu-name", "gpu-hyphen", "gpu-other-file"])
def test_a_file_name_is_no_alt_text(alts, slug):
    values = head_values(alts.soup(f"{slug}.html"))
    name = "gpu_layout.png" if slug.startswith("gpu") else "photo-01.png"
    assert one(values, "og:image") == versioned(f"{SITE}/images/{name}", PHOTO)
    assert "og:image:alt" not in values
    assert "twitter:image:alt" not in values


@pytest.mark.parametrize(("slug", "alt"), [("real", "Photo of the harbour at dawn"),
                                           ("longer", "photo-01.png of the harbour"),
                                           ("gpu-words", "GPU Layout")])
def test_a_description_is_kept(alts, slug, alt):
    values = head_values(alts.soup(f"{slug}.html"))
    assert one(values, "og:image:alt") == alt
    assert one(values, "twitter:image:alt") == alt


# --- Pelican's link syntax and paths relative to the page -----------------------------


def test_pelicans_older_link_syntax_names_the_file(tmp_path):
    """``|static|`` is Pelican's older spelling of ``{static}`` (INTRASITE_LINK_REGEX
    ``[{|](?P<what>.*?)[|}]``): Pelican resolves it in the page, and so must the preview."""
    files = {
        "images/diagram.png": image_bytes(1200, 630),
        "videos/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
        "pipes.md": article("Pipes", "![A diagram](|static|/images/diagram.png)"),
        "pipes-meta.md": article("Pipes meta", "Text.", Image="|static|/images/diagram.png",
                                 Video="{static}/videos/clip.mp4"),
        "pipes-missing.md": article("Pipes missing", "Text.", Image="|static|/images/nope.png"),
    }
    site = build_site(tmp_path, content=files,
                      settings={"SITEURL": SITE, "STATIC_PATHS": ["images", "videos"]})
    for page in ("pipes.html", "pipes-meta.html"):
        values = head_values(site.soup(page))
        assert one(values, "og:image") == local("images/diagram.png", files), page
        assert one(values, "og:image:width") == "1200", page
    assert site.soup("pipes.html").find("img")["src"] == f"{SITE}/images/diagram.png"
    assert one(head_values(site.soup("pipes-meta.html")), "og:video") == f"{SITE}/videos/clip.mp4"
    missing = head_values(site.soup("pipes-missing.html"))
    assert "%7C" not in one(missing, "og:image")
    assert "v=" not in one(missing, "og:image")  # no file: no version
    assert len(warnings_about(site, "pipes-missing.md", "image:", "names no file")) == 1


RELATIVE = {
    "blog/relimg/pic.png": image_bytes(1200, 630),
    "blog/dotimg/pic.png": image_bytes(1200, 630),
    "blog/shared.png": image_bytes(1200, 630),
    "posts/relimg.md": article("Relative image", "![A card](pic.png)", Slug="relimg"),
    "posts/dotimg.md": article("Dot image", "![A card](./pic.png)", Slug="dotimg"),
    "posts/upimg.md": article("Up image", "![A card](../shared.png)", Slug="upimg"),
    "posts/wrongimg.md": article("Wrong image", "![A card](elsewhere.png)", Slug="wrongimg"),
}


def test_a_relative_image_resolves_against_the_page_url(tmp_path):
    """The page is at ``/blog/relimg/``; its ``<img src="pic.png">`` is what a browser
    loads from ``/blog/relimg/pic.png`` (RFC 3986 §5.2.2–5.2.4)."""
    site = build_site(tmp_path, content=RELATIVE, settings={
        "SITEURL": SITE, "STATIC_PATHS": ["blog"], "ARTICLE_URL": "blog/{slug}/",
        "ARTICLE_SAVE_AS": "blog/{slug}/index.html"})
    for slug, path in [("relimg", "blog/relimg/pic.png"),
                       ("dotimg", "blog/dotimg/pic.png"),
                       ("upimg", "blog/shared.png")]:
        values = head_values(site.soup(f"blog/{slug}/index.html"))
        assert one(values, "og:image") == local(path, RELATIVE), slug
        assert one(values, "og:image:width") == "1200", slug
        assert site.exists(path)
    # No file at /blog/wrongimg/elsewhere.png: passed over for the generated card.
    wrong = one(head_values(site.soup("blog/wrongimg/index.html")), "og:image")
    assert wrong.startswith(f"{SITE}/smo/cards/")


def test_relative_images_on_a_site_in_a_sub_path():
    """tests/sites/relative-images: SITEURL https://example.org/sub, articles at
    ``blog/{slug}/``, pictures copied next to them through STATIC_PATHS."""
    import tempfile
    from pathlib import Path

    base = "https://example.org/sub"
    with tempfile.TemporaryDirectory() as tmp:
        site = build_scenario("relative-images", Path(tmp))
        written = SITES_DIR / "relative-images" / "content"
        expected = {
            "relimg": "blog/relimg/pic.png",
            "dotimg": "blog/dotimg/pic.png",
            "upimg": "blog/shared.png",
            "pipes": "images/diagram.png",
            "rooted": "images/diagram.png",
        }
        for slug, path in expected.items():
            values = head_values(site.soup(f"blog/{slug}/index.html"))
            url = versioned(f"{base}/{path}", (written / path).read_bytes())
            assert one(values, "og:image") == url, slug
            assert one(values, "og:image:width") == "1200", slug
            assert one(values, "og:url") == f"{base}/blog/{slug}/"
            assert site.exists(path), path
        assert site.warnings == [], site.warnings


# --- versions (SMO_IMAGE_VERSIONS) -----------------------------------------------------------


def test_a_query_or_fragment_is_kept_and_the_version_joins_the_query(tmp_path):
    """``v=`` goes after the query the author wrote and before a fragment; an author's own
    ``v`` is kept; a remote image, or a file the site doesn't have, gets none (nothing is
    fetched; there is nothing to hash); the file behind a URL with a query is still the
    one measured."""
    files = {
        "images/q.png": image_bytes(1200, 630),
        "query.md": article("Query", "Text.", Image="/images/q.png?s=1"),
        "fragment.md": article("Fragment", "Text.", Image="/images/q.png#top"),
        "both.md": article("Both", "Text.", Image="/images/q.png?s=1#top"),
        "own.md": article("Own", "Text.", Image="/images/q.png?v=7"),
        "remote.md": article("Remote", "Text.", Image="https://cdn.example.net/c.jpg?s=1"),
        "gone.md": article("Gone", "Text.", Image="/images/gone.png"),
    }
    site = build_site(tmp_path, content=files,
                      settings={"SITEURL": SITE, "STATIC_PATHS": ["images"]})
    for slug, url in [("query", local("images/q.png", files, "?s=1")),
                      ("fragment", local("images/q.png", files, "#top")),
                      ("both", local("images/q.png", files, "?s=1#top")),
                      ("own", f"{SITE}/images/q.png?v=7"),
                      ("remote", "https://cdn.example.net/c.jpg?s=1")]:
        values = head_values(site.soup(f"{slug}.html"))
        assert one(values, "og:image") == url, slug
        assert one(values, "twitter:image") == url, slug
    assert one(head_values(site.soup("query.html")), "og:image:width") == "1200"
    gone = head_values(site.soup("gone.html"))
    assert one(gone, "og:image") == f"{SITE}/images/gone.png"
    assert len(warnings_about(site, "gone.md", "image:", "is not a file of this site")) == 1

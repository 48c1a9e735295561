"""Faulty image, video and canonical values, through real builds: each is warned about,
naming the content file and the field, and left out; the page keeps every other tag and
the build goes on. None may end in "could not collect facts" (the whole page's tags lost).
"""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from tests.helpers import SITES_DIR, bomb_png, build_site, image_bytes, versioned
from tests.scenarios.test_images_choice import article, warnings_about
from tests.scenarios.test_site_core import head_values, one

SITE = "https://example.org"
FAULTS = str(SITES_DIR / "faults")
SETTINGS = {"SITEURL": SITE, "STATIC_PATHS": ["images", "videos"], "SMO_CARDS": "never"}
LOST = "could not collect facts"
#: ``images/good.png``, and the URL the tags give it (with its version).
GOOD_PNG = image_bytes(1200, 630)
GOOD = versioned(f"{SITE}/images/good.png", GOOD_PNG)


def cut_jpeg() -> bytes:
    """An 800×600 JPEG cut to its first 600 bytes: the header (tables, frame, scan header)
    is whole, so Pillow reads its size; the pixel data is mostly gone."""
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 50).convert("RGB").save(buffer, "JPEG", optimize=True)
    data = buffer.getvalue()
    assert data.index(b"\xff\xda") < 600 < len(data)
    with Image.open(io.BytesIO(data[:600])) as img:
        assert img.size == (800, 600)
    return data[:600]


def assert_page_kept(site, rel: str, title: str) -> dict[str, list[str]]:
    """The page has its title, URL, canonical and description: everything but the bad value."""
    values = head_values(site.soup(rel))
    assert one(values, "og:title") == title
    assert one(values, "og:url") == f"{SITE}/{rel}"
    assert one(values, "canonical") == f"{SITE}/{rel}"
    assert one(values, "description")
    assert one(values, "twitter:card")
    return values


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    (root / "secret.png").write_bytes(image_bytes(1234, 567))
    files = {
        "images/bomb.png": bomb_png(),
        "images/cut.jpg": cut_jpeg(),
        "images/good.png": GOOD_PNG,
        "bomb.md": article("Bomb", "Text about a bomb.", Image="/images/bomb.png"),
        "cut.md": article("Cut", "Text about a cut file.", Image="/images/cut.jpg"),
        "cut-body.md": article("Cut body", "Some text.\n\n![A cut picture](/images/cut.jpg)\n\n"
                                           "![A whole picture](/images/good.png)"),
        "bad-image.md": article("Bad image", "Text.", Image="https://[::1/x.png"),
        "bad-video.md": article("Bad video", "Text.", Video="https://[oops/v.mp4",
                                Image="/images/good.png"),
        "bad-body.md": article("Bad body", 'Some text.\n\n<img src="https://[::1/y.png" alt="Broken">\n\n'
                                           "![A whole picture](/images/good.png)"),
        "climb.md": article("Climb", "Text.", Image="/%2e%2e/secret.png"),
        "climb-deep.md": article("Climb deep", "Text.", Image="images/%2E%2e/%2e%2e/secret.png"),
        "climb-slash.md": article("Climb slash", "Text.", Image="/images/..%2f..%2fsecret.png"),
        "surrogates.md": article("Surrogates", "Text.", Canonical="https://example.org/a\\udc80",
                                 Image="/images/good\\udcff.png", Video="/videos/v\\ud800.mp4",
                                 Og_image="/images/good.png"),
    }
    return build_site(root, content=files, settings={
        **SETTINGS, "PLUGIN_PATHS": [FAULTS], "ESCAPED_METADATA": ["canonical", "image", "video"]},
        plugins=("escapedmetaplugin", "pelican_smo"))


def test_no_page_loses_its_tags(faults):
    assert LOST not in faults.log
    assert faults.errors == []
    assert "Traceback" not in faults.log and "Logging error" not in faults.log


def test_a_decompression_bomb_named_as_image_is_left_out(faults):
    values = assert_page_kept(faults, "bomb.html", "Bomb")
    assert "og:image" not in values
    assert len(warnings_about(faults, "bomb.md", "image:", "bomb.png", "decompression")) == 1


@pytest.mark.parametrize("title", ["Cut"])
def test_a_jpeg_cut_short_is_left_out(faults, title):
    values = assert_page_kept(faults, "cut.html", title)
    assert "og:image" not in values
    assert len(warnings_about(faults, "cut.md", "image:", "cut.jpg", "cut short")) == 1


def test_a_jpeg_cut_short_in_the_content_is_passed_over(faults):
    values = assert_page_kept(faults, "cut-body.html", "Cut body")
    assert one(values, "og:image") == GOOD
    assert one(values, "og:image:alt") == "A whole picture"


@pytest.mark.parametrize(("rel", "source", "field", "key"), [
    ("bad-image.html", "bad-image.md", "image:", "og:image"),
    ("bad-video.html", "bad-video.md", "video:", "og:video"),
])
def test_a_url_urlsplit_refuses_is_warned_about_and_left_out(faults, rel, source, field, key):
    values = assert_page_kept(faults, rel, rel.removesuffix(".html").replace("-", " ").capitalize())
    assert key not in values
    assert len(warnings_about(faults, source, field, "Invalid IPv6 URL")) == 1


def test_a_bad_video_leaves_the_image(faults):
    assert one(head_values(faults.soup("bad-video.html")), "og:image") == GOOD


def test_a_bad_img_src_in_the_content_is_passed_over(faults):
    values = assert_page_kept(faults, "bad-body.html", "Bad body")
    assert one(values, "og:image") == GOOD
    assert len(warnings_about(faults, "bad-body.md", "content image:", "Invalid IPv6 URL")) == 1


@pytest.mark.parametrize(("rel", "title"), [("climb.html", "Climb"),
                                            ("climb-deep.html", "Climb deep")])
def test_a_path_above_the_site_root_is_refused(faults, rel, title):
    """``secret.png`` (1234×567) lies next to the content and output folders; ``..`` in
    any spelling (``%2e%2e`` is ``..`` in the WHATWG URL Standard) may not reach it."""
    values = assert_page_kept(faults, rel, title)
    assert "og:image" not in values
    assert len(warnings_about(faults, rel.replace(".html", ".md"), "image:",
                              "climbs above the root")) == 1


def test_an_encoded_slash_does_not_reach_outside_the_site(faults):
    """``..%2f..%2fsecret.png`` is one path segment of the URL, a file name; decoded to
    look for the file, it is normalised and must stay inside the site's folders."""
    values = assert_page_kept(faults, "climb-slash.html", "Climb slash")
    assert "og:image:width" not in values
    # No file found: no version either (and no crash).
    assert all("v=" not in url for url in values.get("og:image", []))
    assert len(warnings_about(faults, "climb-slash.md", "image:",
                              "is not a file of this site")) == 1


def test_lone_surrogates_are_warned_about_field_by_field(faults):
    values = assert_page_kept(faults, "surrogates.html", "Surrogates")
    assert one(values, "og:image") == GOOD  # og_image is fine
    assert "og:video" not in values
    for field in ("canonical:", "video:"):
        assert len(warnings_about(faults, "surrogates.md", field, "surrogate")) == 1, field


def test_a_surrogate_in_the_image_field_is_warned_about(tmp_path):
    site = build_site(tmp_path, content={
        "images/good.png": GOOD_PNG,
        "s.md": article("S", "Some text.\n\n![A whole picture](/images/good.png)", Image="/images/g\\udcff.png")},
        settings={**SETTINGS, "PLUGIN_PATHS": [FAULTS], "ESCAPED_METADATA": ["image"]},
        plugins=("escapedmetaplugin", "pelican_smo"))
    values = assert_page_kept(site, "s.html", "S")
    assert one(values, "og:image") == GOOD
    assert len(warnings_about(site, "s.md", "image:", "surrogate")) == 1
    assert LOST not in site.log


def test_a_decompression_bomb_as_default_image_costs_no_page_its_tags(tmp_path):
    """Was: 47 of 50 pages lost every tag. Now: one warning, and every page keeps its tags."""
    files: dict[str, str | bytes] = {"images/bomb.png": bomb_png()}
    for n in range(50):
        files[f"p{n:02d}.md"] = article(f"Post {n:02d}", f"Text of post {n}.")
    site = build_site(tmp_path, content=files,
                      settings={**SETTINGS, "SMO_DEFAULT_IMAGE": "images/bomb.png"})
    assert LOST not in site.log
    assert len(warnings_about(site, "SMO_DEFAULT_IMAGE:", "bomb.png", "decompression")) == 1
    for n in range(50):
        values = assert_page_kept(site, f"post-{n:02d}.html", f"Post {n:02d}")
        assert "og:image" not in values
    assert one(head_values(site.soup("index.html")), "og:title") == "Test Blog"


# --- the probe on its own: is the file whole? -------------------------------------------


def jpeg_with_inner_jpeg() -> bytes:
    """A noisy 400×300 JPEG with an application segment (APP15) that holds a whole small
    JPEG, start-of-scan and end-of-image markers included, as an EXIF thumbnail does."""
    inner = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(inner, "JPEG")
    outer = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(outer, "JPEG")
    data = outer.getvalue()
    segment = b"\xff\xef" + struct.pack(">H", len(inner.getvalue()) + 2) + inner.getvalue()
    return data[:2] + segment + data[2:]


@pytest.mark.parametrize(("cut", "whole"), [
    (None, True),  # the whole file
    (-2, False),  # only its end-of-image marker missing
    (0.5, False),  # cut in the middle of the scan: the inner JPEG's markers must not count
    ("trailer", True),  # bytes after the end-of-image marker (some cameras add them)
])
def test_a_jpeg_is_whole_only_with_an_end_marker_after_its_scan(tmp_path, cut, whole):
    from pelican_smo.facts.probe import ImageProbe

    data = jpeg_with_inner_jpeg()
    if cut == "trailer":
        data += b"SEFT" * 1000
    elif isinstance(cut, float):
        data = data[: int(len(data) * cut)]
    elif cut is not None:
        data = data[:cut]
    path = tmp_path / "a.jpg"
    path.write_bytes(data)
    info = ImageProbe().read(str(path))
    assert (info.problem is None) is whole, info.problem
    if whole:
        assert (info.width, info.height, info.mime_type) == (400, 300, "image/jpeg")


@pytest.mark.parametrize(("fmt", "cut"), [("PNG", -13), ("PNG", 0.5), ("GIF", 0.5),
                                          ("WEBP", 0.5)])
def test_a_png_gif_or_webp_cut_short_has_a_problem(tmp_path, fmt, cut):
    """PNG: the last 12 bytes are the IEND chunk (ISO/IEC 15948 §11.2.5), without them the
    file has none; GIF: its first frame's data is gone; WebP: the RIFF chunk is short."""
    from pelican_smo.facts.probe import ImageProbe

    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 50).convert("RGB").save(buffer, fmt)
    data = buffer.getvalue()
    path = tmp_path / f"a.{fmt.lower()}"
    path.write_bytes(data[: cut if isinstance(cut, int) else int(len(data) * cut)])
    assert ImageProbe().read(str(path)).problem
    path.write_bytes(data)
    assert ImageProbe().read(str(path)).problem is None


def test_the_probe_reads_each_file_once_per_build(tmp_path):
    from pelican_smo.facts.probe import ImageProbe

    path = tmp_path / "a.png"
    path.write_bytes(image_bytes(300, 200))
    probe = ImageProbe()
    first = probe.read(str(path))
    path.write_bytes(b"now broken")
    assert probe.read(str(path)) is first


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_exif_orientation_swaps_the_sides_without_decoding(tmp_path, fmt):
    """EXIF orientation 6 (rotate 90°) displays a 300×200 picture as 200×300 (EXIF 2.3
    §4.6.4 A, Orientation); a PNG carries it in an eXIf chunk before its image data."""
    from pelican_smo.facts.probe import ImageProbe

    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (9, 9, 9)).save(buffer, fmt, exif=exif)
    path = tmp_path / f"a.{fmt.lower()}"
    path.write_bytes(buffer.getvalue())
    info = ImageProbe().read(str(path))
    assert (info.width, info.height, info.problem) == (200, 300, None)

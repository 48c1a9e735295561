"""``pelican-smo changed``: the pages whose preview changed since the saved state, and
where to have each platform read them again (Facebook's Sharing Debugger at
``https://developers.facebook.com/tools/debug/?q=<URL>``, LinkedIn's Post Inspector at
``https://www.linkedin.com/post-inspector/inspect/<URL>``, the URL percent-encoded)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from pelican_smo.cli import main
from tests.helpers import build_site, image_bytes, versioned
from tests.scenarios.test_site_core import head_values, one

SITE = "https://blog.example.org"


def content(cover_colour=(40, 120, 160), title_b="Second"):
    return {
        "images/cover.png": image_bytes(1200, 630, color=cover_colour),
        "a.md": "Title: First\nDate: 2024-01-01\nImage: {static}/images/cover.png\n\nOne.\n",
        "b.md": f"Title: {title_b}\nSlug: second\nDate: 2024-01-02\n"
                "Image: {static}/images/cover.png\n"
                "\nTwo.\n",
        "c.md": "Title: Third\nDate: 2024-01-03\n\nThree, with a card.\n",
    }


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("versions", [True, False], ids=["versions", "no-versions"])
def test_changed_names_exactly_the_changed_pages(tmp_path, capsys, versions):
    """A replaced cover counts for every page that shows it: by its file's digest, and
    (with ``SMO_IMAGE_VERSIONS``, the default) by its URL too, whose ``v=`` changed."""
    settings = {"STATIC_PATHS": ["images"], "SMO_IMAGE_VERSIONS": versions}
    state = tmp_path / "state.json"
    first = build_site(tmp_path / "site", content=content(), settings=settings)
    code, out, err = run(["changed", first.output, "--since", state], capsys)
    assert code == 0 and out == "" and "pages recorded" in err
    assert state.exists()

    same = build_site(tmp_path / "site", content=content(), settings=settings)
    code, out, err = run(["changed", same.output, "--since", state], capsys)
    assert (code, out) == (0, "")
    assert err.startswith("0 of ")

    # The cover file is replaced under the same name (every page using it), and one
    # title changes (that page, and the card-less page is untouched).
    again = build_site(tmp_path / "site", content=content((200, 30, 30), "Second, renamed"),
                       settings=settings)
    code, out, err = run(["changed", again.output, "--since", state, "--no-save"], capsys)
    assert code == 0
    blocks = [line for line in out.splitlines() if not line.startswith("  ")]
    image = "image, image_digest" if versions else "image_digest"
    assert blocks == [f"{SITE}/first.html  ({image})",
                      f"{SITE}/second.html  (title, {image})"]
    encoded = quote(f"{SITE}/first.html", safe="")
    assert f"  Facebook Sharing Debugger: https://developers.facebook.com/tools/debug/?q={encoded}" \
        in out.splitlines()
    assert f"  LinkedIn Post Inspector: https://www.linkedin.com/post-inspector/inspect/{encoded}" \
        in out.splitlines()
    # --no-save kept the old state: the same changes are listed again.
    assert run(["changed", again.output, "--since", state], capsys)[1] == out


def test_a_state_file_that_is_not_one_is_a_usage_error(tmp_path, capsys):
    site = build_site(tmp_path / "site", content=content(), settings={"STATIC_PATHS": ["images"]})
    bad = tmp_path / "bad.json"
    bad.write_text("{\"pages\": 3}", encoding="utf-8")
    code, _, err = run(["changed", site.output, "--since", bad], capsys)
    assert code == 2 and "not a version 1 preview state" in err


def image_urls(site, rel: str) -> tuple[str, str, str]:
    """(og:image, twitter:image, the JSON-LD BlogPosting's image URL) of a built page."""
    soup = site.soup(rel)
    values = head_values(soup)
    posting = next(d for d in (json.loads(s.string) for s in
                               soup.find_all("script", type="application/ld+json"))
                   if d.get("@type") == "BlogPosting")
    image = posting["image"]
    image = image[0] if isinstance(image, list) else image
    return one(values, "og:image"), one(values, "twitter:image"), \
        image["url"] if isinstance(image, dict) else image


def test_a_replaced_image_gets_a_new_url_in_the_tags(tmp_path):
    """Networks cache an image by URL: the file's digest in ``v=`` changes exactly when
    the file does (the README's rule: first 8 hex digits of its SHA-256), in og:image,
    twitter:image and JSON-LD alike; a generated card carries no ``v=`` (its name
    changes instead)."""
    settings = {"STATIC_PATHS": ["images"]}
    first = content()
    site = build_site(tmp_path / "site", content=first, settings=settings)
    url = versioned(f"{SITE}/images/cover.png", first["images/cover.png"])
    assert image_urls(site, "first.html") == (url, url, url)
    card = one(head_values(site.soup("third.html")), "og:image")
    assert card.startswith(f"{SITE}/smo/cards/") and "?" not in card

    # The same bytes on the next build: the same URL (no spurious re-scrape).
    same = build_site(tmp_path / "site", content=content(), settings=settings)
    assert image_urls(same, "first.html") == (url, url, url)

    # The file replaced with other bytes under the same name: a new version.
    replaced = content((200, 30, 30))
    assert replaced["images/cover.png"] != first["images/cover.png"]
    again = build_site(tmp_path / "site", content=replaced, settings=settings)
    new = versioned(f"{SITE}/images/cover.png", replaced["images/cover.png"])
    assert new != url
    assert image_urls(again, "first.html") == (new, new, new)
    assert image_urls(again, "second.html") == (new, new, new)

    off = build_site(tmp_path / "off", content=first,
                     settings={**settings, "SMO_IMAGE_VERSIONS": False})
    plain = f"{SITE}/images/cover.png"
    assert image_urls(off, "first.html") == (plain, plain, plain)

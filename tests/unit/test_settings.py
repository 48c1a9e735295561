"""config: validation of every SMO_* setting, with messages that name the setting."""

from __future__ import annotations

import pytest

from pelican_smo.cards.style import style_from_settings
from pelican_smo.settings import (
    CARD_LOOK_SETTINGS,
    SETTINGS,
    SmoConfig,
    SmoConfigError,
    from_settings,
)


def start_up(settings):
    """What the plugin checks at ``initialized``: the settings, then the card look."""
    config = from_settings(settings)
    return config, style_from_settings(config.card_look)


def test_defaults():
    cfg = from_settings({"SITEURL": "https://x.org"})
    assert cfg == SmoConfig()
    assert cfg.description_length == 160  # limits.SEARCH_DESCRIPTION_MAX, the audit's too
    assert cfg.theme_tags == "replace"


def test_valid_values_are_normalised():
    cfg = from_settings({
        "SMO_SITEURL": "https://x.org/blog/",
        "SMO_TWITTER_SITE": "example",
        "SMO_AUTHORS": {"Ada": {"twitter": "ada", "mastodon": "ada@social.example",
                                "bluesky": "@ada.example.org", "url": "https://ada.example",
                                "same_as": ["https://github.com/ada"]}},
    })
    assert cfg.siteurl == "https://x.org/blog"
    assert cfg.twitter_site == "@example"
    ada = cfg.authors["Ada"]
    assert (ada["twitter"], ada["mastodon"], ada["bluesky"]) == (
        "@ada", "@ada@social.example", "ada.example.org")
    assert ada["same_as"] == ("https://github.com/ada",)


@pytest.mark.parametrize(
    ("settings", "fragments"),
    [
        ({"SMO_TWITER_SITE": "@x"}, ["SMO_TWITER_SITE", "did you mean SMO_TWITTER_SITE"]),
        ({"SMO_DESCRIPTION_LENGTH": "200"}, ["SMO_DESCRIPTION_LENGTH", "50 to 1000"]),
        ({"SMO_DESCRIPTION_LENGTH": True}, ["SMO_DESCRIPTION_LENGTH"]),
        ({"SMO_THEME_TAGS": "merge"}, ["SMO_THEME_TAGS", "'replace', 'keep'"]),
        ({"SMO_TWITTER_SITE": "@not a handle"}, ["SMO_TWITTER_SITE", "X handle"]),
        ({"SMO_SITEURL": "example.org"}, ["SMO_SITEURL", "absolute http(s) URL"]),
        ({"SMO_SITE_DESCRIPTION": 42}, ["SMO_SITE_DESCRIPTION", "string"]),
        ({"SMO_LISTING_PAGES": "yes"}, ["SMO_LISTING_PAGES", "True or False"]),
        ({"SMO_AUTHORS": ["Ada"]}, ["SMO_AUTHORS", "dict"]),
        ({"SMO_AUTHORS": {"Ada": {"twiter": "@a"}}}, ["SMO_AUTHORS['Ada']", "twiter"]),
        ({"SMO_AUTHORS": {"Ada": {"mastodon": "ada"}}}, ["SMO_AUTHORS['Ada']['mastodon']"]),
        ({"SMO_AUTHORS": {"Ada": {"same_as": "https://a.b"}}}, ["['same_as']", "list"]),
        ({"SMO_AUTHORS": {"Ada": {"url": "javascript:alert(1)"}}}, ["['url']"]),
        ({"SITEURL": "https://example.org/?utm=1"}, ["SITEURL", "without a query"]),
        ({"SITEURL": "https://example.org/#top"}, ["SITEURL", "fragment"]),
        ({"SMO_SITEURL": "https://example.org/blog?x=1"}, ["SMO_SITEURL", "query"]),
    ],
)
def test_bad_settings_fail_naming_the_setting(settings, fragments):
    with pytest.raises(SmoConfigError) as caught:
        from_settings(settings)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_every_setting_maps_to_a_config_field():
    fields = set(SmoConfig.__dataclass_fields__)
    mapped = {field for field, _ in SETTINGS.values()} | {"card_look"}
    assert mapped == fields
    assert not set(CARD_LOOK_SETTINGS) & SETTINGS.keys()


@pytest.mark.parametrize(
    ("settings", "fragments"),
    [
        ({"SMO_CARDS": "sometimes"}, ["SMO_CARDS", "'fallback', 'always', 'never'"]),
        ({"SMO_CARD_BACKGROUND": "blue"}, ["SMO_CARD_BACKGROUND"]),
        ({"SMO_CARD_FORMAT": "gif"}, ["SMO_CARD_FORMAT"]),
        ({"SMO_CARD_FONTS": ["/nowhere/font.ttf"]}, ["SMO_CARD_FONTS", "does not exist"]),
        ({"SMO_CARD_LOGO": "/nowhere/logo.png"}, ["SMO_CARD_LOGO", "no file"]),
        ({"SMO_CARD_LAYOUT": {"width": 10}}, ["SMO_CARD_LAYOUT"]),
        ({"SMO_CARD_LAYOUT": {"colour": 1}}, ["SMO_CARD_LAYOUT", "keys from"]),
        ({"SMO_CARD_DRAW_FUNCTION": "not a path"}, ["SMO_CARD_DRAW_FUNCTION"]),
        ({"SMO_CARD_WORKERS": -1}, ["SMO_CARD_WORKERS"]),
        ({"SMO_CARD_FOLDER": "smo"}, ["SMO_CARD_FOLDER", "SMO_ASSETS_DIR"]),
        ({"SMO_PREVIEW": "../out.html"}, ["SMO_PREVIEW"]),
        ({"SMO_CARD_BACKGRUND": "#000000"}, ["did you mean SMO_CARD_BACKGROUND"]),
    ],
)
def test_bad_card_and_audit_settings_fail_naming_the_setting(settings, fragments):
    with pytest.raises(SmoConfigError) as caught:
        start_up(settings)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_card_settings_make_one_style():
    _, style = start_up({"SMO_CARD_BACKGROUND": "#000000", "SMO_CARD_FORMAT": "jpeg",
                         "SMO_CARD_LAYOUT": {"margin_x": 90}})
    assert style.background == "#000000"
    assert style.format == "jpeg"
    assert style.layout.margin_x == 90


def test_settings_load_neither_pillow_nor_the_card_code():
    import subprocess
    import sys

    code = ("import sys, pelican_smo.settings; "
            "print(sorted(m for m in sys.modules if m == 'PIL' or m.startswith('pelican_smo.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "PIL" not in out and "cards" not in out and "model" not in out

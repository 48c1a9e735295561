"""The addresses of Mastodon and Bluesky posts: which values are posts, and their parts.

One reader for the build (``mastodon``/``bluesky`` metadata, ``facts.page``) and the
audit (the conversation block of a built page), so both accept exactly the same
values. Nothing here fetches anything: a value is a post address by its form alone.

Mastodon: ``https://<instance>/@<user>/<id>`` (also ``@<user>@<server>``, a remote
post as the instance shows it) or ``https://<instance>/users/<user>/statuses/<id>``,
the id being the status id on that instance, digits. The replies are read from that
instance's ``/api/v1/statuses/<id>`` and ``…/context``.

Bluesky: ``https://bsky.app/profile/<handle or DID>/post/<record key>`` or
``at://<handle or DID>/app.bsky.feed.post/<record key>`` (the AT Protocol's handle,
DID and record-key syntax).

``http:`` is accepted only for loopback hosts (``127.0.0.1``, ``localhost``, ``[::1]``):
a local test server; a page served over https could not read from an http server.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pelican_smo.model import BlueskyPost, MastodonPost
from pelican_smo.util.urls import is_loopback


class PostAddressError(ValueError):
    """A value that is not the address of a post (the message says what was expected)."""


MASTODON_EXAMPLE = "https://mastodon.social/@user/113234567890123456"
BLUESKY_EXAMPLE = "https://bsky.app/profile/user.bsky.social/post/3kabc2defgh2i"
#: The Bluesky web app, where the "Discuss on Bluesky" link and each reply's link go.
BLUESKY_WEB = "https://bsky.app"
BLUESKY_POST_COLLECTION = "app.bsky.feed.post"

_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                     r"[a-z][a-z0-9-]{0,61}[a-z0-9]$")
#: ``/@user/<id>``, ``/@user@server/<id>`` or ``/users/user/statuses/<id>``.
_MASTODON_PATH = re.compile(r"^/(?:@[A-Za-z0-9_.-]+(?:@[A-Za-z0-9.-]+)?|users/[A-Za-z0-9_.-]+"
                            r"/statuses)/(?P<id>[0-9]{1,24})$")
#: atproto handle syntax (atproto.com/specs/handle), compared lower-cased.
_HANDLE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                     r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")
#: atproto DID syntax (atproto.com/specs/did).
_DID = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%-]{0,2040}[A-Za-z0-9._-]$")
#: atproto record-key syntax (atproto.com/specs/record-key).
_RKEY = re.compile(r"^(?!\.{1,2}$)[A-Za-z0-9._:~-]{1,512}$")


def mastodon_post(value: str) -> MastodonPost:
    """The Mastodon post at ``value``; raises ``PostAddressError`` for anything else."""
    text = value.strip()
    parts = _split(text, "Mastodon", MASTODON_EXAMPLE)
    found = _MASTODON_PATH.match(parts.path)
    if not found:
        raise PostAddressError(f"{_show(text)} is not the address of a Mastodon post such "
                               f"as {MASTODON_EXAMPLE} (the path must be /@user/ and the "
                               f"post's number)")
    origin = f"{parts.scheme}://{parts.netloc.lower()}"
    return MastodonPost(url=origin + parts.path, origin=origin,
                        id=found.group("id"))


def bluesky_post(value: str) -> BlueskyPost:
    """The Bluesky post at ``value`` (a ``bsky.app`` post URL or an ``at://`` URI);
    raises ``PostAddressError`` for anything else."""
    text = value.strip()
    if text.lower().startswith("at://"):
        segments = text[len("at://"):].split("/")
        if len(segments) != 3 or segments[1] != BLUESKY_POST_COLLECTION:
            raise PostAddressError(f"{_show(text)} is not the at:// URI of a Bluesky post "
                                   f"such as at://user.bsky.social/{BLUESKY_POST_COLLECTION}"
                                   f"/3kabc2defgh2i")
        actor, rkey = segments[0], segments[2]
    else:
        parts = urlsplit(text)
        segments = parts.path.split("/")
        if (parts.scheme.lower(), parts.netloc.lower()) != ("https", "bsky.app") \
                or parts.query or parts.fragment or len(segments) != 5 \
                or segments[:2] != ["", "profile"] or segments[3] != "post":
            raise PostAddressError(f"{_show(text)} is not the address of a Bluesky post such "
                                   f"as {BLUESKY_EXAMPLE}, nor its at:// URI")
        actor, rkey = segments[2], segments[4]
    actor = _actor(actor, text)
    if not _RKEY.match(rkey):
        raise PostAddressError(f"{_show(text)}: {_show(rkey)} is not a Bluesky post key")
    return BlueskyPost(url=f"{BLUESKY_WEB}/profile/{actor}/post/{rkey}",
                       uri=f"at://{actor}/{BLUESKY_POST_COLLECTION}/{rkey}")


def _actor(actor: str, text: str) -> str:
    """A handle (lower-cased: handles are case-insensitive) or a DID (kept as it is)."""
    if actor.startswith("did:"):
        if _DID.match(actor):
            return actor
    elif _HANDLE.match(actor.lower()):
        return actor.lower()
    raise PostAddressError(f"{_show(text)}: {_show(actor)} is neither a Bluesky handle "
                           f"(user.bsky.social) nor a DID (did:plc:…)")


def _split(text: str, network: str, example: str):  # -> urllib.parse.SplitResult
    """An absolute https (http on loopback) URL without user, query or fragment."""
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as err:
        raise PostAddressError(f"{_show(text)} is not a URL: {err}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        raise PostAddressError(f"{_show(text)} is not the address of a {network} post such "
                               f"as {example}")
    if scheme == "http" and not is_loopback(host):
        raise PostAddressError(f"{_show(text)}: a {network} post's address starts with "
                               f"https:// (http:// only for a test server on this machine)")
    if parts.username is not None or parts.query or parts.fragment or "\\" in text \
            or any(ch.isspace() for ch in text):
        raise PostAddressError(f"{_show(text)} is not the address of a {network} post such "
                               f"as {example} (no user, query or fragment)")
    if not (is_loopback(host) or _DOMAIN.match(host)):
        raise PostAddressError(f"{_show(text)}: {_show(host)} is not a server name")
    return parts._replace(scheme=scheme)


def _show(value: str) -> str:
    """A value quoted for a message, cut to a readable length."""
    return repr(value if len(value) <= 120 else value[:117] + "...")

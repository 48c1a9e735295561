"""A test-only plugin: the metadata fields named in ``ESCAPED_METADATA`` are decoded from
Python escapes (``\\udc80``), so a test can give a field text that no reader makes from
a UTF-8 file: a lone surrogate, which is what a reader plugin decoding with
``surrogateescape``, or a file name Python could not decode, hands over.
"""

from pelican import signals


def decode(content):
    for key in content.settings.get("ESCAPED_METADATA", ()):
        value = content.metadata.get(key)
        if isinstance(value, str) and "\\" in value:
            decoded = value.encode("ascii", "backslashreplace").decode("unicode_escape")
            content.metadata[key] = decoded
            setattr(content, key, decoded)


def register():
    signals.content_object_init.connect(decode)

"""A test-only plugin: a reader for ``.rawhtml`` files that does no parsing at all.

Metadata lines (``Key: value``) come first, then a blank line, then the body,
used as the article's HTML as it is. Pelican's own readers take minutes on a
50 MB file (its HTML reader alone needed 145 s for 20 MB here), so this reader
is how the tests give the plugin a 50 MB page to process in a build that is
otherwise real: Pelican's generators, theme, writer, and pelican_smo.
"""

from pelican import signals
from pelican.readers import BaseReader


class RawReader(BaseReader):
    enabled = True
    file_extensions = ["rawhtml"]

    def read(self, source_path):
        with open(source_path, encoding="utf-8") as handle:
            header, _, body = handle.read().partition("\n\n")
        metadata = {}
        for line in header.splitlines():
            key, _, value = line.partition(":")
            name = key.strip().lower()
            metadata[name] = self.process_metadata(name, value.strip())
        return body, metadata


def add_reader(readers):
    readers.reader_classes["rawhtml"] = RawReader


def register():
    signals.readers_init.connect(add_reader)

"""A test-only plugin standing in for a neighbour that rewrites written pages.

On ``content_written`` it reads each HTML page back, re-serialises it with
BeautifulSoup (as minifiers and pelican-seo do) and writes it again.
"""

from bs4 import BeautifulSoup
from pelican import signals


def rewrite(path, context):
    if not path.endswith(".html"):
        return
    with open(path, encoding="utf-8") as handle:
        soup = BeautifulSoup(handle.read(), "html.parser")
    soup.body.append(soup.new_string("\n"))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(str(soup))


def register():
    signals.content_written.connect(rewrite)

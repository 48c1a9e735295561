"""Descriptions are prose: what ``html_to_text`` keeps, and what real builds write.

Each case comes from a site that came out wrong (issues "Real sites come out right" #6,
"Real sites, second batch" #5). The expected text is written by hand from the input
and the rule: headings, code listings, tables, figure captions, footnote marks and
footnote lists are not prose (HTML Living Standard: the elements' meanings; DPUB-ARIA
roles; the markup Python-Markdown, docutils, Pandoc and pelican-render-math write), and
``script``, ``style``, ``template`` and ``noscript`` hold no text, however the text is
read.
"""

from __future__ import annotations

import pytest

from pelican_smo.util.prose import html_to_text

PROSE_CASES = [
    # A heading is not glued to the paragraph after it.
    ("<h2>General questions</h2>\n<p>Is it suitable for beginners? Yes.</p>",
     "Is it suitable for beginners? Yes."),
    # A code listing (Python-Markdown fenced_code + codehilite) is not prose …
    ('<p>Try this:</p>\n<div class="highlight"><pre><span></span><code>'
     '<span class="kn">import</span> <span class="nn">this</span>\n'
     '<span class="nb">print</span>(<span class="s2">&quot;hello&quot;</span>)\n'
     "</code></pre></div>\n<p>After the snippet, things happen.</p>",
     # … and the sentence that introduced it with a colon points at nothing: it goes too
     "After the snippet, things happen."),
    # … nor is Pygments' line-numbered table; inline code in a sentence is.
    ('<table class="highlighttable"><tr><td class="linenos"><pre>1</pre></td>'
     '<td class="code"><pre>x = 1</pre></td></tr></table><p>Call <code>run()</code> twice.</p>',
     "Call run() twice."),
    # Python-Markdown's footnotes extension: the mark and the list.
    ('<p>Python is fast<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
     " for most everyday tasks.</p>\n"
     '<div class="footnote">\n<hr>\n<ol>\n<li id="fn:1">\n<p>Fast enough, anyway.&#160;'
     '<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1 in the '
     'text">&#8617;</a></p>\n</li>\n</ol>\n</div>',
     "Python is fast for most everyday tasks."),
    # docutils' HTML 4 writer (Pelican's reST reader).
    ('<p>Python is fast <a class="footnote-reference" href="#f1" id="footnote-reference-1">'
     "[1]</a> for most everyday tasks.</p>\n"
     '<table class="docutils footnote" frame="void" id="f1" rules="none">'
     '<colgroup><col class="label" /><col /></colgroup><tbody valign="top"><tr>'
     '<td class="label"><a class="fn-backref" href="#footnote-reference-1">[1]</a></td>'
     "<td>Fast enough, anyway.</td></tr></tbody></table>",
     "Python is fast for most everyday tasks."),
    # docutils' HTML 5 writer.
    ('<p>Python is fast<a class="brackets" href="#f1" id="footnote-reference-1" '
     'role="doc-noteref"><span class="fn-bracket">[</span>1<span class="fn-bracket">]'
     "</span></a> for most everyday tasks.</p>\n"
     '<aside class="footnote-list brackets"><aside class="footnote brackets" id="f1" '
     'role="doc-footnote"><span class="label"><span class="fn-bracket">[</span>'
     '<a role="doc-backlink" href="#footnote-reference-1">1</a><span class="fn-bracket">]'
     "</span></span><p>Fast enough, anyway.</p></aside></aside>",
     "Python is fast for most everyday tasks."),
    # Pandoc and markdown-it: a plain <sup> with a link into the page is a note mark too.
    ('<p>Python is fast<sup><a href="#fn1" id="fnref1">[1]</a></sup> for most everyday '
     'tasks.</p><section class="footnotes" role="doc-endnotes"><hr><ol><li id="fn1">'
     "<p>Fast enough, anyway.</p></li></ol></section>",
     "Python is fast for most everyday tasks."),
    # A superscript that is no note mark stays.
    ("<p>E = mc<sup>2</sup> holds.</p>", "E = mc2 holds."),
    # Tables and figure captions (HTML figure; docutils' HTML 4 figure).
    ("<table><tr><th>Name</th><td>Value</td></tr></table><p>Data below.</p>", "Data below."),
    ('<figure><img src="a.png" alt="A"><figcaption>Figure 1: a cat</figcaption></figure>'
     "<p>The cat sat.</p>", "The cat sat."),
    ('<div class="figure"><img src="a.png" alt="A"><p class="caption">Figure 1: a cat</p>'
     "</div><p>The cat sat.</p>", "The cat sat."),
    # Elements that show no text.
    ('<p>One short paragraph.</p><script>var disqus_config = function () { this.page.url = '
     '"x"; };</script><noscript>Please enable JavaScript to view the comments.</noscript>',
     "One short paragraph."),
    ("<style>p { color: red }</style><template><p>Hidden</p></template><p>Shown.</p>",
     "Shown."),
    ('<p>Visible.</p><div hidden>Not shown.</div><span aria-hidden="true">★</span>',
     "Visible."),
    # A table of contents (Python-Markdown's toc) lists headings, which are not prose.
    ('<div class="toc"><ul><li><a href="#a">Intro</a></li></ul></div><p>Text.</p>', "Text."),
    # A p.caption left open ends where the next block starts, as in a browser.
    ('<div class="figure"><p class="caption">Caption<p>Next paragraph.</p></div>',
     "Next paragraph."),
]


@pytest.mark.parametrize(("fragment", "expected"), PROSE_CASES)
def test_only_prose_is_text(fragment, expected):
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(("fragment", "expected"), PROSE_CASES)
def test_prefix_reading_gives_the_same_prose(fragment, expected):
    # Read in pieces from 16 characters of text on: the result starts the same text.
    text = html_to_text(fragment, enough=16)
    assert expected.startswith(text[:len(expected)])
    assert len(text) > 16 or text == expected


RENDER_MATH_SCRIPT = (
    '<script type="text/javascript">if (!document.getElementById(\'mathjaxscript_pelican_#%@'
    '#$@#\')) {\n    var align = "center",\n        indent = "0em";\n    var mathjaxscript = '
    "document.createElement('script');\n    mathjaxscript.src = 'https://cdnjs.cloudflare.com"
    "/ajax/libs/mathjax/2.7.3/latest.js?config=TeX-AMS-MML_HTMLorMML';\n    (document.body ||"
    " document.getElementsByTagName('head')[0]).appendChild(mathjaxscript);\n}\n</script>"
)
SCRIPTED = [
    '<p>An equation <span class="math">\\(x\\)</span> in the summary.</p>' + RENDER_MATH_SCRIPT,
    "<p>Short.</p><script>var x = '</p><p>not text'; // </scr + ipt></script><p>After.</p>",
    "<p>Short.</p><style>p::after { content: 'not text' }</style><p>After.</p>",
    "<p>Short.</p><template><p>not text</p></template><p>After.</p>",
    "<p>Short.</p><noscript><p>not text</p></noscript><p>After.</p>",
    "<p>Short.</p><script>var unclosed = 'not text';",
]
CODE_WORDS = ("document", "mathjax", "var ", "not text", "getElementById", "{", "content:")


@pytest.mark.parametrize("fragment", SCRIPTED)
def test_no_prefix_ever_lets_code_out(fragment):
    # However the text is read: every prefix of the HTML, and prefix reading of the whole
    # at every length wanted.
    for end in range(len(fragment) + 1):
        text = html_to_text(fragment[:end])
        assert not any(word in text for word in CODE_WORDS), (end, text)
    for enough in range(1, 60):
        text = html_to_text(fragment, enough=enough)
        assert not any(word in text for word in CODE_WORDS), (enough, text)


# --- real builds --------------------------------------------------------------------------------


def description(result, rel: str) -> str:
    tag = result.soup(rel).find("meta", attrs={"name": "description"})
    assert tag is not None, rel
    return tag["content"]


MARKDOWN_FOOTNOTES = {
    "extension_configs": {
        "markdown.extensions.footnotes": {},
        "markdown.extensions.fenced_code": {},
        "markdown.extensions.codehilite": {"css_class": "highlight"},
    },
    "output_format": "html5",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.helpers import build_site

    content = {
        "footnotes.md": (
            "Title: Footnotes\nDate: 2025-01-01\n\n"
            "Python is fast[^1] for most everyday tasks.\n\n[^1]: Fast enough, anyway.\n"),
        "footnoted.rst": (
            "Footnoted\n#########\n\n:date: 2025-01-02\n\n"
            "Python is fast [#f1]_ for most everyday tasks.\n\n"
            ".. [#f1] Fast enough, anyway.\n"),
        "faq.md": (
            "Title: FAQ\nDate: 2025-01-03\n\n## General questions\n\n"
            "Is it suitable for beginners? Yes.\n\n"
            '```python\nimport this\nprint("hello")\n```\n\n'
            "After the snippet, things happen.\n"),
        "math-summary.md": (
            "Title: Math summary\nDate: 2025-01-04\n"
            "Summary: An equation $a^2 + b^2 = c^2$ in the summary.\n\n"
            "The body has $x$ too.\n"),
        "math-body.md": "Title: Math body\nDate: 2025-01-05\n\nThe body has $x$ in it.\n",
        "math-display.md": (
            "Title: Math display\nDate: 2025-01-07\n\nThe ideal-gas equation of state is:\n\n"
            "$$ p = \\rho R T $$\n\nwhere $R^*$ is the universal gas constant "
            "($8.31~\\mathrm{J/mol.K}$) and $M = m/n$ the molecular mass.\n"),
        "comments.md": (
            "Title: Comments\nDate: 2025-01-06\n\nOne short paragraph.\n\n"
            '<div id="disqus_thread"></div>\n<script>\nvar disqus_config = function () '
            '{ this.page.url = "https://blog.example.org/comments.html"; };\n'
            "(function() { var d = document, s = d.createElement('script'); "
            "s.src = 'https://example.disqus.com/embed.js'; (d.head || d.body)"
            ".appendChild(s); })();\n</script>\n"
            "<noscript>Please enable JavaScript to view the comments.</noscript>\n"),
    }
    return build_site(tmp_path_factory.mktemp("descriptions"), content=content,
                      settings={"MARKDOWN": MARKDOWN_FOOTNOTES},
                      plugins=("pelican.plugins.render_math", "pelican_smo"))


def test_markdown_footnotes_are_left_out(site):
    assert description(site, "footnotes.html") == "Python is fast for most everyday tasks."


def test_rest_footnotes_are_left_out(site):
    assert description(site, "footnoted.html") == "Python is fast for most everyday tasks."


def test_headings_and_code_are_left_out(site):
    assert description(site, "faq.html") == \
        "Is it suitable for beginners? Yes. After the snippet, things happen."


def test_render_math_script_never_becomes_text(site):
    # pelican-render-math renders inline math as \( … \) and appends its loader script to
    # the summary and the content; plain inline math stays in its sentence without its
    # delimiters (no platform typesets TeX), the script never.
    assert description(site, "math-summary.html") == \
        "An equation a^2 + b^2 = c^2 in the summary."
    assert description(site, "math-body.html") == "The body has x in it."


def test_display_math_and_tex_commands_are_left_out(site):
    # render_math writes $$ … $$ as div.math, for MathJax to typeset in the browser: in a
    # preview it is TeX source; so is inline math with a command, and the brackets
    # around it go with it.
    assert description(site, "math-display.html") == (
        "The ideal-gas equation of state is: where R^* is the universal gas constant "
        "and M = m/n the molecular mass.")


def test_a_comment_widget_after_a_short_paragraph(site):
    assert description(site, "comments.html") == "One short paragraph."
    for key in ("og:description",):
        tag = site.soup("comments.html").find("meta", attrs={"property": key})
        assert tag["content"] == "One short paragraph."

"""A test-only Pelican plugin that injects faults into a real build.

SMO_FAULT=raise-on:WORD    — finishing the page whose title contains WORD fails
                             (its facts carry a title no step can use).
"""

import dataclasses
import os

import pelican_smo.plugin as smo_plugin

FAULT = os.environ.get("SMO_FAULT", "")


if FAULT.startswith("raise-on:"):
    word = FAULT.split(":", 1)[1]
    real_facts_of = smo_plugin._facts_of

    class Boom:
        """A title no step can use: it cannot be turned into text."""

        def __init__(self, title):
            self.title = title

        def __str__(self):
            raise RuntimeError(f"injected fault for {self.title!r}")

        __format__ = __str__

    def failing_facts_of(content, build):
        facts = real_facts_of(content, build)
        if facts is not None and word in facts.title:
            facts = dataclasses.replace(facts, title=Boom(facts.title),
                                        og_title=Boom(facts.og_title))
        return facts

    smo_plugin._facts_of = failing_facts_of


def register():
    """Nothing to connect: the faults are installed at import."""

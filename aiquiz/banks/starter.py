"""The starter bank `aiquiz bank new` writes: a header that points editors at the JSON Schema and
says how to check the file, then one commented example of every registered question type, each
brought by its type (`QuestionType.starter_example`), with parameters, mistakes and tests. It
validates and passes its own tests as written."""

from __future__ import annotations

import re

SCHEMA_FILE = "bank-schema.json"

HEADER = """\
# yaml-language-server: $schema={schema}
# An aiquiz question bank. Edit the examples below into your own questions, then:
{commands}
# Every field is described in docs/authoring.md and docs/bank-format.md.
# Quote text that contains ': ' or starts with [, {{, *, & or a quote; indent with spaces.
bank: {bank}  # the bank's id: lowercase letters, digits and '-'
title: {title}
questions:
"""


def _commands(name: str, first: str) -> str:
    import shlex

    name = shlex.quote(name)
    rows = [(f"aiquiz bank test {name} --watch", "validate and run the tests on every save"),
            (f"aiquiz bank preview {name} {first}", "see a question as a learner does"),
            (f"aiquiz practice --bank {name}", "practise it beside the bundled banks")]
    width = max(len(cmd) for cmd, _ in rows)
    return "\n".join(f"#   {cmd:<{width}}  # {what}" for cmd, what in rows)


def bank_id_for(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "my-bank"


def starter_bank(name: str, stem: str, schema: str = SCHEMA_FILE,
                 taken: frozenset[str] | set[str] = frozenset()) -> str:
    """The text of a starter bank for a file called `name`: its stem gives the bank id, made
    distinct from the ids in `taken` (the banks already in use)."""
    from ..qtypes import all_types

    examples, first = [], None
    for t in all_types():
        text = t.starter_example()
        if text is None:
            examples.append(f"  # ({t.name} questions have no starter example)\n")
            continue
        examples.append("\n" + text.rstrip("\n") + "\n")
        if first is None:
            m = re.search(r"^  - id: (\S+)", text, re.M)
            first = m.group(1) if m else None
    bank = bank_id_for(stem)
    if bank in taken:
        bank = f"my-{bank}"
    title = bank.replace("-", " ").capitalize()
    return HEADER.format(schema=schema, commands=_commands(name, first or "ID"), bank=bank,
                         title=title) + "".join(examples)

"""Safe YAML loading with size and alias caps, keeping line numbers for error messages.

Banks come from strangers, so: PyYAML's SafeLoader only (no tags that build objects), a file-size
cap, and a cap on nodes visited with aliases expanded, which stops "billion laughs" alias bombs
before anything walks the exponential structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import BankError

MAX_BANK_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_FLOW_DEPTH = 200
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _flow_depth(text: str) -> int:
    """Rough nesting depth of [ ] and { }: PyYAML's pure-Python parser takes seconds on very deep
    flow collections, so they are refused before parsing. Unbalanced brackets in prose (an
    interval such as [0, 1)) only ever overestimate by a little."""
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", text):
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


@dataclass
class Located:
    """Parsed YAML plus where things were. `marks` and each question's `question_marks` map a
    path of keys and indexes (`mistakes/0/answer`; `''` is the question itself, `answer:key` the
    key rather than its value) to [line, column], both from 1. `duplicates` lists keys written
    twice in one mapping: [question index or -1, path, line, column, line of the first]."""

    data: object
    question_lines: list[int] = field(default_factory=list)
    question_marks: list[dict[str, list[int]]] = field(default_factory=list)
    marks: dict[str, list[int]] = field(default_factory=dict)
    duplicates: list[list] = field(default_factory=list)


MARK_DEPTH = 4  # question -> mistakes -> 0 -> answer: deep enough for every field and item


def _mark(node) -> list[int]:
    return [node.start_mark.line + 1, node.start_mark.column + 1]


def _walk(node, prefix: str, out: dict, depth: int, dups: list, qindex: int) -> None:
    import yaml

    out[prefix] = _mark(node)
    if isinstance(node, yaml.ScalarNode) and node.style in (None, '"', "'") \
            and node.start_mark.line == node.end_mark.line:
        # where the text itself starts, so an error at column N of a formula can be shown at
        # its place in the file ("text": inside the quotes of a quoted value)
        out[prefix + ":text"] = [node.start_mark.line + 1,
                                 node.start_mark.column + (2 if node.style else 1)]
    if depth == 0:
        return
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode) or k.tag == "tag:yaml.org,2002:merge":
                continue
            name = str(k.value)
            path = f"{prefix}/{name}" if prefix else name
            if name in first:
                dups.append([qindex, path, *_mark(k), first[name]])
                continue
            first[name] = k.start_mark.line + 1
            out[path + ":key"] = _mark(k)
            _walk(v, path, out, depth - 1, dups, qindex)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, f"{prefix}/{i}" if prefix else str(i), out, depth - 1, dups, qindex)


def _locate(root, data) -> Located:
    import yaml

    located = Located(data)
    if not isinstance(root, yaml.MappingNode):
        return located
    _walk(root, "", located.marks, 1, located.duplicates, -1)
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "questions" \
                and isinstance(v, yaml.SequenceNode):
            for i, item in enumerate(v.value):
                located.question_lines.append(item.start_mark.line + 1)
                marks: dict[str, list[int]] = {}
                _walk(item, "", marks, MARK_DEPTH, located.duplicates, i)
                located.question_marks.append(marks)
            break
    return located


def _count_nodes(root, path: str) -> None:
    import yaml

    seen = 0
    stack = [root]
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise BankError(f"the YAML expands to more than {MAX_NODES} nodes (alias bomb?); "
                            "split the bank or remove aliases", path,
                            node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load_yaml(text: str, path: str) -> Located:
    if len(text.encode("utf-8", "replace")) > MAX_BANK_BYTES:
        raise BankError(f"file is larger than {MAX_BANK_BYTES // 1_000_000} MB; split the bank",
                        path)
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        raise BankError(f"brackets are nested more than {MAX_FLOW_DEPTH} deep; "
                        "simplify the YAML", path)
    import yaml  # only on a cache miss: the import costs more than reading a cached bank

    # libyaml's loader is ~10x faster; both are the safe loader (no object construction)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise BankError("the file is empty; a bank needs 'bank', 'title' and 'questions'", path)
        _count_nodes(root, path)
        located = _locate(root, None)  # before construction, which flattens merge keys
        located.data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        from .yamlhints import explain

        message, line, column = explain(exc, text)
        raise BankError(message, path, line, column=column) from None
    except yaml.YAMLError as exc:
        raise BankError(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise BankError("the YAML is nested too deeply", path) from None
    finally:
        loader.dispose()
    return located

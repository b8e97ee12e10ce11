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
    """Parsed YAML plus where things were: the line of each question and of each of its keys."""

    data: object
    question_lines: list[int] = field(default_factory=list)
    question_key_lines: list[dict[str, int]] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)


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
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = (exc.problem or exc.context or "invalid YAML").split("\n")[0].strip()
        raise BankError(f"invalid YAML: {what}", path, line) from None
    except yaml.YAMLError as exc:
        raise BankError(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise BankError("the YAML is nested too deeply", path) from None
    finally:
        loader.dispose()
    located = Located(data)
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode):
                located.key_lines[str(k.value)] = k.start_mark.line + 1
            if isinstance(k, yaml.ScalarNode) and k.value == "questions" \
                    and isinstance(v, yaml.SequenceNode):
                for item in v.value:
                    located.question_lines.append(item.start_mark.line + 1)
                    keys: dict[str, int] = {}
                    if isinstance(item, yaml.MappingNode):
                        for qk, qv in item.value:
                            if isinstance(qk, yaml.ScalarNode):
                                keys[str(qk.value)] = qv.start_mark.line + 1
                    located.question_key_lines.append(keys)
    return located

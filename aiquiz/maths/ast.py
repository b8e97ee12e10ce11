"""The syntax tree every piece of maths text becomes, and the one generic way to walk it.

Plain frozen dataclasses, so a tree can be evaluated (`evaluate.py`), rendered (`render.py`),
serialised for a worker process (`serial.py`) and rewritten (`transform.py`). Those modules never
spell out which node has which children: they use `children` and `rebuild`, so a new node type
changes this file and the interpreters, not every walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator, Union


@dataclass(frozen=True, slots=True)
class Num:
    value: Fraction


@dataclass(frozen=True, slots=True)
class Const:
    name: str  # "pi" or "e"


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # one of + - * / ^
    left: "Node"
    right: "Node"


@dataclass(frozen=True, slots=True)
class Neg:
    operand: "Node"


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple["Node", ...]


Node = Union[Num, Const, Name, Call, BinOp, Neg, ListExpr]


def children(n: Node) -> tuple[Node, ...]:
    if isinstance(n, BinOp):
        return (n.left, n.right)
    if isinstance(n, Neg):
        return (n.operand,)
    if isinstance(n, Call):
        return n.args
    if isinstance(n, ListExpr):
        return n.items
    return ()


def rebuild(n: Node, kids: tuple[Node, ...]) -> Node:
    """The same node with new children (leaves come back unchanged)."""
    if isinstance(n, BinOp):
        return BinOp(n.op, kids[0], kids[1])
    if isinstance(n, Neg):
        return Neg(kids[0])
    if isinstance(n, Call):
        return Call(n.func, tuple(kids))
    if isinstance(n, ListExpr):
        return ListExpr(tuple(kids))
    return n


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, iteratively (no recursion limit to worry about)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(children(n))


def transform(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Rewrite bottom-up: `fn` gets each node with its children already rewritten."""
    return fn(rebuild(node, tuple(transform(k, fn) for k in children(node))))


def names_in(node: Node) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, Name)}


def has_list(node: Node) -> bool:
    return any(isinstance(n, ListExpr) for n in walk(node))

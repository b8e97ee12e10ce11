"""The published JSON Schema of a bank file, generated: common fields from the syllabus, each
question type's own fields from the type (`QuestionType.schema`). `aiquiz bank schema` prints it
and a test keeps `docs/bank-schema.json` equal to it, so the two cannot drift apart."""

from __future__ import annotations

from ..maths.vocabulary import NAME_PATTERN
from ..syllabus import CATEGORIES, ROLES, TOPICS

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"


def bank_schema() -> dict:
    from ..qtypes import all_types

    types = all_types()
    formula = {"$ref": "#/$defs/formula"}
    common = {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "type": {"enum": [t.name for t in types]},
        "topic": {"enum": list(TOPICS)},
        "category": {"enum": list(CATEGORIES)},
        "checklist_item": {"enum": [i for items in CATEGORIES.values() for i in items]},
        "roles": {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": {"enum": list(ROLES)}},
        "difficulty": {"type": "integer", "minimum": 1, "maximum": 5},
        "prompt": {"type": "string", "minLength": 1},
        "answer": {},
        "hints": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "solution": {"type": "string", "minLength": 1},
        "mistakes": {"type": "array", "items": {
            "type": "object", "required": ["answer", "feedback"],
            "additionalProperties": False,
            "properties": {"answer": {}, "feedback": {"type": "string"}}}},
        "tests": {"type": "object", "additionalProperties": False,
                  "properties": {"accept": {"type": "array"}, "reject": {"type": "array"}}},
        "params": {
            "type": "object", "propertyNames": {"pattern": NAME_PATTERN},
            "additionalProperties": {"oneOf": [
                {"type": "number"},
                {"type": "string", "description": "randint(a, b) | uniform(a, b[, decimals]) | "
                                                  "choice([...]) | formula over earlier "
                                                  "parameters"}]}},
    }
    per_type = []
    for t in types:
        part = t.schema()
        answer = t.answer_schema
        part["properties"] = {
            **part.get("properties", {}), "answer": answer,
            "mistakes": {"items": {"properties": {"answer": answer}}},
            "tests": {"properties": {"accept": {"items": answer},
                                     "reject": {"items": answer}}}}
        per_type.append({"if": {"properties": {"type": {"const": t.name}},
                                "required": ["type"]},
                         "then": part})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://aiquiz.dev/bank-schema.json",
        "title": "aiquiz question bank (format v1)",
        "description": "Generated from aiquiz's question-type registry (aiquiz bank schema); "
                       "see docs/bank-format.md. Cross-field rules (topic's category, checklist "
                       "item's category, formulas that parse) are checked by `aiquiz bank "
                       "validate`.",
        "type": "object",
        "required": ["bank", "title", "questions"],
        "additionalProperties": False,
        "properties": {
            "bank": {"type": "string", "pattern": ID_PATTERN},
            "title": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "format": {"const": 1},
            "questions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/question"}},
        },
        "$defs": {
            "formula": {"oneOf": [{"type": "number"}, {"type": "string", "maxLength": 2000},
                                  {"type": "array", "items": formula}]},
            "question": {
                "type": "object",
                "required": ["id", "type", "topic", "category", "roles", "difficulty", "prompt",
                             "answer", "hints", "solution"],
                "properties": common,
                "allOf": per_type,
                "unevaluatedProperties": False,
            },
        },
    }

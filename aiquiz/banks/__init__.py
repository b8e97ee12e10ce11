"""Question banks: files, safe YAML, the cache and index, reading and checking questions,
parameters and variants, self-tests and coverage figures.

    files -> yamlsafe -> cache -> reader (common fields; each type reads its own) -> loader
    model (plain data) · params + formulas -> variant · validate · selftest · stats · schema
"""

"""The names the maths parser knows: functions (with their argument counts) and constants.

Kept apart from the parser so that bank validation can check variable names without loading it.
"""

import operator

# name -> number of arguments (a tuple when several counts are allowed)
FUNCTIONS: dict[str, tuple[int, ...]] = {
    "sqrt": (1,), "exp": (1,), "log": (1, 2), "ln": (1,), "log2": (1,), "log10": (1,),
    "abs": (1,), "sin": (1,), "cos": (1,), "tan": (1,), "sec": (1,), "csc": (1,), "cot": (1,),
    "asin": (1,), "acos": (1,), "atan": (1,), "sinh": (1,), "cosh": (1,), "tanh": (1,),
    "sech": (1,), "csch": (1,), "coth": (1,), "asinh": (1,), "acosh": (1,), "atanh": (1,),
    "sigmoid": (1,), "factorial": (1,), "binomial": (2,),
}
# Friendly spellings learners use, mapped to the canonical function name.
FUNCTION_ALIASES = {"Abs": "abs", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
                    "comb": "binomial", "choose": "binomial"}
CONSTANTS = {"pi": "pi", "π": "pi", "e": "e", "E": "e"}
RESERVED = set(FUNCTIONS) | set(FUNCTION_ALIASES) | set(CONSTANTS)

# The operators whose meaning is the same for exact fractions, floats and complex numbers;
# division and powers need per-domain care (zero, overflow) and are handled where they are used.
RING_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul}

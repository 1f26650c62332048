"""Pure: the facts, counts and sections of a meeting's paper, and its renderers."""

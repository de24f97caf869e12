"""How many examples a property test tries: all it asks for in `make test` and CI, at most
ACCORD_PROPERTY_EXAMPLES in `make quick` (the inner loop, Makefile), so the loop stays short
while the full run keeps its breadth. The fuzz test has its own knob, ACCORD_FUZZ_EXAMPLES."""

import os


def examples(full: int) -> int:
    """`full`, or fewer when ACCORD_PROPERTY_EXAMPLES caps it."""
    cap = os.environ.get("ACCORD_PROPERTY_EXAMPLES", "").strip()
    return min(full, int(cap)) if cap else full

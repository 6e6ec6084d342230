"""Python's cycle collector, kept away from long-lived records.

Unpickling, linking and writing make millions of objects and no garbage cycles;
each full collection would walk them all again. Extraction does make cycles
(closures over a Doc), so it runs with the collector on.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """The collector off for the block (as it was after)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def long_lived():
    """The collector leaves alone every object made so far, for the block."""
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

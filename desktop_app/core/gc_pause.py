"""Python's cyclic collector paused while a large document's data is read or checked."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a document's annotations are read or checked.

    Reading 100,000 mentions as models makes hundreds of thousands of objects, and every few
    thousand of them Python's collector walks all that live, the document's own included:
    more than half the time of a large open went there. Objects still go the moment nothing
    refers to them; only the search for reference cycles waits until the step is done. What
    the step made is then moved to the oldest generation without a walk (frozen and at once
    unfrozen), so the collections it put off do not all come due at the next allocation;
    cycles among it are still found by the next full collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()

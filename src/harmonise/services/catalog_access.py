"""Open catalog handles for a long-running server, one per thread and build.

:func:`harmonise.services.catalog.open_catalog` opens the published build; a server thread keeps
its handle until a newer build is published (checked at most every second), so requests never pay
for opening the database and index, and never see a half-switched catalog.
"""

from __future__ import annotations

import threading
import time

from harmonise.config import Settings
from harmonise.formats.rdf_export import ntriples_to_turtle
from harmonise.services.catalog import Catalog, open_catalog
from harmonise.store.graph import SparqlError, SparqlTimeout

_LOCAL = threading.local()
#: Seconds between checks for a newer published build.
RECHECK_SECONDS = 1.0


def current_catalog(settings: Settings) -> Catalog:
    """This thread's handle on the current catalog build.

    Raises:
        CatalogError: When no catalog has been built.
    """
    cache: dict[str, tuple[float, Catalog]] = getattr(_LOCAL, "cache", None) or {}
    _LOCAL.cache = cache
    key = str(settings.catalog_dir)
    now = time.monotonic()
    held = cache.get(key)
    if held is not None and now - held[0] < RECHECK_SECONDS:
        return held[1]
    fresh = open_catalog(settings)
    if held is not None and held[1].folder == fresh.folder:
        fresh.close()
        cache[key] = (now, held[1])
        return held[1]
    if held is not None:
        held[1].close()
    cache[key] = (now, fresh)
    return fresh


__all__ = ["SparqlError", "SparqlTimeout", "current_catalog", "ntriples_to_turtle"]

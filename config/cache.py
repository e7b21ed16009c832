"""A local-memory cache that cannot grow without bound: a byte limit per entry and in total.

Django's LocMemCache limits only the number of entries, and one chart of a 127-year range was
3.3 MB: 5,000 of them is 16 GB per worker. Values are stored pickled, so their size is known.
An entry over the per-entry limit is not kept (a cache may always miss); a new entry evicts
the least recently used ones until the total fits.
"""
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

MIB = 1024 * 1024


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self._max_entry_bytes = int(options.get("MAX_ENTRY_BYTES", MIB))
        self._max_total_bytes = int(options.get("MAX_TOTAL_BYTES", 64 * MIB))

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        # Called with the lock held and `value` pickled (bytes).
        self._delete(key)  # an older value must not outlive a refused newer one
        if len(value) > self._max_entry_bytes:
            return
        total = sum(map(len, self._cache.values())) + len(value)
        while total > self._max_total_bytes and self._cache:
            old_key, old_value = self._cache.popitem()  # the least recently used is last
            self._expire_info.pop(old_key, None)
            total -= len(old_value)
        super()._set(key, value, timeout)

    def stored_bytes(self) -> int:
        with self._lock:
            return sum(map(len, self._cache.values()))

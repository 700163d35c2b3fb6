"""Small per-process caches for rendered output and measured text, bounded by the bytes they hold.

Each gunicorn worker keeps its own; keys carry a version read from the database, so a change made through
any worker is seen by all of them on their next request (there is nothing to invalidate).

A bound on entries alone is a bound on nothing when an entry can be anything from 10 bytes to a megabyte: the
Markdown cache once kept 4,096 texts of up to 20,000 characters with their HTML, and a text of `&` and an emoji
(an emoji makes Python store every character in 4 bytes, `&` becomes `&amp;`) costs about half a megabyte, so
one account editing fields could grow a worker by 2 GiB. Every cache here is held under a byte budget
(FORUMOPS_CACHE_MAX_MB each, 16 MiB by default) besides its number of entries: the least recently used go
first, and an entry larger than the whole budget is built and returned but not kept. Sizes are estimated with
sys.getsizeof over the stored objects (approximate_size), measured once, when an entry is stored.
"""

from __future__ import annotations

import functools
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_SCALARS = (str, bytes, bytearray, int, float, bool, complex, type(None))
_LIMIT = 50_000  # objects visited by one estimate at most: it stays cheap whatever it is given

_caches: weakref.WeakSet[BoundedCache] = weakref.WeakSet()
_max_bytes = DEFAULT_MAX_BYTES


def approximate_size(*objects: Any) -> int:
    """Bytes held by these objects and what they hold (strings, containers, attributes), each object once.

    Classes met inside are counted by their own size only (they are shared, not held by the entry); a class
    given at the top (a form class built for one forum) is counted with its attributes."""
    seen: set[int] = set()
    stack = list(objects)
    total = 0
    top = {id(obj) for obj in objects}
    while stack and len(seen) < _LIMIT:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, _SCALARS):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        elif isinstance(obj, type):
            if id(obj) in top:
                stack.extend(vars(obj).values())
        else:
            if hasattr(obj, "__dict__"):
                stack.extend(vars(obj).values())
            for slot in getattr(type(obj), "__slots__", ()):
                if hasattr(obj, slot):
                    stack.append(getattr(obj, slot))
    return total


def entry_size(key: Hashable, value: Any) -> int:
    """An entry's bytes: its key (often the text it was built from) and its value."""
    return approximate_size(key, value)


def configure_caches(max_bytes: int) -> None:
    """Give every cache of this process the byte budget (FORUMOPS_CACHE_MAX_MB), trimming those over it."""
    global _max_bytes
    _max_bytes = max_bytes
    for cache in list(_caches):
        cache.set_budget(max_bytes)


class BoundedCache(Generic[V]):
    """Least-recently-used mapping bounded by entries and by bytes; safe across the threads of one worker."""

    def __init__(self, maxsize: int = 64, max_bytes: int | None = None,
                 sizeof: Callable[[Hashable, Any], int] = entry_size):
        self.maxsize = maxsize
        self.max_bytes = max_bytes or _max_bytes
        self._fixed_budget = max_bytes is not None
        self.bytes = 0
        self._sizeof = sizeof
        self._data: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()
        _caches.add(self)

    def __len__(self) -> int:
        return len(self._data)

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """The value kept for `key`, or `build()`'s, kept if it fits the budget."""
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
                return found[0]
        value = build()  # outside the lock: a slow build never blocks other keys
        size = self._sizeof(key, value)
        if size > self.max_bytes:
            return value  # larger than the whole budget: keeping it would empty the cache for one entry
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._data[key] = (value, size)
            self.bytes += size
            self._trim()
        return value

    def set_budget(self, max_bytes: int) -> None:
        """A new byte budget (unless the cache was given its own), applied at once."""
        if self._fixed_budget:
            return
        with self._lock:
            self.max_bytes = max_bytes
            self._trim()

    def _trim(self) -> None:
        while self._data and (len(self._data) > self.maxsize or self.bytes > self.max_bytes):
            _key, (_value, size) = self._data.popitem(last=False)
            self.bytes -= size

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.bytes = 0


R = TypeVar("R")


def bounded_cache(maxsize: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """functools.lru_cache's place for a pure function of positional arguments, under the byte budget too
    (the cache is the wrapper's `cache` attribute)."""
    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        cache: BoundedCache[R] = BoundedCache(maxsize=maxsize)

        @functools.wraps(func)
        def cached(*args: Hashable) -> R:
            return cache.get_or_build(args, lambda: func(*args))

        cached.cache = cache  # type: ignore[attr-defined]
        return cached
    return decorate

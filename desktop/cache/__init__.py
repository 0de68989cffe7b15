"""The offline cache: what the desk may show when the network drops, encrypted at rest."""

from desktop.cache.store import CacheStore, DeskCache, cache_folder

__all__ = ["CacheStore", "DeskCache", "cache_folder"]

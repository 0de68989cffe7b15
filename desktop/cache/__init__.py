"""The offline cache: what the desk may show when the network drops, encrypted at rest."""

from desktop.cache.desk import DeskCache
from desktop.cache.store import CacheStore, cache_folder

__all__ = ["CacheStore", "DeskCache", "cache_folder"]

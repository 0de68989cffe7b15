"""Keeping the desk's memory to what it uses.

PySide6 replaces ``__import__`` with its own (shiboken's ``__feature__`` support). For every module
imported after PySide6, it reads the module's whole source with ``inspect.getsource`` to see
whether the text "PySide6" appears in it, and ``inspect`` reads through :mod:`linecache`, which
keeps every line for the life of the process. For the desk's imports (httpx, pydantic, the
contract, cryptography, the views…) that is about 185,000 lines: 17 MB of text that nothing reads
again, an eighth of the desk's memory. PySide6 has no switch for it.

``keep_import_sources_out_of_memory`` gives PySide6 the same answer without ``inspect``: for a
module with a source file, whether the file's bytes hold "PySide6" (``inspect.getsource`` of a
module is its whole file, so the answer is the same), read once and kept nowhere; ``inspect``
also tokenised every file to find it, time the desk paid at each start. Anything else (a built-in,
a sourceless or zipped module) goes to PySide6's own check, and the lines it read are dropped
after it. It is installed when the ``desktop`` package is imported, before the desk imports
anything else. Lines read before that (a script that imported PySide6 and other libraries first)
are dropped by ``release_import_sources`` when the desk is built. A traceback reads the lines it
needs again from the file, as it does for any file not in the cache. A frozen desk has no
sources to read.
"""

from __future__ import annotations

import linecache
import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "PySide6.support.feature"
_CHECK = "_mod_uses_pyside"


def keep_import_sources_out_of_memory() -> bool:
    """Wrap PySide6's per-import source check so it leaves nothing in ``linecache``; returns
    whether it is in place (False: a PySide6 without that check, where there is nothing to do)."""
    import PySide6.QtCore  # noqa: F401  (installs the import hook and its feature module)

    feature = sys.modules.get(_FEATURE_MODULE)
    check: Callable[[ModuleType], bool] | None = getattr(feature, _CHECK, None)
    if feature is None or not callable(check):
        return False
    if getattr(check, "__wrapped__", None) is not None:
        return True  # already wrapped

    def uses_pyside(module: ModuleType) -> bool:
        filename = getattr(module, "__file__", None)
        if isinstance(filename, str) and filename.endswith(".py"):
            try:
                with open(filename, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass  # a module inside a zip, say: PySide6 knows how to read it
        try:
            return check(module)
        finally:
            filename = getattr(module, "__file__", None)
            if filename:
                linecache.cache.pop(filename, None)

    uses_pyside.__wrapped__ = check  # type: ignore[attr-defined]
    setattr(feature, _CHECK, uses_pyside)
    return True


def release_import_sources() -> None:
    """Forget every source line in ``linecache`` (see the module's docstring)."""
    linecache.clearcache()

"""The wire contract between the CareDesk server and its clients, one module per domain.

Every request body, response body and event is a pydantic model here; the server imports these
for its schemas and the desktop for its state, so the two cannot drift apart. Every name is
re-exported here, so ``from backend_client import models as m`` and ``m.Conversation`` work
whichever module holds it.

A module is imported the first time one of its names is used (``lazy_loader``, from the names
in ``__init__.pyi``), and a model's validator is built the first time it validates
(``defer_build`` in ``_base``): the desk's first frame pays for the few models it uses, not for
the whole contract (tests/desktop/test_startup_imports.py).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)

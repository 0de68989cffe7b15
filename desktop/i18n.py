"""The desk's languages: English (the source) and Polish, from Qt's .ts/.qm translations.

Strings in widgets go through ``self.tr``; strings outside a QObject through ``translate``
with a context, and tables of words are marked with ``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate``
finds them (``make translations``). The compiled ``.qm`` files ship in ``resources/i18n``;
``tests/desktop/test_i18n.py`` checks they match their sources and that Polish is complete.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop import resources

log = logging.getLogger("caredesk.i18n")
SUPPORTED = ("en", "pl")
translate = QCoreApplication.translate
__all__ = ["QT_TRANSLATE_NOOP", "SUPPORTED", "in_use", "install", "resolve", "translate"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for the translation tools under ``context`` and returns it unchanged, as
    Qt's does (translated where it is shown, with ``translate``); typed as the ``str`` it is."""
    return text


def resolve(language: str = "") -> str:
    """The language to use: the one asked for if supported, else the system's, else English."""
    asked = (language or QLocale.system().name()).replace("-", "_").split("_")[0].lower()
    return asked if asked in SUPPORTED else "en"


def in_use() -> str:
    """The language the desk's words are in now (English until ``install`` chose another)."""
    return str(getattr(QCoreApplication.instance(), "_caredesk_language", "en"))


def install(app: QCoreApplication, language: str = "") -> str:
    """Load the translations for ``language`` (or the system's) into ``app``; returns the
    language in use. Missing files fall back to English with a log line, never a failure."""
    chosen = resolve(language)
    for old in getattr(app, "_caredesk_translators", []):
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    own = QTranslator(app)
    if own.load(str(resources.path(f"i18n/caredesk_{chosen}.qm"))):
        app.installTranslator(own)
        installed.append(own)
    elif chosen != "en":
        log.warning("no %s translation found; the desk stays in English", chosen)
        chosen = "en"
    qt = QTranslator(app)  # Qt's own dialogs and buttons
    if chosen != "en" and qt.load(
        f"qtbase_{chosen}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt)
        installed.append(qt)
    app._caredesk_translators = installed  # type: ignore[attr-defined]
    app._caredesk_language = chosen  # type: ignore[attr-defined]
    QLocale.setDefault(QLocale(chosen))
    return chosen

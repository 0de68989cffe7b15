"""The palette ranks articles and workflows with one index: a table of what advisors type and
the first result they should get, for an English-speaking caller and a Polish-speaking one.

Built from the demo's own library and the real workflow catalogue, so the table checks what the
desk ranks, not a stand-in.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop.palette_ranking import Entry, PaletteIndex
from desktop.views.window import palette_entries
from desktop.workflows.registry import discover
from server.knowledge import library


def index_for(language: str) -> PaletteIndex:
    workflows = [
        Entry(f"workflow:{w.id}", w.title, w.category, w.keywords, w.id, "workflow")
        for w in discover()
    ]
    return PaletteIndex(
        workflows + palette_entries.articles(library.summaries(date(2026, 6, 1)), language)
    )


ENGLISH = {
    "exe": "Free prescriptions: who is exempt from the charge",
    "exempt": "Free prescriptions: who is exempt from the charge",
    "out of stock": "Why is my medicine out of stock?",
    "fridge": "Fridge medicines: how they're delivered",
    "insulin": "Fridge medicines: how they're delivered",
    "ppc": "Prescription prepayment certificate (PPC)",
    "travel": "Travelling abroad with medicines",
    "abroad": "Travelling abroad with medicines",
    "holiday": "Pause or resume repeat prescriptions",  # pausing for a holiday is a workflow
    "generic": "Why my medicine looks different (generics)",
    "card declined": "Card declined: updating payment details",
    "emergncy": "Run out of medicine: emergency supply",  # a typo
    "controlled": "Controlled drugs: ID and signature on delivery",
    # Workflows keep their place where they are what is meant.
    "chase gp": "Chase a prescription with the GP",
    "refund": "Refund a payment",
    "change address": "Change delivery address",
}

POLISH = {
    "zwoln": "Bezpłatne recepty: kto jest zwolniony z opłaty",
    "paczka": "Paczka nie dotarła",
    "lodowka": "Leki z lodówki: jak je dostarczamy",  # typed without the accent
    "podróż": "Podróż za granicę z lekami",
    "skarga": "Skargi: jak je rozpatrujemy",
    "karta": "Odrzucona karta: zmiana danych płatności",
    "zamiennik": "Dlaczego lek wygląda inaczej (zamienniki)",
    # An English word on both: the caller's language first.
    "fridge": "Leki z lodówki: jak je dostarczamy",
    "out of stock": "Dlaczego mojego leku nie ma w magazynie?",
}


@pytest.mark.parametrize(("query", "title"), ENGLISH.items())
def test_english_caller(query: str, title: str) -> None:
    assert index_for("en").rank(query, limit=5)[0].entry.title == title


@pytest.mark.parametrize(("query", "title"), POLISH.items())
def test_polish_caller(query: str, title: str) -> None:
    assert index_for("pl").rank(query, limit=5)[0].entry.title == title


def test_an_article_past_its_review_date_says_so_in_the_palette() -> None:
    items = library.summaries(date(2026, 1, 1))  # due 180 days on: by December, all are past
    entries = palette_entries.articles(items, "en", today=date(2026, 12, 1))
    assert all(e.subtitle.endswith("past its review date") for e in entries)
    fresh = palette_entries.articles(items, "en", today=date(2026, 2, 1))
    assert not any("past its review date" in e.subtitle for e in fresh)


def test_articles_in_the_other_language_come_after_every_match_in_the_callers() -> None:
    ranked = index_for("en").rank("zwrot", limit=50)  # Polish only: found, not hidden
    assert ranked and all(r.entry.secondary for r in ranked if r.entry.kind == "article")
    ranked = index_for("en").rank("exempt", limit=50)
    kinds = [(r.entry.kind, r.entry.secondary) for r in ranked]
    assert kinds.index(("article", True)) > max(
        i for i, k in enumerate(kinds) if k != ("article", True)
    )

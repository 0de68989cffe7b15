"""Palette ranking: partial words, misspellings, several words, recent use first."""

from __future__ import annotations

import pytest

from desktop.palette_ranking import Entry, PaletteIndex, highlight
from desktop.workflows.registry import discover
from desktop.workflows.usage import Usage, default_path

REGISTRY = discover(include_plugins=False)
ENTRIES = [Entry(f"workflow:{w.id}", w.title, w.category, w.keywords, w.id) for w in REGISTRY]
INDEX = PaletteIndex(ENTRIES)


def top(query: str, usage: dict[str, float] | None = None) -> str:
    return INDEX.rank(query, usage)[0].entry.key


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("addr", "workflow:change_address"),
        ("refnd", "workflow:refund"),
        ("chase gp", "workflow:chase_gp"),
        ("adress", "workflow:change_address"),
        ("trck ordr", "workflow:track_order"),
        ("perscription chase", "workflow:chase_gp"),
        ("cancel", "workflow:cancel_order"),
        ("reship", "workflow:reship_order"),
        ("side efect", "workflow:side_effect"),
        ("sms", "workflow:follow_up_sms"),
        ("money back", "workflow:refund"),
        ("locked out", "workflow:unlock_app"),
        ("REFUND", "workflow:refund"),
    ],
)
def test_partial_words_and_misspellings_find_the_workflow(query: str, expected: str) -> None:
    assert top(query) == expected


def test_every_typed_word_must_match() -> None:
    keys = [m.entry.key for m in INDEX.rank("chase gp")]
    assert keys[0] == "workflow:chase_gp"
    assert "workflow:change_gp" not in keys[:1]
    assert INDEX.rank("zzzz qqqq") == []


def test_matched_characters_are_highlighted() -> None:
    [match] = [m for m in INDEX.rank("addr") if m.entry.key == "workflow:change_address"]
    title = match.entry.title
    assert "".join(title[i] for i in match.positions) == "addr"
    assert match.positions[0] == title.index("address")
    assert highlight("Refund a payment", ["refnd"]) == (0, 1, 2, 4, 5)


def test_recently_and_often_used_come_first() -> None:
    assert top("gp") in ("workflow:change_gp", "workflow:chase_gp")
    assert top("gp", {"workflow:chase_gp": 5.0}) == "workflow:chase_gp"
    assert top("gp", {"workflow:change_gp": 5.0}) == "workflow:change_gp"
    # With nothing typed: used ones first, then alphabetical.
    keys = [m.entry.key for m in INDEX.rank("", {"workflow:transfer": 2.0, "workflow:refund": 1.0})]
    assert keys[:3] == ["workflow:transfer", "workflow:refund", "workflow:add_note"]
    # A used entry that does not match at all does not jump in.
    assert "workflow:transfer" not in [
        m.entry.key for m in INDEX.rank("refnd", {"workflow:transfer": 9.0})
    ]


def test_usage_is_kept_across_restarts(tmp_path) -> None:
    path = tmp_path / "usage.json"
    first = Usage(path)
    for _ in range(3):
        first.record("workflow:refund")
    first.record("workflow:track_order")
    first.save()
    again = Usage(path)
    assert again.frecency("workflow:refund") > again.frecency("workflow:track_order") > 0
    assert again.frecency("workflow:never") == 0
    path.write_text("{not json")
    assert (
        Usage(path).frecency("workflow:refund") == 0
    )  # a corrupt file is a fresh start, not a crash


def test_each_advisor_on_a_workstation_keeps_their_own_ranking(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CAREDESK_DATA_DIR", str(tmp_path))
    anna = default_path("https://caredesk.example|agt_anna")
    assert anna == default_path("https://caredesk.example|agt_anna")
    assert anna != default_path("https://caredesk.example|agt_ben")
    assert anna != default_path("https://training.example|agt_anna")
    assert "agt_anna" not in anna.name  # named by a hash, not the id
    ranking = Usage(anna)
    ranking.record("workflow:refund")
    ranking.save()
    assert Usage(default_path("https://caredesk.example|agt_ben")).frecency("workflow:refund") == 0
    assert Usage(anna).frecency("workflow:refund") > 0


def test_short_queries_over_many_entries_keep_their_order() -> None:
    many = ENTRIES + [
        Entry(f"x{n}", f"Call from 0113 496 {n:04d}", "On call", (), f"conv_{n}", "conversation")
        for n in range(3000)
    ]
    index = PaletteIndex(many)
    titles = [m.entry.title for m in index.rank("c", limit=60)]
    assert len(titles) == 60
    assert titles[0].lower().startswith("c")
    assert index.rank("refnd")[0].entry.key == "workflow:refund"
    assert index.rank("0113 496 0042")[0].entry.title == "Call from 0113 496 0042"


def test_use_never_beats_a_clearly_better_match() -> None:
    # "Track an order" mentions notes; one use of it must not rank it above "Add a note".
    used = {"workflow:track_order": 1.0}
    keys = [m.entry.key for m in INDEX.rank("note", used)]
    assert keys[0] == "workflow:add_note"
    assert "workflow:track_order" in keys
    # Among matches about as good, the used one still comes first.
    assert top("note", {"workflow:add_note": 1.0, "workflow:track_order": 9.0}) == (
        "workflow:add_note"
    )
    assert top("gp", {"workflow:chase_gp": 1.0}) == "workflow:chase_gp"


def test_the_browsing_order_is_kept_but_use_is_read_at_each_query() -> None:
    """With nothing typed the order of the entries is worked out once per index; what was
    used comes first by the usage passed at each call, never by an earlier call's."""
    index = PaletteIndex(ENTRIES)
    first = [m.entry.key for m in index.rank("", {"workflow:transfer": 2.0})]
    later = [m.entry.key for m in index.rank("", {"workflow:refund": 1.0})]
    assert first[0] == "workflow:transfer" and later[0] == "workflow:refund"
    alphabetical = sorted(ENTRIES, key=lambda e: e.title.casefold())
    assert (
        later[1:] == [e.key for e in alphabetical if e.key != "workflow:refund"][: len(later) - 1]
    )
    assert "workflow:transfer" in later

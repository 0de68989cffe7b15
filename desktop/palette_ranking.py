"""Ranking for the command palette: what the advisor typed → the entries, best first.

Every entry's title, keywords and id are split into words and indexed. A keystroke matches each
typed word against the vocabulary, not against every entry: exactly, as the start of a word
("addr" → address), or — with rapidfuzz — despite a typo ("refnd" → refund). The entries holding
a match for every typed word are then scored (title beats keywords beats id; whole words beat
prefixes beat typos; a title that starts with the query wins) and ordered: recently and often
used first, then score, then title. The cost follows the size of the vocabulary and of the
matches, not the number of entries.

Use never beats a clearly better match: a used entry goes first only when its score is within
``USE_MARGIN`` of the best match for what was typed (one use of "Track an order", which mentions
notes, must not push "Add a note" down when the advisor types "note").
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Any

from rapidfuzz import fuzz, process

_WORD = re.compile(r"[a-z0-9]+")
FIELD_WEIGHT = {"title": 1.0, "keywords": 0.85, "id": 0.7}
FUZZY_CUTOFF = 72  # rapidfuzz ratio below which a word is not taken as a misspelling
USE_MARGIN = 10.0  # points below the best score within which recent use still promotes


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Entry:
    key: str  # stable id for usage memory, e.g. "workflow:refund"
    title: str
    subtitle: str = ""
    keywords: tuple[str, ...] = ()
    ident: str = ""
    kind: str = "workflow"
    payload: Any = None
    # Listed after every match that is not (an article in another language than the caller's).
    secondary: bool = False


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    tokens: tuple[str, ...] = ()  # the typed words, folded, that the title's highlight shows

    @cached_property
    def positions(self) -> tuple[int, ...]:
        """Characters of the title to highlight. Worked out when the row is first painted: a
        keystroke ranks 50 matches, yet the palette shows about ten of them, and working out
        all fifty was more than half of a keystroke's ranking (0.93 ms median, 0.39 without)."""
        return highlight(self.entry.title, self.tokens) if self.tokens else ()


@dataclass
class _Indexed:
    entry: Entry
    title_folded: str
    fields: dict[str, list[str]]


@dataclass
class PaletteIndex:
    """Built once per set of entries; ``rank`` is called on every keystroke."""

    entries: Sequence[Entry] = ()
    _items: list[_Indexed] = field(default_factory=list, init=False)
    _postings: dict[str, dict[int, float]] = field(default_factory=dict, init=False)
    _vocabulary: list[str] = field(default_factory=list, init=False)
    _by_initial: dict[str, list[str]] = field(default_factory=dict, init=False)
    _position: dict[str, int] = field(default_factory=dict, init=False)
    # Short queries match thousands of entries; their ranking does not depend on usage, so it
    # is kept per index (single letters are worked out when the index is built).
    _short: dict[str, list[tuple[int, float]]] = field(default_factory=dict, init=False)
    _secondary: bool = field(default=False, init=False)
    # Nothing typed: every entry in browsing order, worked out at the first empty query (it
    # does not depend on what was typed; 5 ms for 10,000 entries, at every open and clear).
    _browse: list[int] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        for n, entry in enumerate(self.entries):
            fields = {
                "title": words(entry.title),
                "keywords": [w for k in entry.keywords for w in words(k)],
                "id": words(entry.ident.replace("_", " ")),
            }
            self._items.append(_Indexed(entry, fold(entry.title), fields))
            for name, found in fields.items():
                weight = FIELD_WEIGHT[name]
                for word in found:
                    posting = self._postings.setdefault(word, {})
                    if posting.get(n, 0.0) < weight:
                        posting[n] = weight
        self._vocabulary = sorted(self._postings)
        # Typos are looked for among alphabetic words with the same first letter: a misspelling
        # seldom changes the first letter, and numbers (phones, ids) are never misspelt words.
        for word in self._vocabulary:
            if word.isalpha() and len(word) >= 3:
                self._by_initial.setdefault(word[0], []).append(word)
        self._position = {item.entry.key: n for n, item in enumerate(self._items)}
        self._secondary = any(item.entry.secondary for item in self._items)
        for initial in sorted({w[0] for w in self._vocabulary}):
            self._short_ranking(initial)

    SHORT = 2  # queries of up to this many characters are cached
    KEEP = 200  # how many of a short query's best entries are kept

    def _short_ranking(self, token: str) -> list[tuple[int, float]]:
        cached = self._short.get(token)
        if cached is None:
            scores = self._best_single(self._word_matches(token), token, self.KEEP)
            cached = heapq.nsmallest(
                self.KEEP, scores.items(), key=lambda ns: (-ns[1], self._items[ns[0]].title_folded)
            )
            self._short[token] = cached
        return cached

    def __len__(self) -> int:
        return len(self._items)

    # --- one typed word → vocabulary words and how well they match -------------------------

    def _word_matches(self, token: str) -> dict[str, float]:
        found: dict[str, float] = {}
        if token in self._postings:
            found[token] = 1.0
        start = bisect.bisect_left(self._vocabulary, token)
        for word in self._vocabulary[start:]:
            if not word.startswith(token):
                break
            if word != token:
                # Longer completions count a little less, so "gp" prefers "gp" over "gpx".
                found[word] = max(
                    found.get(word, 0.0), 0.92 - 0.1 * min(1.0, (len(word) - len(token)) / 10)
                )
        if len(token) >= 3 and token.isalpha():
            bucket = self._by_initial.get(token[0], [])
            for word, score, _ in process.extract(
                token, bucket, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                if word not in found:
                    found[word] = 0.8 * score / 100
            # A misspelt beginning of a longer word ("perscrip" for prescription).
            for word, score, _ in process.extract(
                token, bucket, scorer=fuzz.partial_ratio, score_cutoff=85, limit=None
            ):
                if word not in found and len(word) > len(token):
                    found[word] = 0.7 * score / 100
        return found

    # --- the query → ranked entries ---------------------------------------------------------

    def rank(
        self, query: str, frecency_of: Mapping[str, float] | None = None, limit: int = 50
    ) -> list[Match]:
        """The best ``limit`` entries for ``query``; ``frecency_of`` maps entry keys to how
        recently and often they were used (only used entries need be in it)."""
        tokens = words(query)
        items = self._items
        used_keys = sorted(
            (k for k, v in (frecency_of or {}).items() if v > 0 and k in self._position),
            key=lambda k: -(frecency_of or {})[k],
        )
        used = [self._position[k] for k in used_keys]
        if not tokens:
            taken = set(used)
            # Nothing typed: a list to browse, what runs before what is read (articles last).
            if self._browse is None:
                self._browse = sorted(
                    range(len(items)),
                    key=lambda n: (items[n].entry.kind == "article", items[n].title_folded),
                )
            rest = list(islice((n for n in self._browse if n not in taken), limit))
            listed = used + rest
            if self._secondary:
                listed = [n for n in listed if not items[n].entry.secondary] + [
                    n for n in listed if items[n].entry.secondary
                ]
            return [Match(items[n].entry, 0.0) for n in listed[:limit]]
        folded_query = " ".join(tokens)
        typed = tuple(tokens)
        ranked: list[tuple[int, float]] | None = None
        matched: list[dict[str, float]] = []
        if len(tokens) == 1 and len(tokens[0]) <= self.SHORT:
            ranked = self._short_ranking(tokens[0])
            scores = dict(ranked)
        else:
            matched = [self._word_matches(t) for t in tokens]
            if len(tokens) == 1:
                scores = self._best_single(matched[0], folded_query, limit)
            else:
                scores = self._all_of(matched, folded_query)
        if not scores and not used:
            return []
        # Recently and often used first (when they match nearly as well as the best), then by
        # score, then title.
        candidates = []
        for n in used:
            score = scores.get(n)
            if score is None:
                matched = matched or [self._word_matches(t) for t in tokens]
                score = self._entry_score(n, matched, folded_query)
            if score is not None:
                candidates.append((n, score))
        top = ranked[0][1] if ranked else max(scores.values(), default=0.0)
        best_score = max([top, *(sc for _, sc in candidates)])
        first = [(n, sc) for n, sc in candidates if sc >= best_score - USE_MARGIN]
        taken = {n for n, _ in first}
        if ranked is not None:
            best = [ns for ns in ranked if ns[0] not in taken][:limit]
        else:
            best = heapq.nsmallest(
                limit,
                ((n, sc) for n, sc in scores.items() if n not in taken),
                key=lambda ns: (-ns[1], items[ns[0]].title_folded),
            )
        # A used entry that matches less well competes on its score like any other.
        demoted = [(n, sc) for n, sc in candidates if n not in taken and n not in scores]
        if demoted:
            best = heapq.nsmallest(
                limit, best + demoted, key=lambda ns: (-ns[1], items[ns[0]].title_folded)
            )
        chosen = first + best
        if self._secondary:
            chosen = [ns for ns in chosen if not items[ns[0]].entry.secondary] + [
                ns for ns in chosen if items[ns[0]].entry.secondary
            ]
        return [Match(items[n].entry, round(score, 1), typed) for n, score in chosen[:limit]]

    def _bonus(self, n: int, folded_query: str) -> float:
        return 15.0 if self._items[n].title_folded.startswith(folded_query) else 0.0

    def _best_single(
        self, matched: dict[str, float], folded_query: str, limit: int
    ) -> dict[int, float]:
        """One typed word: walk the matched words best first and stop as soon as no remaining
        word can reach the current ``limit``-th score (a single letter matches thousands)."""
        groups: dict[float, list[str]] = {}
        for word, quality in matched.items():
            groups.setdefault(quality, []).append(word)
        scores: dict[int, float] = {}
        for quality in sorted(groups, reverse=True):
            if (
                len(scores) >= limit
                and 100 * quality + 15 < heapq.nlargest(limit, scores.values())[-1]
            ):
                break
            for word in groups[quality]:
                for n, weight in self._postings[word].items():
                    score = 100 * quality * weight + self._bonus(n, folded_query)
                    if score > scores.get(n, -1.0):
                        scores[n] = score
        return scores

    def _all_of(self, matched: list[dict[str, float]], folded_query: str) -> dict[int, float]:
        """Several typed words: entries with a match for every one, scored by their mean."""
        per_entry: dict[int, float] | None = None
        for found in matched:
            best: dict[int, float] = {}
            for word, quality in found.items():
                for n, weight in self._postings[word].items():
                    value = quality * weight
                    if value > best.get(n, 0.0):
                        best[n] = value
            per_entry = (
                best
                if per_entry is None
                else {n: v + best[n] for n, v in per_entry.items() if n in best}
            )
            if not per_entry:
                return {}
        count = len(matched)
        return {
            n: 100 * total / count + self._bonus(n, folded_query)
            for n, total in (per_entry or {}).items()
        }

    def _entry_score(
        self, n: int, matched: list[dict[str, float]], folded_query: str
    ) -> float | None:
        total = 0.0
        for found in matched:
            best = max(
                (
                    found[w] * FIELD_WEIGHT[f]
                    for f, ws in self._items[n].fields.items()
                    for w in ws
                    if w in found
                ),
                default=None,
            )
            if best is None:
                return None
            total += best
        return 100 * total / len(matched) + self._bonus(n, folded_query)


def highlight(title: str, tokens: Iterable[str]) -> tuple[int, ...]:
    """Characters of ``title`` to emphasise: the typed word where it appears, at the start of
    a word if possible; for a misspelling, the letters of the word it matched, in order."""
    folded = fold(title)
    if len(folded) != len(title):
        return ()  # folding changed the length ("ß" → "ss"): positions would not line up
    marked: set[int] = set()
    starts = [m.start() for m in re.finditer(r"[a-z0-9]+", folded)]
    for token in tokens:
        at = next((s for s in starts if folded.startswith(token, s)), -1)
        if at < 0:
            at = folded.find(token)
        if at >= 0:
            marked.update(range(at, at + len(token)))
            continue
        # Misspelt: the word sharing most letters, letters in order.
        best_word = max(
            (m for m in re.finditer(r"[a-z0-9]+", folded)),
            key=lambda m: fuzz.ratio(token, m.group()),
            default=None,
        )
        if best_word is None:
            continue
        i = best_word.start()
        for ch in token:
            j = folded.find(ch, i, best_word.end())
            if j >= 0:
                marked.add(j)
                i = j + 1
    return tuple(sorted(marked))

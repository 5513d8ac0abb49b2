"""Suggestions: quality against the annotated samples, keystrokes saved, and what they cost.

Quality. Every annotated sample in ``resources/samples/samples.toml`` is suggested on from its
bare text (no annotations yet, as on import), with the corpus gazetteer built from the *other*
samples' annotations (leave-one-out). Mention suggestions are compared with the reference
mentions per entity type: **overlap** counts a suggestion as right when it overlaps a
reference mention of its type, **exact** when its boundaries are the same. Precision is over
suggestions, recall over reference mentions. The reference is not exhaustive (samples mark
one occurrence of many facts: "the Company" once, one of two HK$0.10), so the script also
prints precision over the reference's *annotated texts* ("text precision": a suggestion is
right when the reference marks the same text with the same type anywhere in the document),
which is what a reviewer sees when every occurrence of a marked fact is suggested.

Keystrokes (``--keys``, opens the window offscreen). A scripted session with real key events
brings each annotated sample's entity mentions to the reference: without suggestions, each
mention is found (Ctrl+F, the text, Return, Escape) and tagged (its hotkey, or A and the type,
or M and the entity's name for a further mention); with suggestions, ``]`` then Y for each
matching suggestion and X for each other, then the same manual steps for what is left.

Cost. Suggestions for a 2 MB generated announcement (median of ``--repeat``) against a floor
of one regular-expression pass over the same text, then the same work stage by stage (the
engine's steps run one after the other, each timed); with ``--keys`` also the text pane's
repaint with 20,000 suggestions in the document against the same repaint without them.

    uv run python benchmarks/bench_suggestions.py            # quality and cost
    uv run python benchmarks/bench_suggestions.py --keys     # also keystrokes and repaint
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine_description, median

from desktop_app.core.resources import default_schema_path, resource_path
from desktop_app.core.samples import occurrence
from desktop_app.core.schema import AnnotationSchema, load_schema
from desktop_app.core.suggest import (
    Gazetteer,
    Suggestion,
    SuggestionKind,
    build_gazetteer,
    resolve_overlaps,
    suggest_document,
)
from desktop_app.core.suggest.context import SuggestContext
from desktop_app.core.suggest.defined_terms import suggest_defined_terms
from desktop_app.core.suggest.engine import suggest_patterns
from desktop_app.core.suggest.people import suggest_people
from desktop_app.core.suggest.propagation import suggest_propagation
from desktop_app.core.suggest.triggers import suggest_triggers
from desktop_app.core.text import normalise_imported_text

PATTERN_TYPES = ("MONEY", "PERCENT", "DATE", "SHARE_QUANTITY", "RULE")


@dataclass
class Reference:
    file: str
    text: str
    mentions: list[tuple[str, int, int, str]]  # type, start, end, entity key
    triggers: list[tuple[str, int, int]]
    entities: list[dict[str, object]] = field(default_factory=list)


def references() -> list[Reference]:
    folder = resource_path("samples")
    catalogue = tomllib.loads((folder / "samples.toml").read_text(encoding="utf-8"))
    found = []
    for spec in catalogue["documents"]:
        if not spec.get("annotated"):
            continue
        text = normalise_imported_text((folder / spec["file"]).read_text(encoding="utf-8"))
        mentions = [
            (entity["type"], *occurrence(text, quoted), entity["key"])
            for entity in spec.get("entities", [])
            for quoted in entity["mentions"]
        ]
        triggers = [
            (event["type"], *occurrence(text, event["trigger"]))
            for event in spec.get("events", [])
            if event.get("trigger")
        ]
        found.append(Reference(spec["file"], text, mentions, triggers, spec.get("entities", [])))
    return found


def _gazetteer_without(samples: list[Reference], left_out: Reference) -> Gazetteer:
    rows = []
    for sample in samples:
        if sample is left_out:
            continue
        for entity in sample.entities:
            attributes = entity.get("attributes") or {}
            quoted = entity["mentions"]
            assert isinstance(quoted, list)
            mentions = [str(m).rpartition("#")[0] or str(m) for m in quoted]
            alt = attributes.get("alt_name") if isinstance(attributes, dict) else None
            identifier = entity.get("identifier")
            rows.append(
                (
                    str(entity["type"]),
                    str(entity["name"]),
                    str(identifier) if identifier else None,
                    str(alt) if alt else None,
                    mentions,
                )
            )
    return build_gazetteer(rows)


@dataclass
class Counts:
    suggested: int = 0
    overlap_right: int = 0
    exact_right: int = 0
    text_right: int = 0
    reference: int = 0
    overlap_found: int = 0
    exact_found: int = 0


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "  – "


def quality(schema: AnnotationSchema) -> dict[str, Counts]:
    samples = references()
    counts: dict[str, Counts] = defaultdict(Counts)
    for sample in samples:
        suggestions = suggest_document(
            sample.text, schema, gazetteer=_gazetteer_without(samples, sample)
        )
        mentions = [s for s in suggestions if s.kind is SuggestionKind.MENTION]
        triggers = [s for s in suggestions if s.kind is SuggestionKind.TRIGGER]
        reference_texts = {(t, sample.text[s:e]) for t, s, e, _ in sample.mentions}
        _score(
            counts,
            mentions,
            [(t, s, e) for t, s, e, _ in sample.mentions],
            reference_texts,
            sample.text,
        )
        trigger_texts = {(t, sample.text[s:e].lower()) for t, s, e in sample.triggers}
        _score(
            counts,
            triggers,
            sample.triggers,
            trigger_texts,
            sample.text,
            prefix="event:",
            lower=True,
        )
    return counts


def _score(
    counts: dict[str, Counts],
    suggestions: list[Suggestion],
    reference: list[tuple[str, int, int]],
    reference_texts: set[tuple[str, str]],
    text: str,
    prefix: str = "",
    lower: bool = False,
) -> None:
    by_type: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for type_id, start, end in reference:
        by_type[type_id].append((start, end))
        counts[prefix + type_id].reference += 1
    for suggestion in suggestions:
        row = counts[prefix + suggestion.type]
        row.suggested += 1
        spans = by_type.get(suggestion.type, [])
        row.overlap_right += any(s < suggestion.end and suggestion.start < e for s, e in spans)
        row.exact_right += (suggestion.start, suggestion.end) in spans
        written = text[suggestion.start : suggestion.end]
        row.text_right += (
            suggestion.type,
            written.lower() if lower else written,
        ) in reference_texts
    for type_id, spans in by_type.items():
        row = counts[prefix + type_id]
        of_type = [s for s in suggestions if s.type == type_id]
        for start, end in spans:
            row.overlap_found += any(s.start < end and start < s.end for s in of_type)
            row.exact_found += any((s.start, s.end) == (start, end) for s in of_type)


def print_quality(counts: dict[str, Counts]) -> None:
    print("\nQuality against the annotated samples (mentions; 'event:' rows are triggers)")
    header = (
        f"{'type':<28}{'sugg':>5}{'ref':>5}   {'P overlap':>9}{'P exact':>8}{'P text':>7}"
        f"   {'R overlap':>9}{'R exact':>8}"
    )
    print(header)
    print("-" * len(header))
    total = Counts()
    for type_id in sorted(counts, key=lambda key: (key.startswith("event:"), key)):
        row = counts[type_id]
        _print_row(type_id, row, with_text=True)
        if type_id in PATTERN_TYPES:
            for name in vars(total):
                setattr(total, name, getattr(total, name) + getattr(row, name))
    _print_row("pattern types together", total, with_text=True)


# --- against the exhaustive reference of pattern types and defined terms ----------------------

GOLD = Path(__file__).resolve().parent / "gold" / "suggestion_gold.toml"


def term_spans(text: str, term: str) -> list[tuple[int, int]]:
    """Every use of a defined term after its definition (see the gold file's header)."""
    bare = term[4:] if term.startswith("the ") else term
    if bare[:1].isascii():
        definition = re.search(r"[\"“]" + re.escape(bare) + r"[\"”]", text)
        assert definition is not None, f"no definition of {term!r}"
        article = r"(?:\b[Tt]he )?" if term.startswith("the ") else ""
        pattern = article + r"(?<![\w\"“])" + re.escape(bare) + r"(?![\w\"”])"
        return [m.span() for m in re.finditer(pattern, text) if m.start() > definition.end()]
    definition = re.search("「" + re.escape(bare) + "」", text)
    assert definition is not None, f"no definition of {term!r}"
    later = [
        m.span()
        for m in re.finditer(r"(?<!「)" + re.escape(bare) + r"(?!」)", text)
        if m.start() > definition.end()
    ]
    return [(definition.start() + 1, definition.end() - 1), *later]


def gold_quality(schema: AnnotationSchema) -> dict[str, Counts]:
    catalogue = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    samples = {sample.file: sample for sample in references()}
    counts: dict[str, Counts] = defaultdict(Counts)
    for spec in catalogue["documents"]:
        sample = samples[spec["file"]]
        text = sample.text
        suggestions = suggest_document(
            text, schema, gazetteer=_gazetteer_without(list(samples.values()), sample)
        )
        mentions = [s for s in suggestions if s.kind is SuggestionKind.MENTION]
        for type_id in PATTERN_TYPES:
            gold = [(type_id, *occurrence(text, quoted)) for quoted in spec.get(type_id, [])]
            found = [s for s in mentions if s.type == type_id and s.rule.startswith("pattern:")]
            _score(counts, found, gold, {(t, text[a:b]) for t, a, b in gold}, text)
        gold_terms = [
            (entry[0], a, b) for entry in spec["terms"] for a, b in term_spans(text, entry[1])
        ]
        gold_terms += [
            (entry[0], *occurrence(text, quoted)) for entry in spec["terms"] for quoted in entry[2:]
        ]
        found_terms = [
            s
            for s in mentions
            if s.rule in ("defined-term", "defined-term:term")
            or (s.rule == "defined-term:name" and s.text in {entry[1] for entry in spec["terms"]})
        ]
        renamed = {f"term:{t}" for t, _, _ in gold_terms} | {f"term:{s.type}" for s in found_terms}
        scored: dict[str, Counts] = defaultdict(Counts)
        _score(
            scored,
            found_terms,
            gold_terms,
            {(t, text[a:b]) for t, a, b in gold_terms},
            text,
        )
        for key in renamed:
            row, source = counts[key], scored[key[5:]]
            for name in vars(row):
                setattr(row, name, getattr(row, name) + getattr(source, name))
    return counts


def print_gold_quality(counts: dict[str, Counts]) -> None:
    print(
        "\nQuality against the exhaustive reference (benchmarks/gold/suggestion_gold.toml): "
        "pattern suggestions by type, and defined-term uses ('term:' rows)"
    )
    header = (
        f"{'type':<28}{'sugg':>5}{'ref':>5}   {'P overlap':>9}{'P exact':>8}"
        f"   {'R overlap':>9}{'R exact':>8}"
    )
    print(header)
    print("-" * len(header))
    totals = {"pattern types": Counts(), "defined terms": Counts()}
    for type_id in sorted(counts, key=lambda key: (key.startswith("term:"), key)):
        row = counts[type_id]
        total = totals["defined terms" if type_id.startswith("term:") else "pattern types"]
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        _print_row(type_id, row)
    for name, row in totals.items():
        _print_row(f"{name} together", row)


def _print_row(label: str, row: Counts, with_text: bool = False) -> None:
    text = f"{_ratio(row.text_right, row.suggested):>7}" if with_text else ""
    print(
        f"{label:<28}{row.suggested:>5}{row.reference:>5}   "
        f"{_ratio(row.overlap_right, row.suggested):>9}{_ratio(row.exact_right, row.suggested):>8}"
        f"{text}   {_ratio(row.overlap_found, row.reference):>9}"
        f"{_ratio(row.exact_found, row.reference):>8}"
    )


# --- cost --------------------------------------------------------------------------------------


def large_text(size: int) -> str:
    """A bilingual announcement-like text of about ``size`` characters, dense with amounts,
    dates, percentages, defined terms and rule references."""
    paragraphs = []
    index = 0
    while sum(map(len, paragraphs)) < size:
        index += 1
        paragraphs.append(
            f'Golden Harbour Holdings {index} Limited (the "Vendor {index}") agreed on '
            f"{1 + index % 28} March 2025 to sell {index * 1000:,} Shares at HK${index % 97}.25 "
            f"each, about {index % 100}.5% of the issued Shares, for HK${index % 50} million, "
            f"under Rule 14.{index % 90:02d} of the Listing Rules. The Vendor {index} said the "
            f"sale was fair. 本公司於2025年3月{1 + index % 28}日以港幣{index % 900}萬元出售"
            f"{index * 10:,}股股份（約{index % 60}%），並已辭任。\n"
        )
    return "".join(paragraphs)[:size]


def cost(schema: AnnotationSchema, repeat: int) -> None:
    text = large_text(2_000_000)
    floor_pattern = re.compile(r"\d[\d,.]*")
    floors, runs, counts = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        sum(1 for _ in floor_pattern.finditer(text))
        floors.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = suggest_document(text, schema)
        runs.append(time.perf_counter() - started)
        counts.append(len(found))
    print(
        f"\nCost: suggestions for a {len(text) / 1e6:.1f} M-character document "
        f"({counts[0]:,} suggestions): median {median(runs):.2f} s (target ≤ 1 s, off the UI "
        f"thread); floor (one regex pass for numbers) {median(floors) * 1000:.0f} ms; "
        f"ratio {median(runs) / median(floors):.1f}×"
    )
    del found
    print_stages(stages(text, schema, repeat))


def stages(text: str, schema: AnnotationSchema, repeat: int) -> dict[str, list[float]]:
    """The engine's steps for ``text``, each timed (as the engine runs them: the cycle
    collector paused)."""
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(repeat):
        gc.collect()  # each round starts as the engine would: no garbage left from the last
        enabled = gc.isenabled()
        gc.disable()
        try:
            started = time.perf_counter()

            def lap(stage: str) -> None:
                nonlocal started
                now = time.perf_counter()
                times[stage].append(now - started)
                started = now

            context = SuggestContext(text, schema)
            patterns = list(suggest_patterns(context))
            lap("schema patterns")
            found = [*patterns, *suggest_defined_terms(context, patterns)]
            lap("defined terms")
            found += [*suggest_people(context), *suggest_propagation(context)]
            lap("people, propagation")
            if context.has_annotations:
                found = [s for s in found if not context.is_annotated(s.start, s.end)]
            mentions = resolve_overlaps(found)
            lap("overlap resolution")
            triggers = list(suggest_triggers(context, mentions))
            lap("event triggers, role fillers")
            ordered = sorted(mentions + triggers, key=attrgetter("kind"))
            ordered.sort(key=attrgetter("start", "end"))
            lap("final order")
            del context, patterns, found, mentions, triggers, ordered
        finally:
            if enabled:
                gc.enable()
    return times


def print_stages(times: dict[str, list[float]]) -> None:
    print("Stage by stage (median):")
    for stage, runs in times.items():
        print(f"  {stage:<30}{median(runs) * 1000:7.0f} ms")
    total = sum(median(runs) for runs in times.values())
    print(f"  {'together':<30}{total * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keys", action="store_true", help="also the window: keys and repaint")
    args = parser.parse_args()
    print(machine_description())
    schema = load_schema(default_schema_path())
    print_quality(quality(schema))
    print_gold_quality(gold_quality(schema))
    cost(schema, args.repeat)
    if args.keys:
        from bench_suggestion_keys import run_window_benchmarks

        run_window_benchmarks(schema, references(), args.repeat)


if __name__ == "__main__":
    main()

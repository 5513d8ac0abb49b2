"""A minimal brat standoff checker written from brat's documentation, independent of the
exporter: it parses ``annotation.conf`` and each ``.ann`` and returns every rule broken.

Rules checked: ids are unique and well formed; a ``T`` line is ``ID<TAB>TYPE START END<TAB>
TEXT`` with a declared type and TEXT equal to the ``.txt`` at those character offsets (line
breaks shown as spaces); an ``E`` line's trigger is a ``T`` of the event's type and each role
(less a numeric suffix) is declared for it, fills at most as often as its cardinality allows,
at least once when required, with a ``T`` of an allowed type; an ``A`` line names a declared
attribute that applies to its target's type with one of its values; a ``*`` line uses a
declared symmetric-transitive relation over ``T`` ids; a ``#`` note names an existing id.
"""

from __future__ import annotations

import re
from pathlib import Path


def _sections(conf: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in conf.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        else:
            sections[current].append(raw)
    return sections


def _arguments(spec: str) -> dict[str, str]:
    parts = {}
    for piece in spec.split(","):
        key, _, value = piece.strip().partition(":")
        parts[key] = value
    return parts


def parse_conf(conf: str) -> dict[str, object]:
    sections = _sections(conf)
    entities = {line.strip() for line in sections.get("entities", [])}
    events: dict[str, dict[str, tuple[str, set[str]]]] = {}
    for line in sections.get("events", []):
        name, _, spec = line.partition("\t")
        roles = {}
        for role, types in _arguments(spec).items() if spec.strip() else []:
            modifier = role[-1] if role[-1] in "?*+" else ""
            roles[role.rstrip("?*+")] = (modifier, set(types.split("|")))
        events[name.strip()] = roles
    attributes = {}
    for line in sections.get("attributes", []):
        name, _, spec = line.partition("\t")
        parts = _arguments(spec)
        attributes[name] = (set(parts["Arg"].split("|")), set(parts.get("Value", "").split("|")))
    equivalences = {
        line.partition("\t")[0]
        for line in sections.get("relations", [])
        if "<REL-TYPE>:symmetric-transitive" in line
    }
    return {
        "entities": entities,
        "events": events,
        "attributes": attributes,
        "equivalences": equivalences,
    }


def broken_rules(conf_path: Path, ann_path: Path) -> list[str]:
    conf = parse_conf(conf_path.read_text(encoding="utf-8"))
    entities: set[str] = conf["entities"]  # type: ignore[assignment]
    events: dict[str, dict[str, tuple[str, set[str]]]] = conf["events"]  # type: ignore[assignment]
    attributes: dict[str, tuple[set[str], set[str]]] = conf["attributes"]  # type: ignore[assignment]
    equivalences: set[str] = conf["equivalences"]  # type: ignore[assignment]
    with open(ann_path.with_suffix(".txt"), encoding="utf-8", newline="") as handle:
        text = handle.read()
    broken: list[str] = []
    types: dict[str, str] = {}
    lines = ann_path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "the .ann ends with a newline"
    for line in lines[:-1]:
        fields = line.split("\t")
        identifier = fields[0]
        if identifier != "*" and identifier in types:
            broken.append(f"{identifier} defined twice")
        if re.fullmatch(r"T\d+", identifier):
            kind, start, end = fields[1].split(" ")
            covered = text[int(start) : int(end)]
            for breaking in "\r\n\u2028\u2029\x85\t":
                covered = covered.replace(breaking, " ")
            if covered != fields[2]:
                broken.append(f"{identifier}: quotes {fields[2]!r}, text has {covered!r}")
            if kind not in entities and kind not in events:
                broken.append(f"{identifier}: undeclared type {kind}")
            types[identifier] = kind
        elif re.fullmatch(r"E\d+", identifier):
            head, *rest = fields[1].split(" ")
            kind, trigger = head.split(":")
            types[identifier] = kind
            if types.get(trigger) != kind:
                broken.append(f"{identifier}: trigger {trigger} is not a {kind}")
            declared = events.get(kind)
            if declared is None:
                broken.append(f"{identifier}: undeclared event type {kind}")
                continue
            counts: dict[str, int] = {}
            for pair in rest:
                role, target = pair.split(":")
                base = re.sub(r"\d+$", "", role) if role not in declared else role
                if base not in declared:
                    broken.append(f"{identifier}: {kind} has no role {role}")
                    continue
                counts[base] = counts.get(base, 0) + 1
                if types.get(target) not in declared[base][1]:
                    broken.append(f"{identifier}: {role} {target} has a type not allowed")
            for role, (modifier, _) in declared.items():
                count = counts.get(role, 0)
                if modifier in ("", "+") and count == 0:
                    broken.append(f"{identifier}: required role {role} missing")
                if modifier in ("", "?") and count > 1:
                    broken.append(f"{identifier}: role {role} filled {count} times")
        elif re.fullmatch(r"A\d+", identifier):
            name, target, *value = fields[1].split(" ")
            if name not in attributes:
                broken.append(f"{identifier}: undeclared attribute {name}")
                continue
            owners, values = attributes[name]
            if types.get(target) not in owners:
                broken.append(f"{identifier}: {name} does not apply to {target}")
            if value and value[0] not in values:
                broken.append(f"{identifier}: {name} has no value {value[0]}")
        elif identifier == "*":
            kind, *targets = fields[1].split(" ")
            if kind not in equivalences:
                broken.append(f"*: {kind} is not a declared equivalence")
            broken += [f"*: {t} is not a T" for t in targets if not t.startswith("T")]
        elif re.fullmatch(r"#\d+", identifier):
            kind, target = fields[1].split(" ")
            if kind != "AnnotatorNotes" or target not in types:
                broken.append(f"{identifier}: a note on {target}, which does not exist")
        else:
            broken.append(f"unknown line {line!r}")
    return broken

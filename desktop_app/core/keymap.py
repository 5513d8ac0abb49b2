"""Key bindings as data: the shipped defaults with the user's overrides on top.

``resources/keymap.toml`` maps each command id to a list of key sequences, in one of two
scopes: ``window`` (anywhere in the main window) and ``text`` (only while the text has focus,
for single-letter keys). A user file in the config folder uses the same shape; binding a
command to ``[]`` removes its keys. Unknown command ids and keys bound twice in one scope are
reported, never silently ignored.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SCOPES = ("window", "text")
_MODIFIER_ORDER = ["ctrl", "alt", "shift", "meta"]


def canonical_key(sequence: str) -> str:
    """``shift+ctrl+z`` → ``Ctrl+Shift+Z``: one spelling per key so conflicts can be found."""
    parts = [part.strip() for part in sequence.replace(" ", "").split("+") if part.strip()]
    if sequence.strip().endswith("++"):
        parts.append("+")
    modifiers = sorted(
        {p.lower() for p in parts[:-1] if p.lower() in _MODIFIER_ORDER},
        key=_MODIFIER_ORDER.index,
    )
    key = parts[-1] if parts else ""
    key = key.upper() if len(key) == 1 else key[:1].upper() + key[1:]
    return "+".join([m.capitalize() for m in modifiers] + [key])


@dataclass
class Keymap:
    """Command id → (scope, key sequences), plus every problem found while reading."""

    bindings: dict[str, list[str]] = field(default_factory=dict)
    scopes: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def keys_for(self, command_id: str) -> list[str]:
        return self.bindings.get(command_id, [])

    def command_for(self, key: str, scope: str) -> str | None:
        wanted = canonical_key(key)
        for command_id, keys in self.bindings.items():
            if self.scopes.get(command_id) == scope and wanted in map(canonical_key, keys):
                return command_id
        return None


def _read(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _platform_section(data: dict[str, object]) -> dict[str, object]:
    name = {"darwin": "macos", "win32": "windows"}.get(sys.platform, "linux")
    section = data.get(name, {})
    return section if isinstance(section, dict) else {}


def _merge(keymap: Keymap, data: dict[str, object], source: str, known: set[str]) -> None:
    layers = [data, _platform_section(data)]
    for layer in layers:
        for scope in SCOPES:
            table = layer.get(scope, {})
            if not isinstance(table, dict):
                keymap.problems.append(f"{source}: [{scope}] must be a table")
                continue
            for command_id, keys in table.items():
                if known and command_id not in known:
                    keymap.problems.append(f"{source}: unknown command id {command_id!r}")
                    continue
                if isinstance(keys, str):
                    keys = [keys]
                if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                    keymap.problems.append(f"{source}: keys of {command_id} must be a list")
                    continue
                keymap.bindings[command_id] = [canonical_key(k) for k in keys]
                keymap.scopes[command_id] = scope


def _find_conflicts(keymap: Keymap) -> None:
    seen: dict[tuple[str, str], str] = {}
    for command_id, keys in keymap.bindings.items():
        scope = keymap.scopes.get(command_id, "window")
        for key in keys:
            other = seen.get((scope, key))
            if other is not None and other != command_id:
                keymap.problems.append(
                    f"key {key} is bound to both {other} and {command_id}; {command_id} loses it"
                )
                continue
            seen[(scope, key)] = command_id
    for command_id, keys in keymap.bindings.items():
        scope = keymap.scopes.get(command_id, "window")
        keymap.bindings[command_id] = [k for k in keys if seen.get((scope, k)) == command_id]


def load_keymap(default: Path, user: Path | None, known_ids: set[str]) -> Keymap:
    """Defaults, then the user's overrides; problems are collected, never raised."""
    keymap = Keymap()
    for path, required in ((default, True), (user, False)):
        if path is None or (not required and not path.exists()):
            continue
        try:
            data = _read(path)
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            keymap.problems.append(f"{path}: cannot read key bindings ({error})")
            continue
        _merge(keymap, data, str(path), known_ids)
    _find_conflicts(keymap)
    return keymap


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_user_keymap(path: Path, bindings: dict[str, tuple[str, list[str]]]) -> None:
    """Write overrides (command id → (scope, keys)) in the keymap file's shape."""
    lines = ["# Your key bindings; anything not listed here keeps its default.", ""]
    for scope in SCOPES:
        entries = sorted((cid, keys) for cid, (s, keys) in bindings.items() if s == scope)
        if not entries:
            continue
        lines.append(f"[{scope}]")
        for command_id, keys in entries:
            lines.append(f"{_toml_string(command_id)} = [{', '.join(map(_toml_string, keys))}]")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")

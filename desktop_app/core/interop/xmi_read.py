"""INCEpTION / UIMA CAS XMI in, through ``dkpro-cassis``: a folder with a type system
(``TypeSystem.xml``, any case) and ``.xmi`` files, one ``.xmi`` beside its type system, or a
zip holding both (INCEpTION's export of a document in "UIMA CAS XMI" format).

What becomes what: a custom span layer (``webanno.custom.X``) with a link feature (an array
of links with ``role`` and ``target``) is an event of type X over its span; a custom relation
layer (``Governor``/``Dependent``) is an event without a trigger with those roles; any other
custom span layer is an entity type X, its mentions grouped by ``entityKey``; DKPro's
``NamedEntity`` is an entity of the type in its ``value``. Primitive features are attributes.
Other annotations (tokens, sentences, metadata) are not annotations of ours: they are
counted in a note and left out.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from desktop_app.core.errors import BundleInvalid
from desktop_app.core.interop import building
from desktop_app.core.interop.base import ForeignCorpus
from desktop_app.core.interop.xmi_types import (
    CUSTOM,
    ENTITY_IDENTIFIER,
    ENTITY_KEY,
    ENTITY_NAME,
    METADATA,
    NAMED_ENTITY,
    NO_TRIGGER,
    ROLE,
    TARGET,
    attribute_of,
)
from desktop_app.core.models import (
    AnnotatedDocument,
    Argument,
    Attributes,
    Entity,
    Event,
    Mention,
)

_SKIPPED_FEATURES = {"sofa", "begin", "end"}
_RELATION_ENDS = ("Governor", "Dependent")


def _features(annotation: Any) -> dict[str, Any]:
    return {
        feature.name: annotation.get(feature.name)
        for feature in annotation.type.all_features
        if feature.name not in _SKIPPED_FEATURES
    }


def _plain(value: str | int | float | bool) -> str | int | float | bool:
    """A ``Double`` holding a whole number is read as an integer (share counts, mostly): the
    feature cannot tell 12 from 12.0, and either writes back as ``12.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _is_link_array(value: Any) -> bool:
    elements = getattr(value, "elements", None)
    return isinstance(elements, list) and all(
        hasattr(link, ROLE) and hasattr(link, TARGET) for link in elements
    )


class _CasReader:
    def __init__(self, label: str, cas: Any) -> None:
        self.label = label
        self.cas = cas
        self.text: str = cas.sofa_string or ""
        self.problems: list[str] = []
        self.skipped: set[str] = set()
        self.groups: dict[tuple[str, str], list[tuple[Any, Mention]]] = {}
        self.attributes: dict[tuple[str, str], tuple[Attributes, str | None, str | None]] = {}
        self.events: list[tuple[str, Any, dict[str, Any]]] = []
        self.relations: list[tuple[str, Any, Any]] = []

    def _mention(self, annotation: Any) -> Mention | None:
        problem = building.span_problem(self.text, annotation.begin, annotation.end)
        if problem:
            self.problems.append(f"{self.label}: {annotation.type.name}: {problem}")
            return None
        return building.mention(self.text, annotation.begin, annotation.end)

    def _entity_mention(self, kind: str, annotation: Any, features: dict[str, Any]) -> None:
        mention = self._mention(annotation)
        if mention is None:
            return
        key = features.pop(ENTITY_KEY, None) or f"#{annotation.xmiID}"
        name = features.pop(ENTITY_NAME, None)
        identifier = features.pop(ENTITY_IDENTIFIER, None)
        attributes: Attributes = {
            attribute_of(feature): _plain(value)
            for feature, value in sorted(features.items())
            if isinstance(value, str | int | float | bool)
        }
        group = self.groups.setdefault((kind, str(key)), [])
        group.append((annotation, mention))
        self.attributes.setdefault((kind, str(key)), (attributes, name, identifier))

    def read(self) -> None:
        for annotation in self.cas.select_all_annotations():
            type_name: str = annotation.type.name
            features = _features(annotation)
            if type_name == NAMED_ENTITY:
                kind = features.pop("value", None) or "NamedEntity"
                # DKPro's own identifier feature (a link to a knowledge base) is ours too.
                features[ENTITY_IDENTIFIER] = features.pop("identifier", None)
                self._entity_mention(str(kind), annotation, features)
            elif not type_name.startswith(CUSTOM) or type_name == METADATA:
                self.skipped.add(type_name)
            elif all(end in features for end in _RELATION_ENDS):
                kind = type_name.removeprefix(CUSTOM)
                self.relations.append((kind, features["Governor"], features["Dependent"]))
            elif any(_is_link_array(value) for value in features.values()):
                self.events.append((type_name.removeprefix(CUSTOM), annotation, features))
            else:
                self._entity_mention(type_name.removeprefix(CUSTOM), annotation, features)

    def entities(self) -> tuple[list[Entity], dict[int, tuple[Entity, Mention]]]:
        entities = []
        by_annotation: dict[int, tuple[Entity, Mention]] = {}
        for (kind, key), members in self.groups.items():
            members.sort(key=lambda item: (item[1].start, item[1].end))
            attributes, name, identifier = self.attributes[(kind, key)]
            entity = building.entity(
                kind, [mention for _, mention in members], name, attributes, identifier
            )
            entities.append(entity)
            for annotation, mention in members:
                by_annotation[annotation.xmiID] = (entity, mention)
        return entities, by_annotation

    def _argument(
        self, role: str, target: Any, by_annotation: dict[int, tuple[Entity, Mention]]
    ) -> Argument | None:
        found = by_annotation.get(getattr(target, "xmiID", -1))
        if found is None:
            self.problems.append(f"{self.label}: the {role} of an event is not an entity's span")
            return None
        entity, mention = found
        first = min(entity.mentions, key=lambda m: (m.start, m.end))
        return building.argument(role, entity.id, None if mention.id == first.id else mention.id)

    def event_list(self, by_annotation: dict[int, tuple[Entity, Mention]]) -> list[Event]:
        events = []
        for kind, annotation, features in self.events:
            if self._mention(annotation) is None:
                continue
            arguments: list[Argument | None] = []
            attributes: Attributes = {}
            no_trigger = features.pop(NO_TRIGGER, None) == "true"
            for feature, value in sorted(features.items()):
                if _is_link_array(value):
                    arguments += [
                        self._argument(str(link.role), link.target, by_annotation)
                        for link in value.elements
                    ]
                elif isinstance(value, str | int | float | bool):
                    attributes[attribute_of(feature)] = _plain(value)
            trigger = (
                None if no_trigger else building.span(self.text, annotation.begin, annotation.end)
            )
            events.append(building.event(kind, trigger, [a for a in arguments if a], attributes))
        for kind, governor, dependent in self.relations:
            pair = [
                self._argument(_RELATION_ENDS[0], governor, by_annotation),
                self._argument(_RELATION_ENDS[1], dependent, by_annotation),
            ]
            events.append(building.event(kind, None, [a for a in pair if a]))
        return events


_MAX_MEMBER = 512 * 1024 * 1024  # a zip member larger than this is refused, not unpacked


def _is_type_system(name: str) -> bool:
    return name.rsplit("/", 1)[-1].lower() == "typesystem.xml"


def _zip_sources(path: Path) -> tuple[bytes | None, list[tuple[str, bytes]]]:
    """The type system and XMI files of a zip (INCEpTION exports a document as one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if any(m.file_size > _MAX_MEMBER for m in members):
                raise BundleInvalid(f"{path}: a file in the zip is too large to read", [])
            system = next((archive.read(m) for m in members if _is_type_system(m.filename)), None)
            xmis = sorted(
                (m.filename.rsplit("/", 1)[-1], archive.read(m))
                for m in members
                if m.filename.lower().endswith(".xmi")
            )
    except (zipfile.BadZipFile, OSError) as error:
        raise BundleInvalid(f"{path}: not a readable zip file ({error})", []) from None
    return system, xmis


def _sources(path: Path) -> tuple[bytes | None, list[tuple[str, bytes]]]:
    """``(type system, [(file name, XMI)])`` of a folder, a zip, or one ``.xmi`` file."""
    if path.suffix.lower() == ".zip" and path.is_file():
        return _zip_sources(path)
    folder = path if path.is_dir() else path.parent
    try:
        system_path = next((p for p in sorted(folder.iterdir()) if _is_type_system(p.name)), None)
        xmi_paths = sorted(folder.glob("*.xmi")) if path.is_dir() else [path]
        system = system_path.read_bytes() if system_path is not None else None
        return system, [(p.name, p.read_bytes()) for p in xmi_paths]
    except OSError as error:
        raise BundleInvalid(f"{path}: cannot read ({error.strerror})", []) from None


class XmiImporter:
    name = "xmi"
    title = "INCEpTION / UIMA CAS XMI (folder)"
    folder = True

    def read(self, path: Path) -> ForeignCorpus:
        from cassis import load_cas_from_xmi, load_typesystem  # type: ignore[import-untyped]

        system_bytes, xmi_files = _sources(path)
        if system_bytes is None:
            raise BundleInvalid(f"{path}: no TypeSystem.xml beside the XMI files", [])
        if not xmi_files:
            raise BundleInvalid(f"{path}: no .xmi files", [])
        try:
            system = load_typesystem(io.BytesIO(system_bytes))
        except Exception as error:  # cassis raises many kinds on a broken file
            raise BundleInvalid(
                f"{path}: TypeSystem.xml is not a UIMA type system ({error})", []
            ) from None
        problems: list[str] = []
        documents = []
        skipped: set[str] = set()
        for name, data in xmi_files:
            try:
                cas = load_cas_from_xmi(io.BytesIO(data), typesystem=system)
            except Exception as error:  # a broken file of any kind refuses the import
                problems.append(f"{name}: not a readable XMI file ({error})")
                continue
            reader = _CasReader(name, cas)
            reader.read()
            entities, by_annotation = reader.entities()
            events = reader.event_list(by_annotation)
            problems += reader.problems
            skipped |= reader.skipped
            metadata = (
                next(iter(cas.select(METADATA)), None) if system.contains_type(METADATA) else None
            )
            title = getattr(metadata, "documentTitle", None) or name.removesuffix(".xmi")
            document_id = building.document_id_or_new(getattr(metadata, "documentId", None))
            documents.append(
                AnnotatedDocument(
                    document=building.document(reader.text, title, document_id),
                    entities=entities,
                    events=events,
                )
            )
        if problems:
            raise BundleInvalid(f"{path}: {len(problems)} problem(s) in the XMI files", problems)
        skipped.discard(METADATA)
        skipped.discard("uima.tcas.DocumentAnnotation")
        notes = (
            [f"left out annotations of other kinds: {', '.join(sorted(skipped))}"]
            if skipped
            else []
        )
        return ForeignCorpus(documents, notes)

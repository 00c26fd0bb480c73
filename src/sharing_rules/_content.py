"""Reading a rules directory whole: files -> validated models -> cross-checked content.

A rules directory loads whole or not at all: the first problem found stops the load with a
:class:`KnowledgeBaseError` that names the file and the entry and says how to mend it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sharing_rules._errors import KnowledgeBaseError
from sharing_rules._model import (
    AmendmentFile,
    ConditionDefinition,
    ConditionsFile,
    DataTypeDefinition,
    DataTypesFile,
    Document,
    EligibilityFile,
    Invariant,
    InvariantsFile,
    KnowledgeFile,
    Law,
    MemberStatesFile,
    Partner,
    PartnersFile,
    Relationship,
    RelationshipKind,
    RelationshipsFile,
    Rule,
    Statement,
    StatementsFile,
)
from sharing_rules._naming import iso_country
from sharing_rules._vocabulary import DataType, PartnerKind
from sharing_rules._yaml import parse_rules, read_rules_file

FILES: Mapping[str, type[BaseModel]] = MappingProxyType(
    {
        "knowledge.yaml": KnowledgeFile,
        "statements.yaml": StatementsFile,
        "conditions.yaml": ConditionsFile,
        "data_types.yaml": DataTypesFile,
        "relationships.yaml": RelationshipsFile,
        "eligibility.yaml": EligibilityFile,
        "partners.yaml": PartnersFile,
        "member_states.yaml": MemberStatesFile,
        "invariants.yaml": InvariantsFile,
    }
)
"""The files of a rules directory and the model each must fit."""

_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Content:
    """The checked content of a rules directory, and the version that identifies it."""

    path: Path
    version: str
    knowledge: KnowledgeFile
    statements: Mapping[str, Statement]
    documents: Mapping[str, Document]
    """The documents the statements come from, by id."""
    sections: Mapping[str, str]
    """The document each section belongs to."""
    conditions: Mapping[str, ConditionDefinition]
    data_types: Mapping[DataType, DataTypeDefinition]
    relationships: Mapping[str, RelationshipKind]
    rules: tuple[Rule, ...]
    partners: tuple[Partner, ...]
    member_states: MemberStatesFile
    invariants: tuple[Invariant, ...] = ()
    """What the rules must never decide otherwise (``invariants.yaml``), proven on every load."""
    amendments: tuple[AmendmentFile, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    """How each file is named in errors: with the amendments that changed it."""


RulesFiles = Mapping[str, tuple[bytes, str]]
"""The bytes of a load's files, each with how errors name it; keyed by file name, an amendment's file by
its number and name (``"1:partners.yaml"``)."""


def read_files(path: Path, amendments: Sequence[Path] = ()) -> RulesFiles:
    """The bytes of every file of the rules directory at ``path`` and of its amendments, read once.

    Refused with :class:`KnowledgeBaseError` as a load refuses them: no directory, a file a load does not
    know, a file missing or that cannot be read. Nothing is parsed (:func:`read_content` does that).
    """
    _require_directory(path, "a rules directory (like rules/)")
    _refuse_unknown_files(path, FILES)
    files = {name: (read_rules_file(path / name, name), name) for name in FILES}
    for number, amendment in enumerate(amendments, start=1):
        _require_directory(amendment, "an amendment directory (with an amendment.yaml)")
        _refuse_unknown_files(amendment, {**FILES, _AMENDMENT: AmendmentFile})
        for name in (_AMENDMENT, *FILES):
            if name == _AMENDMENT or (amendment / name).is_file():
                label = f"{amendment.name}/{name}"
                files[f"{number}:{name}"] = (read_rules_file(amendment / name, label), label)
    return files


def version_of(files: RulesFiles) -> str:
    """The version of the knowledge these files hold (:attr:`Content.version`), from their bytes alone."""
    digest = hashlib.sha256()
    for key in sorted(files):
        digest.update(key.encode() + b"\0" + files[key][0] + b"\0")
    return "sha256:" + digest.hexdigest()[:16]


def read_content(path: Path, amendments: Sequence[Path] = (), files: RulesFiles | None = None) -> Content:
    """Read, validate and cross-check every file of the rules directory at ``path``.

    Each amendment directory holds an ``amendment.yaml`` saying what it is, and any of the files of a
    rules directory with only the entries it adds or replaces: an entry with the ``id`` (or the partner
    ``name``) of an existing one replaces it, any other is added; other values replace the base's.
    ``files``: what :func:`read_files` read of these directories, when the caller has read it already.
    """
    files = read_files(path, amendments) if files is None else files
    data: dict[str, Any] = {name: parse_rules(*files[name]) for name in FILES}
    labels = {name: name for name in FILES}
    notes = []
    for number in range(1, len(amendments) + 1):
        raw, label = files[f"{number}:{_AMENDMENT}"]
        notes.append(_validate(AmendmentFile, parse_rules(raw, label), label))
        for name in FILES:
            found = files.get(f"{number}:{name}")
            if found is not None:
                data[name] = _merge(data[name], parse_rules(*found), found[1])
                labels[name] = f"{labels[name]} + {found[1]}"
    models = {name: _validate(model, data[name], labels[name]) for name, model in FILES.items()}
    try:
        checked = _Checker(models)
    except KnowledgeBaseError as error:
        raise KnowledgeBaseError(
            labels.get(error.file, error.file), error.entry, error.problem, error.fix
        ) from None
    return Content(
        path=path,
        amendments=tuple(notes),
        labels=MappingProxyType(labels),
        version=version_of(files),
        knowledge=checked.get("knowledge.yaml", KnowledgeFile),
        statements=checked.statements,
        documents=checked.documents,
        sections=checked.sections,
        conditions=checked.conditions,
        data_types=checked.data_types,
        relationships=checked.relationships,
        rules=checked.rules,
        partners=checked.partners,
        member_states=checked.get("member_states.yaml", MemberStatesFile),
        invariants=checked.invariants,
    )


_AMENDMENT = "amendment.yaml"


def _require_directory(path: Path, what: str) -> None:
    if not path.is_dir():
        raise KnowledgeBaseError(str(path), None, "this is not a directory.", f"pass the path of {what}.")


def _refuse_unknown_files(path: Path, known: Mapping[str, object]) -> None:
    for item in sorted(path.iterdir()):
        if item.suffix in {".yaml", ".yml"} and item.name not in known:
            raise KnowledgeBaseError(
                item.name,
                None,
                "this file is not part of a knowledge base, so its content would be ignored.",
                f"move its entries into one of {', '.join(known)}, or move the file out of the directory.",
            )


def _identity(entry: object) -> object:
    if isinstance(entry, dict):
        return entry.get("id", entry.get("name"))
    return None


def _merge(base: Any, patch: Any, label: str) -> Any:
    """The base content of a file with an amendment's entries added or replacing."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        raise KnowledgeBaseError(
            label,
            None,
            "an amendment file must be a mapping, like the file it amends.",
            "write key: value lines.",
        )
    merged = dict(base)
    for key, value in patch.items():
        current = merged.get(key)
        if isinstance(current, list) and isinstance(value, list):
            entries = list(current)
            positions = {_identity(e): i for i, e in enumerate(entries) if _identity(e) is not None}
            for entry in value:
                ident = _identity(entry)
                if ident is not None and ident in positions:
                    entries[positions[ident]] = entry
                else:
                    entries.append(entry)
            merged[key] = entries
        else:
            merged[key] = value
    return merged


def _validate(model: type[_M], data: Any, file: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        location = tuple(first["loc"])
        more = f" ({len(problems) - 1} more problem(s) in this file.)" if len(problems) > 1 else ""
        raise KnowledgeBaseError(
            file,
            _describe(data, location),
            f"{first['msg'].removeprefix('Value error, ')}.{more}",
            _fix(first["type"], location),
        ) from None


def _describe(data: Any, location: Sequence[int | str]) -> str:
    """Name the entry at ``location`` the way a person reading the file would find it."""
    parts: list[str] = []
    node = data
    for step in location:
        if isinstance(step, int):
            label = f"item {step + 1}"
            if isinstance(node, list) and step < len(node) and isinstance(node[step], dict):
                ident = node[step].get("id") or node[step].get("name") or node[step].get("kind")
                if isinstance(ident, str):
                    label += f" ({ident})"
            parts.append(label)
        else:
            parts.append(f"key {step!r}")
        node = node[step] if isinstance(node, list | dict) and _has(node, step) else None  # type: ignore[index]  # step fits node: checked by _has
    return ", ".join(parts) if parts else "the whole file"


def _has(node: list[Any] | dict[Any, Any], step: int | str) -> bool:
    if isinstance(node, list):
        return isinstance(step, int) and step < len(node)
    return step in node


def _fix(kind: str, location: Sequence[int | str]) -> str:
    key = next((str(step) for step in reversed(location) if isinstance(step, str)), "")
    fixes = {
        "extra_forbidden": f"remove the key {key!r} or correct its spelling.",
        "missing": f"add the key {key!r}.",
        "string_type": "write text; quote values like NO, yes, on or dates so that YAML reads them as text.",
        "string_pattern_mismatch": "write the value in the expected form (see the file's header comment).",
        "string_too_short": "write a non-empty value.",
        "enum": "use one of the values listed in the message.",
        "too_short": "give at least one value.",
        "tuple_type": "write a list here (one value per '- ' line, or [a, b]).",
        "model_type": "write a mapping here (key: value lines).",
        "model_attributes_type": "write a mapping here (key: value lines).",
        "value_error": "correct the entry as the message says.",
    }
    return fixes.get(kind, "correct the value as the message says.")


class _Checker:
    """Checks every cross-reference between the validated files; keeps the results as mappings."""

    def __init__(self, models: Mapping[str, BaseModel]) -> None:
        self._models = models
        statements_file = self.get("statements.yaml", StatementsFile)
        self.documents = _index("statements.yaml", "documents", statements_file.documents)
        sections = _unique("statements.yaml", "sections", (s.id for s in statements_file.sections))
        for section in statements_file.sections:
            self._known(
                "statements.yaml", f"section {section.id}", "document", section.document, self.documents
            )
        self.sections = MappingProxyType({s.id: s.document for s in statements_file.sections})
        self.statements = _index("statements.yaml", "statements", statements_file.statements)
        for statement in statements_file.statements:
            if statement.section not in sections:
                raise KnowledgeBaseError(
                    "statements.yaml",
                    f"statement {statement.id}",
                    f"the section {statement.section!r} is not among the sections.",
                    f"use one of {', '.join(sorted(sections))}, or add the section.",
                )
        self.conditions = _index(
            "conditions.yaml", "conditions", self.get("conditions.yaml", ConditionsFile).conditions
        )
        for condition in self.conditions.values():
            self._cite("conditions.yaml", f"condition {condition.id}", condition.statements)
        self.data_types = self._check_data_types()
        self.relationships = _index(
            "relationships.yaml",
            "relationships",
            self.get("relationships.yaml", RelationshipsFile).relationships,
        )
        for kind in self.relationships.values():
            self._cite("relationships.yaml", f"relationship {kind.id}", kind.statements)
            if kind.signed_before is not None:
                self._cite("relationships.yaml", f"relationship {kind.id}", kind.signed_before.statements)
            for needed in kind.requires_any:
                self._known(
                    "relationships.yaml",
                    f"relationship {kind.id}",
                    "relationship",
                    needed,
                    self.relationships,
                )
        self.rules = self._check_rules()
        self.partners = self._check_partners()
        self._check_member_states()
        self.invariants = self._check_invariants()

    def _check_invariants(self) -> tuple[Invariant, ...]:
        invariants = self.get("invariants.yaml", InvariantsFile).invariants
        _unique("invariants.yaml", "invariants", (i.id for i in invariants))
        for invariant in invariants:
            entry = f"invariant {invariant.id}"
            self._cite("invariants.yaml", entry, invariant.statements)
            self._cite("invariants.yaml", entry, (*invariant.never_on, *invariant.allowed_only_on))
            _refuse_unknown("invariants.yaml", entry, "data type", invariant.data_types, self.data_types)
            kinds = (
                *(invariant.with_only or ()),
                *(invariant.rests_only_on.kinds if invariant.rests_only_on else ()),
            )
            _refuse_unknown("invariants.yaml", entry, "relationship", kinds, self.relationships)
            _refuse_unknown("invariants.yaml", entry, "condition", invariant.allowed_with, self.conditions)
            if invariant.rests_only_on is not None:
                self._cite("invariants.yaml", entry, (invariant.rests_only_on.basis,))
            names = [partner.name for partner in self.partners]
            _refuse_unknown("invariants.yaml", entry, "partner", invariant.refused_until, names)
        return invariants

    def get(self, file: str, model: type[_M]) -> _M:
        found = self._models[file]
        assert isinstance(found, model)  # FILES maps each file to this model
        return found

    def _cite(self, file: str, entry: str, cited: Iterable[str]) -> None:
        for statement in cited:
            if statement not in self.statements:
                raise KnowledgeBaseError(
                    file,
                    entry,
                    f"it cites the statement {statement!r}, which is not in the catalogue.",
                    "cite a statement id from statements.yaml, or add the statement there first.",
                )

    def _known(self, file: str, entry: str, what: str, value: str, known: Iterable[str]) -> None:
        known = list(known)
        if value not in known:
            raise KnowledgeBaseError(
                file,
                entry,
                f"the {what} {value!r} is not defined.",
                f"use one of: {', '.join(known)}.",
            )

    def _check_data_types(self) -> Mapping[DataType, DataTypeDefinition]:
        definitions = self.get("data_types.yaml", DataTypesFile).data_types
        by_id = _index("data_types.yaml", "data_types", definitions)
        for definition in definitions:
            entry = f"data type {definition.id}"
            if definition.id not in set(DataType):
                raise KnowledgeBaseError(
                    "data_types.yaml",
                    entry,
                    f"{definition.id!r} is not one of the data types a question can name"
                    f" ({', '.join(DataType)}).",
                    "use one of those ids; a new kind of information changes the public API (DataType).",
                )
            self._cite("data_types.yaml", entry, definition.statements)
            for child in definition.includes:
                self._known("data_types.yaml", entry, "included data type", child, by_id)
        for member in DataType:
            if member.value not in by_id:
                raise KnowledgeBaseError(
                    "data_types.yaml",
                    None,
                    f"the data type {member.value!r} is not defined, but questions may name it.",
                    f"add an entry with id {member.value}, its label, description and statements.",
                )
        _refuse_cycles({d.id: d.includes for d in definitions})
        return MappingProxyType({DataType(d.id): d for d in definitions})

    def _check_laws(self) -> Mapping[str, Law]:
        """The bodies of law, by id: cited, in order of time, never two on one day."""
        knowledge = self.get("knowledge.yaml", KnowledgeFile)
        laws = _index("knowledge.yaml", "laws", knowledge.laws)
        previous: Law | None = None
        for law in knowledge.laws:
            self._cite("knowledge.yaml", f"law {law.id}", law.statements)
            if previous is not None and (
                previous.valid_until is None or law.valid_from <= previous.valid_until
            ):
                raise KnowledgeBaseError(
                    "knowledge.yaml",
                    f"law {law.id}",
                    f"it applies from {law.valid_from}, while {previous.id} still applies then: two bodies of"
                    " law cannot govern one day.",
                    "list the laws in order of time, each ending (`until`) before the next one starts.",
                )
            previous = law
        return laws

    def _in_its_law(self, rule: Rule, laws: Mapping[str, Law]) -> Rule:
        """The rule dated by its law: in force only while the law applied, narrowed by its own dates."""
        if rule.law is None:
            return rule
        entry = f"rule {rule.id}"
        self._known("eligibility.yaml", entry, "law", rule.law, laws)
        law = laws[rule.law]
        first = rule.valid_from or law.valid_from
        last = rule.valid_until or law.valid_until
        outside = first < law.valid_from or (
            law.valid_until is not None and (last is None or last > law.valid_until)
        )
        if outside:
            raise KnowledgeBaseError(
                "eligibility.yaml",
                entry,
                f"it is dated {first} to {last or 'no end'}, outside the period of the law it encodes,"
                f" {law.id} ({law.valid_from} to {law.valid_until or 'no end'}).",
                "remove `from` and `until` (the law's period is the rule's), or narrow them within it.",
            )
        return rule.model_copy(update={"valid_from": first, "valid_until": last})

    def _check_rules(self) -> tuple[Rule, ...]:
        laws = self._check_laws()
        rules = tuple(
            self._in_its_law(rule, laws) for rule in self.get("eligibility.yaml", EligibilityFile).rules
        )
        _index("eligibility.yaml", "rules", rules)
        for rule in rules:
            entry = f"rule {rule.id}"
            self._cite("eligibility.yaml", entry, rule.statements)
            for kind in (*rule.when.has, *rule.when.has_any, *rule.when.lacks):
                self._known("eligibility.yaml", entry, "relationship", kind, self.relationships)
            for data_type in rule.data_types:
                self._known("eligibility.yaml", entry, "data type", data_type, self.data_types)
            for condition in rule.conditions:
                self._known("eligibility.yaml", entry, "condition", condition, self.conditions)
            both = (set(rule.when.has) | set(rule.when.has_any)) & set(rule.when.lacks)
            if both:
                raise KnowledgeBaseError(
                    "eligibility.yaml",
                    entry,
                    f"`when` both requires and excludes {', '.join(sorted(both))}, so it can never apply.",
                    "remove the relationship from `has` or from `lacks`.",
                )
        return rules

    def _check_partners(self) -> tuple[Partner, ...]:
        partners = self.get("partners.yaml", PartnersFile).partners
        _unique("partners.yaml", "partners", (p.name for p in partners))
        for partner in partners:
            entry = f"partner {partner.name}"
            kinds = Counter(r.kind for r in partner.relationships)
            for kind, count in kinds.items():
                self._known("partners.yaml", entry, "relationship", kind, self.relationships)
                if count > 1:
                    raise KnowledgeBaseError(
                        "partners.yaml",
                        entry,
                        f"the relationship {kind!r} is listed {count} times.",
                        "list each relationship once, citing every statement it comes from.",
                    )
            for relationship in partner.relationships:
                self._cite(
                    "partners.yaml", f"{entry}, relationship {relationship.kind}", relationship.statements
                )
                needed = self.relationships[relationship.kind].requires_any
                if needed and not set(needed) & set(kinds):
                    labels = " or ".join(self.relationships[k].label for k in needed)
                    raise KnowledgeBaseError(
                        "partners.yaml",
                        f"{entry}, relationship {relationship.kind}",
                        f"a {self.relationships[relationship.kind].label} needs {labels}, and the partner"
                        " has none.",
                        f"add the partner's {labels} (with its source), or remove this relationship.",
                    )
            if partner.kind is PartnerKind.COUNTRY:
                _check_iso("partners.yaml", entry, partner.iso_alpha2, partner.iso_alpha3)
        return tuple(self._dated(partner) for partner in partners)

    def _dated(self, partner: Partner) -> Partner:
        """The partner with each relationship's signature rule checked and its floor set and checked.

        No relationship can have been in force before Eurojust existed, nor before the instrument it
        depends on (``requires_any``) can have taken effect; an instrument of a kind that must have been
        signed before a day (``signed_before``) carries a signature before that day.
        """
        established = self.get("knowledge.yaml", KnowledgeFile).established
        held = {r.kind: r for r in partner.relationships}
        dated = []
        for relationship in partner.relationships:
            entry = f"partner {partner.name}, relationship {relationship.kind}"
            kind = self.relationships[relationship.kind]
            self._check_signature(entry, kind, relationship)
            floor: date | None = None if kind.apart_from_eurojust else established
            why = f"Eurojust was set up on {established}"
            if floor is not None and relationship.signed is not None and relationship.signed < floor:
                raise KnowledgeBaseError(
                    "partners.yaml",
                    entry,
                    f"it was signed on {relationship.signed}, but {why}.",
                    "correct `signed` from the source.",
                )
            needed = [held[k].earliest for k in kind.requires_any if k in held]
            known = [day for day in needed if day is not None]
            if known and len(known) == len(needed) and (floor is None or min(known) > floor):
                floor = min(known)
                why = f"the instrument it depends on cannot have taken effect before {floor}"
            dated.append(relationship.model_copy(update={"not_before": floor}))
            certain = relationship.valid_from
            if certain is not None and floor is not None and certain < floor:
                raise KnowledgeBaseError(
                    "partners.yaml",
                    entry,
                    f"it is in force from {certain}, but {why}.",
                    "correct its dates (`from`, `provisional`, `applies_from`), or those of what it"
                    " depends on.",
                )
        return partner.model_copy(update={"relationships": tuple(dated)})

    @staticmethod
    def _check_signature(entry: str, kind: RelationshipKind, relationship: Relationship) -> None:
        rule = kind.signed_before
        if rule is None:
            return
        cited = ", ".join(rule.statements)
        if relationship.signed is None:
            raise KnowledgeBaseError(
                "partners.yaml",
                entry,
                f"a relationship of this kind ({kind.label}) must say when it was signed: only one signed"
                f" before {rule.day} is one [{cited}].",
                "add `signed:` with the day of signature, from the source.",
            )
        if relationship.signed >= rule.day:
            raise KnowledgeBaseError(
                "partners.yaml",
                entry,
                f"it was signed on {relationship.signed}, but a relationship of this kind ({kind.label}) is"
                f" one signed before {rule.day}: {rule.why.rstrip('.')} [{cited}].",
                "record it as the kind of instrument it is (see relationships.yaml), or correct `signed`.",
            )

    def _check_member_states(self) -> None:
        member_states = self.get("member_states.yaml", MemberStatesFile)
        self._cite("member_states.yaml", "statements", member_states.statements)
        _unique("member_states.yaml", "member_states", (m.name for m in member_states.member_states))
        for state in member_states.member_states:
            _check_iso("member_states.yaml", f"member state {state.name}", state.iso_alpha2, state.iso_alpha3)
            for territory in state.territories:
                if territory.iso_alpha2 is not None:
                    _check_iso(
                        "member_states.yaml",
                        f"member state {state.name}, territory {territory.name}",
                        territory.iso_alpha2,
                        territory.iso_alpha3,
                    )
        names = {partner.name for partner in self.partners}
        _unique(
            "member_states.yaml",
            "former_member_states",
            (former.partner for former in member_states.former_member_states),
        )
        for former in member_states.former_member_states:
            entry = f"former member state {former.partner}"
            self._known("member_states.yaml", entry, "partner", former.partner, names)
            if former.transition is not None:
                self._cite("member_states.yaml", f"{entry}, transition", former.transition.statements)


def _refuse_unknown(file: str, entry: str, what: str, values: Iterable[str], known: Iterable[str]) -> None:
    known = list(known)
    for value in values:
        if value not in known:
            raise KnowledgeBaseError(
                file, entry, f"the {what} {value!r} is not defined.", f"use one of: {', '.join(known)}."
            )


def _check_iso(file: str, entry: str, alpha2: str | None, alpha3: str | None) -> None:
    known = iso_country(alpha2 or "")
    if known is None:
        raise KnowledgeBaseError(
            file,
            entry,
            f"{alpha2!r} is not an ISO 3166-1 alpha-2 country code.",
            'use the country\'s two-letter ISO 3166-1 code, in capitals and quoted (e.g. "NO").',
        )
    if known[0] != alpha3:
        raise KnowledgeBaseError(
            file,
            entry,
            f"the alpha-3 code {alpha3!r} does not belong with {alpha2!r} ({known[1]}, {known[0]}).",
            f'use iso_alpha3: "{known[0]}", or correct the alpha-2 code.',
        )


def _unique(file: str, what: str, ids: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise KnowledgeBaseError(
                file,
                f"{what}: {ident}",
                f"{ident!r} is defined twice.",
                "keep one entry and merge the other into it.",
            )
        seen.add(ident)
    return seen


_E = TypeVar("_E", Statement, DataTypeDefinition, RelationshipKind, Rule, Document, ConditionDefinition, Law)


def _index(file: str, what: str, entries: Iterable[_E]) -> Mapping[str, _E]:
    entries = tuple(entries)
    _unique(file, what, (entry.id for entry in entries))
    return MappingProxyType({entry.id: entry for entry in entries})


def _refuse_cycles(includes: Mapping[str, Iterable[str]]) -> None:
    done: set[str] = set()

    def visit(node: str, trail: tuple[str, ...]) -> None:
        if node in trail:
            loop = " includes ".join((*trail[trail.index(node) :], node))
            raise KnowledgeBaseError(
                "data_types.yaml",
                f"data type {node}",
                f"the data types include each other in a loop: {loop}.",
                "a kind of information can only include narrower kinds: remove one `includes` link.",
            )
        if node in done:
            return
        for child in includes.get(node, ()):
            visit(child, (*trail, node))
        done.add(node)

    for start in includes:
        visit(start, ())

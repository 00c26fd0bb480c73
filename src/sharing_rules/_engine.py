"""Inference on durable_rules: partners' facts in, conclusions out.

The eligibility rules and the data-type hierarchy of a knowledge base are compiled into one
durable_rules ruleset. Each partner's facts (which relationships it has) are asserted into a working
memory of their own; the rules fire, chain through the hierarchy, and leave their conclusions (permit or
prohibit a kind of information, by which rule) in that working memory, which is read and then freed.

durable_rules is used defensively (see the project's engine notes):

- one private ``Host`` per compiled ruleset, never the process-wide ``durable.lang`` globals; knowledge
  bases whose rules, data types and relationships are the same share it (:func:`engine_for`), since
  durable_rules never frees a compiled ruleset;
- no dispatcher threads (``_run`` does nothing), and one process-wide lock around the C core;
- one small working memory (``sid``) per partner, deleted after use;
- an exception inside an action is recorded and turned into a :class:`KnowledgeBaseError`, never lost;
- inference runs once, when a knowledge base loads; questions are answered from its result.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sharing_rules._errors import EngineUnavailableError, KnowledgeBaseError

try:
    from durable import engine as durable_engine
except ImportError as error:  # e.g. the unpatched release on Python 3.13: say how to mend it
    raise EngineUnavailableError(str(error)) from error
from sharing_rules._model import DataTypeDefinition, Rule
from sharing_rules._vocabulary import Effect

_RULESET = "sharing_rules"
_CORE_LOCK = threading.Lock()
"""durable_rules' C core is not safe to call from two threads at once."""

Action = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class Profile:
    """The facts asserted about one partner in one period: the relationships and the rules in force.

    ``key`` tells the results of several profiles of one partner (one per period) apart.
    """

    partner: str
    relationships: frozenset[str]
    rules: frozenset[str]
    key: str = ""


@dataclass(frozen=True, slots=True)
class Conclusion:
    """What the engine derived: ``rule`` permits or prohibits ``data_type`` for a partner.

    ``via`` is the kind the rule names when the conclusion was reached through the hierarchy
    (evidence is covered because operational information is), and None when the rule names it itself.
    """

    partner: str
    effect: Effect
    data_type: str
    rule: str
    via: str | None


class _QuietHost(durable_engine.Host):  # type: ignore[misc]  # durable has no type information
    """A durable_rules host without its two forever-running dispatcher threads."""

    def _run(self) -> None:
        return None


def _fact_field(relationship: str) -> str:
    return f"has_{relationship}"


def _rule_field(rule: str) -> str:
    return "in_force_" + rule.replace("-", "_")


class _ActionErrors:
    """Wraps every action so that an exception inside it is kept, not swallowed by durable_rules."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, BaseException]] = []

    def wrap(self, name: str, body: Action) -> Action:
        def action(closure: Any) -> None:
            try:
                body(closure)
            except BaseException as error:
                self.errors.append((name, error))
                raise

        return action


def conclude(closure: Any, *, effect: Effect, data_type: str, rule: str, via: str, path: str) -> None:
    """Assert one conclusion into the working memory of the partner being derived.

    A rule that needs any one of several relationships fires once for each the partner has: the same
    conclusion twice is one conclusion.
    """
    try:
        closure.assert_fact(
            {
                "fact": "conclusion",
                "partner": closure.m.partner,
                "effect": effect.value,
                "data_type": data_type,
                "rule": rule,
                "via": via,
                "path": path,
            }
        )
    except durable_engine.MessageObservedException:
        return


def _rule_action(rule: Rule) -> Action:
    def action(closure: Any) -> None:
        for data_type in rule.data_types:
            conclude(closure, effect=rule.effect, data_type=data_type, rule=rule.id, via="", path=data_type)

    return action


def _inclusion_action(child: str) -> Action:
    def action(closure: Any) -> None:
        m = closure.m
        via = m.via or m.data_type
        conclude(
            closure, effect=Effect(m.effect), data_type=child, rule=m.rule, via=via, path=f"{m.path}>{child}"
        )

    return action


def _never(closure: Any) -> None:
    """The action of a rule that cannot fire (see ``compile_ruleset``)."""
    raise AssertionError("a rule waiting for a fact that is never asserted has fired")


def compile_ruleset(
    rules: Iterable[Rule], data_types: Iterable[DataTypeDefinition], errors: _ActionErrors
) -> dict[str, dict[str, Any]]:
    """The durable_rules definition of a knowledge base's rules (a fresh dict: durable edits it)."""
    definition: dict[str, Any] = {}
    for rule in rules:
        tests: list[dict[str, Any]] = [{"fact": "profile"}, {_rule_field(rule.id): True}]
        tests += [{_fact_field(kind): True} for kind in rule.when.has]
        if rule.when.has_any:
            tests.append({"$or": [{_fact_field(kind): True} for kind in rule.when.has_any]})
        tests += [{_fact_field(kind): False} for kind in rule.when.lacks]
        definition[f"rule {rule.id}"] = {
            "all": [{"m": {"$and": tests}}],
            "run": errors.wrap(f"rule {rule.id}", _rule_action(rule)),
        }
    for data_type in data_types:
        for child in data_type.includes:
            name = f"{data_type.id} includes {child}"
            inherited = [{"$neq": {"effect": effect.value}} for effect in Effect if not effect.inherited]
            definition[name] = {
                "all": [{"m": {"$and": [{"fact": "conclusion"}, {"data_type": data_type.id}, *inherited]}}],
                "run": errors.wrap(name, _inclusion_action(child)),
            }
    # durable_rules refuses a fact that no rule's first condition matches. These rules match every profile
    # and every conclusion, so that each is kept in working memory, and then wait for a fact that is never
    # asserted: they never fire, which spares an action call per fact.
    for fact in ("profile", "conclusion"):
        definition[f"keep {fact}"] = {
            "all": [{"m": {"fact": fact}}, {"never": {"fact": "\0never"}}],
            "run": errors.wrap(f"keep {fact}", _never),
        }
    # durable_rules frees memory it never allocated (and the process aborts) when the first working memory
    # of a host is deleted before any action has run in that host: one action is run when the engine starts.
    definition["warm up"] = {"all": [{"m": {"fact": _WARM_UP}}], "run": _idle}
    return {_RULESET: definition}


_WARM_UP = "\0warm up"


def _idle(closure: Any) -> None:
    """The action that runs once, when the engine starts (see ``compile_ruleset``)."""


@contextlib.contextmanager
def _without_durable_deprecations() -> Iterator[None]:
    """durable_rules calls datetime.utcfromtimestamp in every action: deprecated since Python 3.12."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*utcfromtimestamp", category=DeprecationWarning)
        yield


class Engine:
    """Compiled rules in a private durable_rules host, shared by the knowledge bases that have those rules."""

    def __init__(
        self, rules: Iterable[Rule], data_types: Iterable[DataTypeDefinition], relationships: Iterable[str]
    ) -> None:
        rules = tuple(rules)
        self._errors = _ActionErrors()
        self._relationships = tuple(relationships)
        self._rules = tuple(rule.id for rule in rules)
        self._sids = itertools.count()
        self._memo: OrderedDict[tuple[str, frozenset[str], frozenset[str]], tuple[Conclusion, ...]] = (
            OrderedDict()
        )
        """What was derived for a set of facts: inference is deterministic for one compiled ruleset, so a
        reload of the same rules, or two partners with the same facts, ask the engine once (bounded)."""
        self._asked = itertools.count(1)
        self._conclusions: dict[Conclusion, Conclusion] = {}
        """Each distinct conclusion once: the many sets of facts that conclude it share it (bounded)."""
        definition = compile_ruleset(rules, data_types, self._errors)
        with _CORE_LOCK, _without_durable_deprecations():
            try:
                self._host = _QuietHost()
                self._host.register_rulesets(definition)
                self._host.assert_fact(_RULESET, {"sid": "warm up", "fact": _WARM_UP})
                self._host.delete_state(_RULESET, "warm up")
            except Exception as error:
                raise KnowledgeBaseError(
                    "eligibility.yaml",
                    None,
                    f"the rules could not be compiled by the inference engine ({error}).",
                    "check the rules' `when` conditions and data types.",
                ) from error

    def derive(self, profiles: Iterable[Profile]) -> Mapping[str, tuple[Conclusion, ...]]:
        """Assert each partner's facts, let the rules fire, and collect what they concluded."""
        derived: dict[str, tuple[Conclusion, ...]] = {}
        with _CORE_LOCK, _without_durable_deprecations():
            for profile in profiles:
                facts = (profile.partner, profile.relationships, profile.rules)
                found = self._memo.get(facts)
                if found is None:
                    found = self._memo[facts] = self._derive_one(profile)
                    while len(self._memo) > _MEMO_SIZE:
                        self._memo.popitem(last=False)
                    if next(self._asked) % _SWEEP_EVERY == 0:
                        gc.collect(0)  # durable_rules leaves cycles behind: free them (a load collects none)
                derived[profile.key or profile.partner] = found
        return derived

    def _derive_one(self, profile: Profile) -> tuple[Conclusion, ...]:
        sid = str(next(self._sids))
        fact: dict[str, Any] = {"sid": sid, "fact": "profile", "partner": profile.partner}
        fact |= {_fact_field(kind): kind in profile.relationships for kind in self._relationships}
        fact |= {_rule_field(rule): rule in profile.rules for rule in self._rules}
        try:
            self._host.assert_fact(_RULESET, fact)
            state = self._host.get_state(_RULESET, sid)
            facts = self._host.get_facts(_RULESET, sid)
        except Exception as error:
            raise self._failure(profile, repr(error)) from error
        finally:
            self._host.delete_state(_RULESET, sid)
        if self._errors.errors:
            name, fault = self._errors.errors[0]
            self._errors.errors.clear()
            raise self._failure(profile, f"{name} raised {fault!r}") from fault
        if "exception" in state:
            raise self._failure(profile, str(state["exception"]).splitlines()[0][:300])
        if len(self._conclusions) > _MEMO_SIZE:
            self._conclusions.clear()
        shared = self._conclusions.setdefault  # equal conclusions of many profiles are one object
        return tuple(
            sorted(
                {
                    shared(found, found)
                    for found in (
                        Conclusion(
                            partner=profile.partner,
                            effect=Effect(item["effect"]),
                            data_type=item["data_type"],
                            rule=item["rule"],
                            via=item["via"] or None,
                        )
                        for item in facts
                        if item.get("fact") == "conclusion"
                    )
                },
                key=lambda c: (c.data_type, c.effect, c.rule, c.via or ""),
            )
        )

    @staticmethod
    def _failure(profile: Profile, detail: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(
            "eligibility.yaml",
            f"while deriving the decisions for {profile.partner}",
            f"inference failed: {detail}. Nothing of this knowledge base is used.",
            "correct the rules or the partner's relationships; `sharing-rules validate` checks a directory.",
        )


_CACHE_SIZE = 16
_MEMO_SIZE = 4096
_SWEEP_EVERY = 256
"""Profiles derived between two collections of the youngest objects (the garbage the engine leaves)."""
_compiled: OrderedDict[str, Engine] = OrderedDict()
"""Engines by the content of what they compile. durable_rules never frees a compiled ruleset, so
reloading unchanged rules reuses the engine instead of compiling (and leaking) another."""


def engine_for(
    rules: Sequence[Rule], data_types: Sequence[DataTypeDefinition], relationships: Sequence[str]
) -> Engine:
    """The engine for these rules, data types and relationships: compiled once, then reused."""
    key = json.dumps(
        [
            [rule.model_dump(mode="json") for rule in rules],
            [data_type.model_dump(mode="json") for data_type in data_types],
            list(relationships),
        ],
        sort_keys=True,
    )
    with _CORE_LOCK:
        engine = _compiled.get(key)
        if engine is not None:
            _compiled.move_to_end(key)
            return engine
    engine = Engine(rules, data_types, relationships)
    with _CORE_LOCK:
        _compiled[key] = engine
        while len(_compiled) > _CACHE_SIZE:
            _compiled.popitem(last=False)
    return engine

"""The same policy in sharing-rules and in its peers, answered one question at a time.

The policy is the shipped knowledge's, stripped to what the peers can say (on the day the benchmark runs):
every partner gets the information that is not personal data (strategic information, best practices,
information on legal systems: Article 47(2)); a partner with an agreement in force (Eurojust's own or the
Union's) or an adequacy decision for law enforcement also gets operational information, evidence and
personal data (Article 56(2)(a)-(c)); a partner with an adequacy decision that covers public authorities
(for law enforcement or not) gets administrative personal data (Article 47 of Regulation (EU) 2018/1725).
Each peer is built from the partners of the knowledge base and asked the same
questions as sharing-rules; the benchmark checks first that every peer gives sharing-rules' answer to every
question.

Peers: a plain dict look-up of precomputed answers (the floor), pycasbin (``casbin``, RBAC model), cedarpy
(Cedar policies), zen-engine (``zen``, a JDM decision table) and durable_rules asked per request (one new
working memory per question: assert, read, delete). A peer that cannot be imported is reported as
unavailable: ``pip install -e .[bench]`` installs them.
"""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from benchmarks.common import Ask, Effort, cycling, per_call_us, policy_questions
from sharing_rules import DataType, KnowledgeBase, evaluate

AGREEMENTS = ("agreement_on_cooperation", "union_agreement", "led_adequacy_decision")
"""What gives a standing basis for operational information: an agreement of either kind, or an adequacy
decision for law enforcement."""
ADEQUACY = ("led_adequacy_decision", "adequacy_decision")
"""What gives a standing basis for administrative personal data: an adequacy decision covering public
authorities."""
AGREEMENT = "agreement"
"""The role (pycasbin) of a partner with a standing basis for operational information."""
ADMINISTRATIVE = "administrative"
"""The role (pycasbin) of a partner with a standing basis for administrative personal data."""
ANY_PARTNER = "any_partner"
"""The role (pycasbin) every partner has."""
NON_PERSONAL_KINDS = (
    DataType.STRATEGIC.value,
    DataType.BEST_PRACTICES.value,
    DataType.LEGAL_SYSTEM_INFORMATION.value,
)
OPERATIONAL_KINDS = (DataType.OPERATIONAL.value, DataType.EVIDENCE.value, DataType.PERSONAL_DATA.value)
ADMINISTRATIVE_KINDS = (DataType.ADMINISTRATIVE_PERSONAL_DATA.value,)


@dataclass(frozen=True)
class Facts:
    """What the peers know about a partner: a standing basis for operational, and for administrative data."""

    agreement: bool
    administrative: bool = False


def partner_facts(knowledge: KnowledgeBase) -> dict[str, Facts]:
    """Each partner's facts, by name: the relationships the knowledge base has certainly in force today."""
    facts = {}
    for partner in knowledge.partners:
        in_force = set(knowledge.decide(partner.name, DataType.STRATEGIC).relationships)
        facts[partner.name] = Facts(bool(in_force & set(AGREEMENTS)), bool(in_force & set(ADEQUACY)))
    return facts


# -- one builder per peer: each returns a function answering (partner, data type) with True or False ---


def build_sharing_rules(knowledge: KnowledgeBase) -> Ask:
    """sharing-rules itself: evaluate() with the partner's name and the kind's value."""

    def ask(partner: str, data_type: str) -> bool:
        return evaluate(partner, data_type, knowledge=knowledge).allowed

    return ask


def build_dict(knowledge: KnowledgeBase) -> Ask:
    """The floor: every answer precomputed in a dict keyed by (partner, data type)."""
    table = {(p, t): knowledge.decide(p, t).allowed for p, t in policy_questions(knowledge)}

    def ask(partner: str, data_type: str) -> bool:
        return table[(partner, data_type)]

    return ask


CASBIN_MODEL = """
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
"""


def build_casbin(knowledge: KnowledgeBase) -> Ask:
    """pycasbin: an RBAC model; every partner has one role, and a partner with an agreement another."""
    import casbin  # noqa: PLC0415  # optional peer: missing, it is reported

    lines = [f"p, {ANY_PARTNER}, {kind}, share" for kind in NON_PERSONAL_KINDS]
    lines += [f"p, {AGREEMENT}, {kind}, share" for kind in OPERATIONAL_KINDS]
    lines += [f"p, {ADMINISTRATIVE}, {kind}, share" for kind in ADMINISTRATIVE_KINDS]
    for name, facts in partner_facts(knowledge).items():
        lines.append(f"g, {name}, {ANY_PARTNER}")
        lines += [f"g, {name}, {AGREEMENT}"] * facts.agreement
        lines += [f"g, {name}, {ADMINISTRATIVE}"] * facts.administrative
    model = casbin.Model()
    model.load_model_from_text(CASBIN_MODEL)
    enforcer = casbin.Enforcer(model, casbin.StringAdapter("\n".join(lines)))

    def ask(partner: str, data_type: str) -> bool:
        return bool(enforcer.enforce(partner, data_type, "share"))

    return ask


CEDAR_POLICIES = """
permit (principal, action == Action::"share", resource)
when { resource.non_personal };

permit (principal, action == Action::"share", resource)
when { principal.agreement && resource.operational };

permit (principal, action == Action::"share", resource)
when { principal.administrative && resource.administrative };
"""


def build_cedar(knowledge: KnowledgeBase) -> Ask:
    """cedarpy: three permit policies over partner and data-type entities, parsed once into handles."""
    import cedarpy  # noqa: PLC0415  # optional peer: missing, it is reported

    entities: list[dict[str, Any]] = [
        {
            "uid": {"type": "Partner", "id": name},
            "attrs": {"agreement": facts.agreement, "administrative": facts.administrative},
            "parents": [],
        }
        for name, facts in partner_facts(knowledge).items()
    ]
    entities += [
        {
            "uid": {"type": "DataType", "id": kind.value},
            "attrs": {
                "non_personal": kind in NON_PERSONAL_KINDS,
                "operational": kind in OPERATIONAL_KINDS,
                "administrative": kind in ADMINISTRATIVE_KINDS,
            },
            "parents": [],
        }
        for kind in DataType
    ]
    policies = cedarpy.PolicySet.from_str(CEDAR_POLICIES)
    handle = cedarpy.Entities.from_json_str(json.dumps(entities))
    action = {"type": "Action", "id": "share"}

    def ask(partner: str, data_type: str) -> bool:
        request = {
            "principal": {"type": "Partner", "id": partner},
            "action": action,
            "resource": {"type": "DataType", "id": data_type},
        }
        return bool(cedarpy.is_authorized(request, policies, handle).allowed)

    return ask


def zen_decision_table() -> dict[str, Any]:
    """The policy as a JDM decision table (first hit wins)."""
    rules = [
        {
            "_id": "non-personal",
            "agr": "",
            "adm": "",
            "dt": ", ".join(map(repr, NON_PERSONAL_KINDS)),
            "allowed": "true",
        },
        {
            "_id": "agreement",
            "agr": "true",
            "adm": "",
            "dt": ", ".join(map(repr, OPERATIONAL_KINDS)),
            "allowed": "true",
        },
        {
            "_id": "adequacy",
            "agr": "",
            "adm": "true",
            "dt": ", ".join(map(repr, ADMINISTRATIVE_KINDS)),
            "allowed": "true",
        },
        {"_id": "otherwise", "agr": "", "adm": "", "dt": "", "allowed": "false"},
    ]
    table = {
        "hitPolicy": "first",
        "inputs": [
            {"id": "agr", "name": "a basis for operational information", "field": "agreement"},
            {"id": "adm", "name": "a basis for administrative personal data", "field": "administrative"},
            {"id": "dt", "name": "data type", "field": "dataType"},
        ],
        "outputs": [{"id": "allowed", "name": "allowed", "field": "allowed"}],
        "rules": rules,
    }
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
            {
                "id": "policy",
                "type": "decisionTableNode",
                "name": "policy",
                "position": {"x": 200, "y": 0},
                "content": table,
            },
            {"id": "out", "type": "outputNode", "name": "response", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "policy", "type": "edge"},
            {"id": "e2", "sourceId": "policy", "targetId": "out", "type": "edge"},
        ],
    }


def build_zen(knowledge: KnowledgeBase) -> Ask:
    """zen-engine: a decision table, loaded once through a static loader and evaluated by key."""
    import zen  # noqa: PLC0415  # optional peer: missing, it is reported

    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"policy": zen_decision_table()}}})
    facts = partner_facts(knowledge)

    def ask(partner: str, data_type: str) -> bool:
        known = facts[partner]
        context = {
            "agreement": known.agreement,
            "administrative": known.administrative,
            "dataType": data_type,
        }
        return bool(engine.evaluate("policy", context)["result"]["allowed"])

    return ask


def build_durable_per_request(knowledge: KnowledgeBase) -> Ask:
    """durable_rules the naive way: per question a new working memory, assert the facts, read, delete."""
    from durable import engine as durable_engine  # noqa: PLC0415  # optional peer: missing, it is reported

    class QuietHost(durable_engine.Host):  # type: ignore[misc]  # durable has no type information
        """A host without the two dispatcher threads that re-arm forever (see the engine notes)."""

        def _run(self) -> None:
            return None

    def allow(closure: Any) -> None:
        closure.s.allowed = True

    def ignore(closure: Any) -> None:
        """Every question must match some rule, or durable_rules raises."""

    non_personal = {"$or": [{"data_type": k} for k in NON_PERSONAL_KINDS]}
    operational = {"$and": [{"agreement": True}, {"$or": [{"data_type": k} for k in OPERATIONAL_KINDS]}]}
    administrative = {
        "$and": [{"administrative": True}, {"$or": [{"data_type": k} for k in ADMINISTRATIVE_KINDS]}]
    }
    ruleset = {
        "non-personal": {"all": [{"m": non_personal}], "run": allow},
        "agreement": {"all": [{"m": operational}], "run": allow},
        "adequacy": {"all": [{"m": administrative}], "run": allow},
        "any question": {"all": [{"m": {"$ex": {"data_type": 1}}}], "pri": 100, "run": ignore},
    }
    host = QuietHost()
    host.register_rulesets({"peer_policy": ruleset})
    facts = partner_facts(knowledge)
    sids = itertools.count()

    def ask(partner: str, data_type: str) -> bool:
        known = facts[partner]
        sid = str(next(sids))
        fact = {
            "sid": sid,
            "agreement": known.agreement,
            "administrative": known.administrative,
            "data_type": data_type,
        }
        with warnings.catch_warnings():  # durable_rules calls utcfromtimestamp (deprecated in 3.12)
            warnings.filterwarnings("ignore", message=r".*utcfromtimestamp", category=DeprecationWarning)
            try:
                host.assert_fact("peer_policy", fact)
                state = host.get_state("peer_policy", sid)
            finally:
                host.delete_state("peer_policy", sid)
        if "exception" in state:
            raise RuntimeError(f"durable_rules action failed: {state['exception']}")
        return bool(state.get("allowed", False))

    return ask


PEERS: Mapping[str, Callable[[KnowledgeBase], Ask]] = {
    "sharing-rules evaluate()": build_sharing_rules,
    "dict look-up (floor)": build_dict,
    "pycasbin": build_casbin,
    "cedarpy": build_cedar,
    "zen-engine": build_zen,
    "durable_rules per request": build_durable_per_request,
}
"""Every contender, by the name the report shows."""
SHARING_RULES = "sharing-rules evaluate()"
FLOOR = "dict look-up (floor)"


@dataclass(frozen=True)
class Built:
    """A contender ready to be asked, or why it is not."""

    name: str
    ask: Ask | None
    problem: str | None = None


def build_all(knowledge: KnowledgeBase) -> list[Built]:
    """Build every contender; one that cannot be imported or built is kept with the reason."""
    built = []
    for name, build in PEERS.items():
        try:
            built.append(Built(name, build(knowledge)))
        except ImportError as error:
            built.append(Built(name, None, f"unavailable ({error.name or error}: pip install -e .[bench])"))
        except Exception as error:  # a peer that breaks must not stop the report
            built.append(Built(name, None, f"unavailable ({type(error).__name__}: {error})"))
    return built


def disagreements(knowledge: KnowledgeBase, contender: Built) -> list[str]:
    """The questions on which ``contender`` answers differently from sharing-rules (none, one hopes)."""
    assert contender.ask is not None
    found = []
    for partner, data_type in policy_questions(knowledge):
        expected = knowledge.decide(partner, data_type).allowed
        answer = contender.ask(partner, data_type)
        if answer != expected:
            found.append(f"{partner} / {data_type}: {answer}, sharing-rules says {expected}")
    return found


@dataclass(frozen=True)
class Row:
    """One line of the peer table."""

    name: str
    per_call_us: float | None
    note: str = ""


def measure(knowledge: KnowledgeBase, effort: Effort) -> list[Row]:
    """Check every contender against sharing-rules, then time each on the policy's questions."""
    questions = policy_questions(knowledge)
    rows = []
    for contender in build_all(knowledge):
        if contender.ask is None:
            rows.append(Row(contender.name, None, contender.problem or "unavailable"))
            continue
        wrong = disagreements(knowledge, contender)
        if wrong:
            rows.append(Row(contender.name, None, f"WRONG on {len(wrong)} questions, e.g. {wrong[0]}"))
            continue
        slow = contender.name == "durable_rules per request"  # ~100x slower: fewer calls, same batches
        calls = max(effort.calls // 10, 50) if slow else effort.calls
        rows.append(
            Row(contender.name, per_call_us(cycling(questions, contender.ask), calls, effort.batches))
        )
    return rows

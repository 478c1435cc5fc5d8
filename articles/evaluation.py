"""Score the candidate-fact and candidate-record proposers on an evaluation set (eval/)."""

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from articles.proposals import facts_propose_from
from articles.records_proposals import records_propose_from
from articles.text import fold

EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"


class EvaluationSetError(ValueError):
    pass


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95 % by default) of a proportion; (0, 1) with no trials."""
    if not trials:
        return 0.0, 1.0
    p = successes / trials
    centre = p + z * z / (2 * trials)
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    denominator = 1 + z * z / trials
    return max(0.0, (centre - margin) / denominator), min(1.0, (centre + margin) / denominator)


@dataclass
class Tally:
    """Proposals, expected items and the matches between them (multisets, per text)."""

    proposed: int = 0
    expected: int = 0
    right: int = 0
    misses: list = field(default_factory=list)  # (text id, expected item) not proposed
    wrong: list = field(default_factory=list)  # (text id, proposal) not expected

    def add(self, text_id: str, proposed: list, expected: list) -> None:
        proposals, wanted = Counter(proposed), Counter(expected)
        both = proposals & wanted
        self.proposed += len(proposed)
        self.expected += len(expected)
        self.right += sum(both.values())
        self.misses += [(text_id, item) for item in (wanted - both).elements()]
        self.wrong += [(text_id, item) for item in (proposals - both).elements()]

    def line(self, label: str) -> str:
        def part(name, k, n):
            low, high = wilson(k, n)
            share = f"{k / n:.1%}" if n else "n/a"
            return f"{name} {share} ({k}/{n}, 95% CI {low:.1%}–{high:.1%})"

        return (
            f"{label}: {part('precision', self.right, self.proposed)}, "
            f"{part('recall', self.right, self.expected)}"
        )


def evaluation_set_read(name_or_path: str) -> list[dict]:
    """The texts of an evaluation set: 'dev', 'test' or the path of a YAML file."""
    path = EVAL_DIR / f"{name_or_path}.yaml" if "/" not in name_or_path else Path(name_or_path)
    if not path.is_file():
        raise EvaluationSetError(f"no evaluation set {name_or_path!r} (looked for {path})")
    try:
        texts = yaml.safe_load(path.read_text(encoding="utf-8"))["texts"]
    except (yaml.YAMLError, KeyError, TypeError) as error:
        raise EvaluationSetError(f"{path}: not an evaluation set ({error})") from None
    return texts


def _value(value) -> Decimal:
    return Decimal(str(value)).normalize()


@dataclass
class Scores:
    facts: Tally = field(default_factory=Tally)  # value, unit and kind
    values_units: Tally = field(default_factory=Tally)  # value and unit
    values: Tally = field(default_factory=Tally)  # value only
    qualified: Tally = field(default_factory=Tally)  # value, unit, kind and qualifier
    records: Tally = field(default_factory=Tally)  # name and kind
    names: Tally = field(default_factory=Tally)  # name only


def proposals_evaluate(texts: list[dict]) -> Scores:
    """How the proposals for each text compare with what an editor recorded for it."""
    scores = Scores()
    for text in texts:
        body, language, text_id = text["text"], text["language"], text["id"]
        proposals = facts_propose_from(body, language)
        got = [(p.value.normalize(), p.unit, p.kind, p.qualifier) for p in proposals]
        want = [
            (_value(v), unit, kind, qualifier) for v, unit, kind, qualifier, _ in text["figures"]
        ]
        scores.qualified.add(text_id, got, want)
        scores.facts.add(text_id, [g[:3] for g in got], [w[:3] for w in want])
        scores.values_units.add(text_id, [g[:2] for g in got], [w[:2] for w in want])
        scores.values.add(text_id, [g[:1] for g in got], [w[:1] for w in want])
        records = records_propose_from(body, language)
        got_records = {(fold(r.name), r.kind) for r in records}
        want_records = {(fold(name), kind) for name, kind in text["names"]}
        scores.records.add(text_id, sorted(got_records), sorted(want_records))
        scores.names.add(
            text_id, sorted({n for n, _ in got_records}), sorted({n for n, _ in want_records})
        )
    return scores

"""Candidate records: the people, organisations and places a text names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordProposal:
    name: str
    kind: str
    spans: tuple[tuple[int, int], ...]


def records_propose_from(text: str, language: str) -> list[RecordProposal]:
    """Today the archive proposes no new records: only names it already holds are linked."""
    return []

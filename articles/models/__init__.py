"""The archive's records: articles and what they report, with their constraints."""

from articles.choices import Basis, DatePrecision, HeadlineBasis, Language
from articles.models.articles import Article, Passage, Publisher, Quote, TradeFact, humanise_number
from articles.models.candidates import CandidatePassage, CandidateRecord
from articles.models.facets import ArchiveVersion
from articles.models.links import (
    ENTITY_FIELDS,
    ENTITY_MODELS,
    Alias,
    EntityLink,
    Mention,
    SearchTerm,
    Tombstone,
    exactly_one_of,
)
from articles.models.records import Entity, Event, Initiative, Organisation, Person, Place, Role
from articles.models.sources import NearDuplicateKey, PossibleDuplicate, RawSource

# The SQLite engine's FTS5 table, registered with the app here and defined beside its engine.
from articles.search.backends.sqlite import SearchIndexRow  # noqa: E402, I001

__all__ = [
    "ENTITY_FIELDS",
    "ENTITY_MODELS",
    "Alias",
    "ArchiveVersion",
    "Article",
    "Basis",
    "CandidatePassage",
    "CandidateRecord",
    "DatePrecision",
    "Entity",
    "EntityLink",
    "Event",
    "HeadlineBasis",
    "Initiative",
    "Language",
    "Mention",
    "Organisation",
    "Passage",
    "Person",
    "Place",
    "Publisher",
    "NearDuplicateKey",
    "PossibleDuplicate",
    "Quote",
    "RawSource",
    "Role",
    "SearchIndexRow",
    "SearchTerm",
    "Tombstone",
    "TradeFact",
    "exactly_one_of",
    "humanise_number",
]

"""Records named in a query: found by name or alias in either language, and why they matched."""

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Q

from articles.models import ENTITY_MODELS, Alias, Article, Mention
from articles.search.query import ParsedQuery
from articles.search.words import words_of
from articles.text import fold, possessive_stem


@dataclass(frozen=True)
class EntityMatch:
    entity: object
    written: str  # the query words that named it


_names_cache: dict[str, object] = {}


def _entity_names() -> dict:
    """Folded name or alias -> records, over every record type. Kept in the process while
    the history of those records (every save and delete is recorded there) is unchanged, so
    that an editor's change made through another server process shows at once; one small
    query per search checks it instead of reading every record."""
    version = _names_version()
    if _names_cache.get("version") != version:
        _names_cache.update(version=version, names=_entity_names_load())
    return _names_cache["names"]


@cache
def _names_version_sql() -> str:
    tables = [model.history.model._meta.db_table for model in (*ENTITY_MODELS.values(), Alias)]
    latest = ", ".join(
        f"(SELECT max(history_date) FROM {t}), (SELECT count(*) FROM {t})" for t in tables
    )
    return f"SELECT {latest}"


def _names_version() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_names_version_sql())
        return cursor.fetchone()


def _loose(key: str) -> str:
    """Folded words with a final s left out, so that a possessive or plural written either way
    ("single’s day", "Singles' Day", "singles day") names the same record; for names of two
    words or more (one word so loosened would name too much: "news", "Ross")."""
    return " ".join(possessive_stem(word) or word for word in key.split())


def _entity_names_load() -> dict:
    """Folded name -> records, and ("loose", its _loose form) -> records."""
    names: dict = {}
    written = [
        (name, record)
        for model in ENTITY_MODELS.values()
        for record in model.objects.all()
        for name in record.names
    ]
    written += [(a.name, a.entity) for a in Alias.objects.select_related(*ENTITY_MODELS)]
    for name, record in written:
        key = " ".join(words_of(name))
        names.setdefault(key, []).append(record)
        if " " in key:
            names.setdefault(("loose", _loose(key)), []).append(record)
    return names


def _named(names: dict, key: str) -> list:
    """The records these folded words name: as written, else with final s's left out."""
    return names.get(key) or (" " in key and names.get(("loose", _loose(key)))) or []


def entities_in(parsed: ParsedQuery) -> list[list[EntityMatch]]:
    """Per clause, the records its terms name. A run of one-word clauses may name one record
    ("New Brunswick" typed without quotes); the longest run wins."""
    names = _entity_names()
    found: list[list[EntityMatch]] = [[] for _ in parsed.clauses]
    single = {i for i, c in enumerate(parsed.clauses) if len(c) == 1 and not c[0].is_phrase}
    for size in (4, 3, 2):
        for start in range(len(parsed.clauses) - size + 1):
            run = range(start, start + size)
            if not all(i in single and not found[i] for i in run):
                continue
            key = " ".join(parsed.clauses[i][0].words[0] for i in run)
            written = " ".join(parsed.clauses[i][0].original for i in run)
            for record in _named(names, key):
                for i in run:
                    found[i].append(EntityMatch(record, written))
    for index, clause in enumerate(parsed.clauses):
        if found[index]:
            continue
        for term in clause:
            for record in _named(names, " ".join(term.words)):
                found[index].append(EntityMatch(record, term.original))
    return found


def linked_article_ids(matches: list[EntityMatch]) -> Q:
    """The articles linked to any of the records."""
    condition = Q(pk__in=[])
    for match in matches:
        condition |= Q(pk__in=Article.objects.linked_to(match.entity).values("pk"))
    return condition


def entity_notes(entities: list[EntityMatch], articles) -> dict[int, list[str]]:
    """Why an article matched through a record rather than its words, e.g. a French article
    found by an English name: {article id: ["mentions New Brunswick as “Nouveau-Brunswick”"]}."""
    if not entities:
        return {}
    notes: dict[int, list[str]] = {}
    ids = [article.pk for article in articles]
    for match in entities:
        field_name = match.entity._meta.model_name
        surfaces: dict[int, set[str]] = {}
        mentions = Mention.objects.public().filter(article_id__in=ids, **{field_name: match.entity})
        for article_id, surface in mentions.values_list("article_id", "surface"):
            surfaces.setdefault(article_id, set()).add(surface)
        for article_id, written in surfaces.items():
            others = sorted(w for w in written if fold(w) != fold(match.written))
            if others:
                shown = ", ".join(f"“{w}”" for w in others)
                asked = (
                    "" if fold(match.written) == fold(str(match.entity)) else f" ({match.written})"
                )
                notes.setdefault(article_id, []).append(f"names {match.entity}{asked} as {shown}")
    return notes

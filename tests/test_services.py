"""Writes that touch several rows: merging duplicate records."""

import pytest

from articles.models import Article, Event, Mention, Person, Quote, Role
from articles.services import records_merge


@pytest.fixture
def duplicate_ma(seeded):
    """A second record for Jack Ma, as an editor might find after an import."""
    ma = Person.objects.get(slug="jack-ma")
    twin = Person.objects.create(name="Ma Yun", slug="ma-yun")
    Role.objects.create(person=twin, title="Alibaba founder", kind="founder")
    moved_quote = Quote.objects.filter(person=ma).first()
    moved_quote.person = twin
    moved_quote.save()
    mention = Mention.objects.filter(person=ma).first()
    mention.person = twin
    mention.save()
    Event.objects.get(slug="gateway-17").people.add(twin)
    twin.aliases.create(name="Yun Ma")
    return ma, twin, moved_quote, mention


def test_merge_moves_everything_to_the_record_kept(duplicate_ma):
    ma, twin, quote, mention = duplicate_ma
    result = records_merge(keep=ma, duplicates=[twin])
    assert not Person.objects.filter(slug="ma-yun").exists()
    quote.refresh_from_db()
    mention.refresh_from_db()
    assert quote.person == ma and mention.person == ma
    assert ma.roles.filter(title="Alibaba founder").exists()
    assert set(ma.aliases.values_list("name", flat=True)) >= {"Ma Yun", "Yun Ma"}
    gateway = Event.objects.get(slug="gateway-17")
    assert ma in gateway.people.all() and twin not in gateway.people.all()
    linked = {row.person_id for row in gateway.history.latest().people.all()}
    assert ma.pk in linked and twin.pk not in linked  # the move is in the event's history
    assert result.merged == ["Ma Yun"] and result.moved["quotes"] == 1


def test_merge_is_recorded_in_the_history(duplicate_ma):
    ma, twin, quote, _ = duplicate_ma
    records_merge(keep=ma, duplicates=[twin])
    assert ma.history.latest().history_change_reason == "merged Ma Yun"
    deleted = Person.history.filter(slug="ma-yun").latest()
    assert deleted.history_type == "-" and "merged into Jack Ma" in deleted.history_change_reason
    assert quote.history.latest().history_change_reason == "merge: Ma Yun → Jack Ma"


def test_merge_happens_in_one_transaction(duplicate_ma, monkeypatch):
    ma, twin, quote, _ = duplicate_ma

    def fail(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Person, "delete", fail)
    with pytest.raises(RuntimeError):
        records_merge(keep=ma, duplicates=[twin])
    quote.refresh_from_db()
    assert quote.person == twin and Person.objects.filter(slug="ma-yun").exists()


def test_merge_refuses_records_of_another_kind(seeded):
    ma = Person.objects.get(slug="jack-ma")
    with pytest.raises(ValueError):
        records_merge(keep=ma, duplicates=[Article.objects.first()])

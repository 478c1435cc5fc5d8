"""PostgreSQL: a tsvector of the headline alone, with a GIN index: the first group of the
ranking (see search.py). It holds a few words per article, so that page 1 of a common word
ranks the articles with it in their headline, not every article that has it."""

from django.db import migrations

LANGUAGE_CONFIG = (
    "(CASE WHEN language = 'fr' THEN 'archive_fr'::regconfig ELSE 'archive_en'::regconfig END)"
)


def headline(config: str) -> str:
    return f"to_tsvector({config}, coalesce(headline, ''))"


FORWARD = f"""
ALTER TABLE articles_article ADD COLUMN search_vector_headline tsvector
  GENERATED ALWAYS AS ({headline(LANGUAGE_CONFIG)}) STORED;
ALTER TABLE articles_article ADD COLUMN search_vector_headline_exact tsvector
  GENERATED ALWAYS AS ({headline("'archive_exact'::regconfig")}) STORED;
CREATE INDEX article_search_vector_headline_idx ON articles_article
  USING gin (search_vector_headline) WITH (fastupdate = off);
CREATE INDEX article_search_vector_headline_exact_idx ON articles_article
  USING gin (search_vector_headline_exact) WITH (fastupdate = off);
"""

BACKWARD = """
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector_headline;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector_headline_exact;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_lead_vector")]

    operations = [migrations.RunPython(forward, backward)]

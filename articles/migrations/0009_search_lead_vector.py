"""PostgreSQL: a small weighted tsvector of the headline (A) and lede (B), with a GIN index,
for ranking. Ranking the full vector reads (and decompresses) every matching article's large
vector; this one is a few hundred bytes kept in the row, and only the articles whose headline
or lede match are ranked. See search.py."""

from django.db import migrations

LANGUAGE_CONFIG = (
    "(CASE WHEN language = 'fr' THEN 'archive_fr'::regconfig ELSE 'archive_en'::regconfig END)"
)


def lead(config: str) -> str:
    return (
        f"setweight(to_tsvector({config}, coalesce(headline, '')), 'A') || "
        f"setweight(to_tsvector({config}, split_part(body, E'\\n\\n', 1)), 'B')"
    )


FORWARD = f"""
ALTER TABLE articles_article ADD COLUMN search_vector_lead tsvector
  GENERATED ALWAYS AS ({lead(LANGUAGE_CONFIG)}) STORED;
ALTER TABLE articles_article ADD COLUMN search_vector_lead_exact tsvector
  GENERATED ALWAYS AS ({lead("'archive_exact'::regconfig")}) STORED;
CREATE INDEX article_search_vector_lead_idx ON articles_article
  USING gin (search_vector_lead) WITH (fastupdate = off);
CREATE INDEX article_search_vector_lead_exact_idx ON articles_article
  USING gin (search_vector_lead_exact) WITH (fastupdate = off);
"""

BACKWARD = """
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector_lead;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector_lead_exact;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_m2m_history")]

    operations = [migrations.RunPython(forward, backward)]

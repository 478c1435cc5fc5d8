"""PostgreSQL: a trigram index (pg_trgm, GiST) on the vocabulary, so that "did you mean"
reads the nearest archive words from the index instead of comparing thousands in Python."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX search_term_word_trgm_idx ON articles_searchterm USING gist (word gist_trgm_ops);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_term_word_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search_headline_vector")]

    operations = [migrations.RunPython(forward, backward)]

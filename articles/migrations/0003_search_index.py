"""The full-text index: a generated, weighted tsvector on PostgreSQL; an FTS5 table on SQLite."""

from django.db import migrations

POSTGRES_CONFIGS = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'archive_en') THEN
    CREATE TEXT SEARCH CONFIGURATION archive_en (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION archive_en ALTER MAPPING
      FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, english_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'archive_fr') THEN
    CREATE TEXT SEARCH CONFIGURATION archive_fr (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION archive_fr ALTER MAPPING
      FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, french_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'archive_exact') THEN
    CREATE TEXT SEARCH CONFIGURATION archive_exact (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION archive_exact ALTER MAPPING
      FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
  END IF;
END $$;
"""


def weighted(config: str) -> str:
    """Headline A, lede (first paragraph) B, the rest of the body C."""
    lede = "split_part(body, E'\\n\\n', 1)"
    rest = f"substr(body, length({lede}) + 1)"
    return (
        f"setweight(to_tsvector({config}, coalesce(headline, '')), 'A') || "
        f"setweight(to_tsvector({config}, {lede}), 'B') || "
        f"setweight(to_tsvector({config}, {rest}), 'C')"
    )


LANGUAGE_CONFIG = (
    "(CASE WHEN language = 'fr' THEN 'archive_fr'::regconfig ELSE 'archive_en'::regconfig END)"
)

POSTGRES_FORWARD = POSTGRES_CONFIGS + f"""
ALTER TABLE articles_article ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS ({weighted(LANGUAGE_CONFIG)}) STORED;
ALTER TABLE articles_article ADD COLUMN search_vector_exact tsvector
  GENERATED ALWAYS AS ({weighted("'archive_exact'::regconfig")}) STORED;
-- No pending list: searches never scan unmerged entries, and latency stays flat.
CREATE INDEX article_search_vector_idx ON articles_article
  USING gin (search_vector) WITH (fastupdate = off);
CREATE INDEX article_search_vector_exact_idx ON articles_article
  USING gin (search_vector_exact) WITH (fastupdate = off);
"""

POSTGRES_BACKWARD = """
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector_exact;
"""

# One row per article (rowid = article id). Columns hold pre-processed tokens: folded and
# stemmed by the article's language, or folded only (the *_exact columns).
SQLITE_FORWARD = """
CREATE VIRTUAL TABLE articles_search USING fts5(
  lang, headline, lede, body, headline_exact, lede_exact, body_exact,
  tokenize = "unicode61 tokenchars '.'"
);
INSERT INTO articles_search (articles_search, rank) VALUES ('rank', 'bm25(0, 10, 4, 1, 10, 4, 1)');
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD.split(";\n"):
            if statement.strip():
                schema_editor.execute(statement)
        from articles.search import article_index

        Article = apps.get_model("articles", "Article")
        for article in Article.objects.all():
            article_index(article)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_search_terms")]

    operations = [migrations.RunPython(forward, backward)]

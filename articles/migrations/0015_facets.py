"""The archive's version row, and the indexes of the two date orders (search -date, the list)."""

import random

from django.db import migrations, models

INDEXES = {
    # (published_on DESC NULLS LAST, id): search's sort=-date walks it. SQLite has no NULLS
    # in CREATE INDEX; DESC already puts its NULLs last.
    "article_date_desc_idx": {
        "postgresql": "(published_on DESC NULLS LAST, id)",
        "sqlite": "(published_on DESC, id)",
    },
    # The article list's default order (ArticleFilter's sort "-date"): newest first, undated
    # last, then headline case-insensitively, then id.
    "article_list_order_idx": {
        "postgresql": "(published_on DESC NULLS LAST, lower(headline), id)",
        "sqlite": "(published_on DESC, lower(headline), id)",
    },
    # The model's own ordering (-published_on, headline, pk): the home page's latest
    # articles, a record page's newest.
    "article_default_order_idx": {
        "postgresql": "(published_on DESC, headline, id)",
        "sqlite": "(published_on DESC, headline, id)",
    },
}


def first_version(apps, schema_editor):
    apps.get_model("articles", "ArchiveVersion").objects.create(pk=1, version=random.getrandbits(62))


def indexes_create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON articles_article {columns[vendor]}")


def indexes_drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_raw_sources")]

    operations = [
        migrations.CreateModel(
            name="ArchiveVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField()),
            ],
            options={"db_table": "articles_archiveversion"},
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.RunPython(indexes_create, indexes_drop),
    ]

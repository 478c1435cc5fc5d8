"""The Editors group: may add, change, delete and view every archive record, and nothing else
(not users, not groups)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def editors_create(apps, schema_editor):
    for app_config in apps.get_app_configs():  # permissions are otherwise made after migrating
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(Permission.objects.filter(content_type__app_label="articles"))


def editors_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search_index_row"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(editors_create, editors_delete)]

import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-x7!long")
    client.force_login(user)
    return client


def test_every_record_type_has_a_working_list_and_change_page(editor_client, seeded):
    for model in admin.site._registry:
        if model._meta.app_label != "articles":
            continue
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert editor_client.get(changelist).status_code == 200, changelist
        first = model.objects.first()
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert editor_client.get(change).status_code == 200, change


def test_admin_search_finds_a_person_by_alias(editor_client, seeded):
    response = editor_client.get(reverse("admin:articles_person_changelist"), {"q": "Dashan"})
    assert "Mark Rowswell" in response.content.decode()

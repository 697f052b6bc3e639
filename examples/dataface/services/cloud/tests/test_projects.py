import pytest
from django.core.management import call_command
from django.db import IntegrityError

from cloud.projects.models import Project

pytestmark = pytest.mark.django_db


def test_list_is_empty_without_projects(client):
    assert client.get("/api/projects").json() == {"projects": []}


def test_list_returns_projects_sorted_by_name(client):
    Project.objects.create(name="Zeta", slug="zeta")
    Project.objects.create(name="Alpha", slug="alpha", description="first")
    body = client.get("/api/projects").json()
    assert [p["slug"] for p in body["projects"]] == ["alpha", "zeta"]
    assert body["projects"][0]["description"] == "first"


def test_detail_returns_one_project(client):
    Project.objects.create(name="Sales", slug="sales")
    response = client.get("/api/projects/sales")
    assert response.status_code == 200
    assert response.json()["name"] == "Sales"


def test_detail_of_an_unknown_slug_is_404(client):
    assert client.get("/api/projects/nope").status_code == 404


def test_slugs_are_unique():
    Project.objects.create(name="One", slug="same")
    with pytest.raises(IntegrityError):
        Project.objects.create(name="Two", slug="same")


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

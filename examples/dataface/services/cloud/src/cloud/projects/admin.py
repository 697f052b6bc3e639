from django.contrib import admin

from cloud.projects.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012
    search_fields = ("name", "slug")

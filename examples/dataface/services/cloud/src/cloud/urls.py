from django.contrib import admin
from django.urls import path

from cloud import views
from cloud.projects import views as project_views

urlpatterns = [
    path("ready", views.ready, name="ready"),
    path("api/projects", project_views.project_list, name="project-list"),
    path("api/projects/<slug:slug>", project_views.project_detail, name="project-detail"),
    path("admin/", admin.site.urls),
]

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "cloud.projects"
    label = "projects"
    verbose_name = "Projects"

"""Read-only JSON API over projects."""

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from cloud.projects.models import Project


@require_GET
def project_list(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"projects": [project.as_dict() for project in Project.objects.all()]})


@require_GET
def project_detail(request: HttpRequest, slug: str) -> JsonResponse:
    try:
        project = Project.objects.get(slug=slug)
    except Project.DoesNotExist:
        raise Http404(f"no project with slug {slug!r}") from None
    return JsonResponse(project.as_dict())

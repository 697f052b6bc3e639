"""Answers GET /health before Django validates the Host header.

Probes (Docker HEALTHCHECK, Cloud Run, load balancers) call the container by IP address,
which is rarely in ALLOWED_HOSTS; without this, Django would answer them 400. The answer says
only that the process is up: /ready is the probe that also checks the database.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

HEALTH_PATH = "/health"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == HEALTH_PATH:
            if request.method not in ("GET", "HEAD"):
                return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
            return JsonResponse({"status": "ok"})
        return self.get_response(request)

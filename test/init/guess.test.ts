import { describe, expect, it } from "vitest";
import { dockerfileFacts } from "../../ci/src/init/dockerfile.js";
import { guessCommitArg, guessHealthPath, guessKind, guessPort, webServerIn } from "../../ci/src/init/guess.js";

const facts = (...lines: string[]) => dockerfileFacts(["FROM python:3.12-slim", ...lines].join("\n"));

describe("guessKind", () => {
  it("calls an image with EXPOSE a service, naming the port", () => {
    expect(guessKind(facts("EXPOSE 8080", 'CMD ["python", "-m", "app"]'))).toEqual({ value: "service", reason: "EXPOSE 8080" });
  });

  it("calls an image with a HEALTHCHECK a service", () => {
    expect(guessKind(facts("HEALTHCHECK CMD curl -f http://localhost/health"))).toEqual({ value: "service", reason: "HEALTHCHECK" });
  });

  it("calls an image whose CMD or ENTRYPOINT runs a web server a service", () => {
    expect(guessKind(facts('CMD ["gunicorn", "app:app"]'))).toEqual({ value: "service", reason: "CMD runs gunicorn" });
    expect(guessKind(facts('ENTRYPOINT ["python", "manage.py", "runserver", "0.0.0.0:8000"]'))).toEqual({ value: "service", reason: "ENTRYPOINT runs manage.py runserver" });
  });

  it("calls anything else a job, saying what it runs", () => {
    expect(guessKind(facts('CMD ["python", "ingest.py"]'))).toEqual({
      value: "job",
      reason: "no EXPOSE, HEALTHCHECK or web server command in the final stage; it runs CMD python ingest.py",
    });
  });

  it("reads only the final stage: an EXPOSE in a builder stage does not make a service", () => {
    expect(guessKind(dockerfileFacts("FROM a AS build\nEXPOSE 80\nFROM b\nCMD [\"python\", \"job.py\"]\n")).value).toBe("job");
  });
});

describe("webServerIn", () => {
  it.each([
    ["uvicorn app:app", "uvicorn"],
    ["python -m gunicorn app:app", "gunicorn"],
    ["hypercorn app:app", "hypercorn"],
    ["daphne proj.asgi:application", "daphne"],
    ["waitress-serve --port=8080 app:app", "waitress"],
    ["flask --app app run --host 0.0.0.0", "flask run"],
    ["fastapi run app/main.py", "fastapi run"],
    ["python manage.py runserver 0.0.0.0:8000", "manage.py runserver"],
    ["python -m http.server 8000", "http.server"],
  ])("finds the web server in %s", (command, server) => {
    expect(webServerIn(command)).toBe(server);
  });

  it("finds none in a batch command", () => {
    expect(webServerIn("python -m ingestion --full-refresh")).toBeUndefined();
  });
});

describe("guessPort", () => {
  it("takes the first TCP port EXPOSEd", () => {
    expect(guessPort(facts("EXPOSE 53/udp 8000/tcp 9090"))).toEqual({ value: 8000, reason: "from EXPOSE 8000/tcp" });
  });

  it("takes the port the web server binds when nothing is EXPOSEd", () => {
    expect(guessPort(facts('CMD ["uvicorn", "app:app", "--port", "8001"]')).value).toBe(8001);
    expect(guessPort(facts('CMD ["gunicorn", "--bind", "0.0.0.0:9000", "app:app"]')).value).toBe(9000);
  });

  it("falls back to 8080, flagged for checking, when the port is a variable or missing", () => {
    expect(guessPort(facts("EXPOSE $PORT"))).toMatchObject({ value: 8080, fallback: true, reason: expect.stringContaining("EXPOSE $PORT names no TCP port number") });
    expect(guessPort(facts("HEALTHCHECK CMD true"))).toMatchObject({ value: 8080, fallback: true, reason: expect.stringContaining("EXPOSEs no port") });
  });
});

describe("guessHealthPath", () => {
  it("reads the URL path the HEALTHCHECK requests", () => {
    expect(guessHealthPath(facts("HEALTHCHECK CMD curl -fsS http://localhost:8080/healthz || exit 1"))).toEqual({
      value: "/healthz",
      reason: "from the HEALTHCHECK (http://localhost:8080/healthz)",
    });
  });

  it("reads it through a templated host and port, and drops a query string", () => {
    const line = `HEALTHCHECK CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:%s/ready?full=1' % 8080)"]`;
    expect(guessHealthPath(facts(line)).value).toBe("/ready");
  });

  it("falls back to /health, flagged for checking, without a HEALTHCHECK or without a URL in it", () => {
    expect(guessHealthPath(facts("EXPOSE 8080"))).toMatchObject({ value: "/health", fallback: true, reason: expect.stringContaining("no HEALTHCHECK") });
    expect(guessHealthPath(facts("HEALTHCHECK CMD pgrep app"))).toMatchObject({ value: "/health", fallback: true, reason: expect.stringContaining("no URL") });
  });
});

describe("guessCommitArg", () => {
  it("keeps the default when the Dockerfile declares GIT_SHA or no commit argument", () => {
    expect(guessCommitArg(facts("ARG GIT_SHA=unknown", "ARG COMMIT"))).toBeUndefined();
    expect(guessCommitArg(facts("ARG PYTHON_VERSION"))).toBeUndefined();
  });

  it("names another commit-like argument the Dockerfile declares", () => {
    expect(guessCommitArg(facts("ARG COMMIT=dev"))).toEqual({ value: "COMMIT", reason: "the Dockerfile declares ARG COMMIT, which then receives the commit's short SHA" });
  });
});

import { describe, expect, it } from "vitest";
import { commandLine, dockerfileFacts, instructions } from "../../ci/src/init/dockerfile.js";

describe("instructions", () => {
  it("joins continuation lines and drops comments and blank lines", () => {
    const text = "# syntax=docker/dockerfile:1\nFROM python:3.12\n\nRUN apt-get update \\\n  # a comment inside\n  && apt-get install -y curl\n";
    expect(instructions(text)).toEqual([
      { keyword: "FROM", rest: "python:3.12" },
      { keyword: "RUN", rest: "apt-get update && apt-get install -y curl" },
    ]);
  });

  it("reads keywords in any case", () => {
    expect(instructions("from alpine\nexpose 80\n").map((i) => i.keyword)).toEqual(["FROM", "EXPOSE"]);
  });

  it("skips heredoc bodies, so their lines are not read as instructions", () => {
    const text = "FROM alpine\nRUN <<EOF\nEXPOSE 9999\nEOF\nCMD [\"run\"]\n";
    expect(instructions(text).map((i) => i.keyword)).toEqual(["FROM", "RUN", "CMD"]);
  });
});

describe("commandLine", () => {
  it("joins the JSON exec form with spaces", () => {
    expect(commandLine('["uvicorn", "app:app", "--port", "8000"]')).toBe("uvicorn app:app --port 8000");
  });

  it("keeps the shell form as written", () => {
    expect(commandLine("sh -c 'exec gunicorn app:app'")).toBe("sh -c 'exec gunicorn app:app'");
  });
});

describe("dockerfileFacts", () => {
  const multiStage = [
    "FROM python:3.12 AS build",
    "EXPOSE 9000",
    "HEALTHCHECK CMD curl http://localhost:9000/ready",
    "COPY pyproject.toml uv.lock ./",
    "CMD [\"build\"]",
    "FROM python:3.12-slim",
    "ARG COMMIT=dev",
    "COPY --from=build /app/.venv /app/.venv",
    "COPY --chown=app:app src/ ./src/",
    "CMD [\"python\", \"-m\", \"job\"]",
  ].join("\n");

  it("reads EXPOSE, HEALTHCHECK and CMD from the final stage only", () => {
    const facts = dockerfileFacts(multiStage);
    expect(facts.exposed).toEqual([]);
    expect(facts.healthcheck).toBeUndefined();
    expect(facts.cmd).toBe("python -m job");
  });

  it("collects build-context COPY sources of every stage, leaving out --from copies", () => {
    expect(dockerfileFacts(multiStage).copySources).toEqual(["pyproject.toml", "uv.lock", "src/"]);
  });

  it("reads COPY sources in the JSON form, after flags", () => {
    expect(dockerfileFacts('FROM a\nCOPY --chown=1 ["libs/common", "app.py", "/dest/"]\n').copySources).toEqual(["libs/common", "app.py"]);
  });

  it("collects declared build arguments", () => {
    expect(dockerfileFacts(multiStage).args).toEqual(["COMMIT"]);
  });

  it("reads the HEALTHCHECK command after its options, in either form", () => {
    expect(dockerfileFacts("FROM a\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -f http://localhost:8080/healthz || exit 1\n").healthcheck).toBe("curl -f http://localhost:8080/healthz || exit 1");
    expect(dockerfileFacts('FROM a\nHEALTHCHECK --retries=3 CMD ["python", "-c", "probe()"]\n').healthcheck).toBe("python -c probe()");
  });

  it("treats HEALTHCHECK NONE as no healthcheck", () => {
    expect(dockerfileFacts("FROM a\nHEALTHCHECK CMD true\nFROM b\nHEALTHCHECK NONE\n").healthcheck).toBeUndefined();
  });

  it("keeps the last CMD and ENTRYPOINT of the final stage", () => {
    const facts = dockerfileFacts('FROM a\nCMD ["one"]\nENTRYPOINT ["sh", "/entrypoint.sh"]\nCMD ["two"]\n');
    expect(facts).toMatchObject({ cmd: "two", entrypoint: "sh /entrypoint.sh" });
  });

  it("lists every port of the final stage's EXPOSE lines", () => {
    expect(dockerfileFacts("FROM a\nEXPOSE 8080/tcp 9090\nEXPOSE $PORT\n").exposed).toEqual(["8080/tcp", "9090", "$PORT"]);
  });
});

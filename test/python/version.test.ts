/**
 * Which Python a project runs on: .python-version parsing, PEP 440 / poetry specifiers, the
 * Dockerfile's FROM python:X.Y, and the precedence between them.
 */
import { describe, expect, it } from "vitest";
import {
  allowedVersions,
  DEFAULT_PYTHON,
  newestSatisfying,
  parseSpecifier,
  PythonVersionError,
  resolvePythonVersion,
  versionFromDockerfile,
  versionFromFile,
} from "../../ci/src/python/version.js";

const SUPPORTED = "3.10, 3.11, 3.12, 3.13";

describe("versionFromFile", () => {
  it("reads a bare minor version", () => {
    expect(versionFromFile("3.11")).toBe("3.11");
  });

  it("reduces a patch version to its minor version", () => {
    expect(versionFromFile("3.11.4\n")).toBe("3.11");
  });

  it("reads the version out of a uv-style interpreter name", () => {
    expect(versionFromFile("cpython-3.12.1-linux")).toBe("3.12");
  });

  it("reads the version out of python3.11", () => {
    expect(versionFromFile("python3.11")).toBe("3.11");
  });

  it("reads the version out of pypy3.10 (the minor version, not the implementation)", () => {
    expect(versionFromFile("pypy3.10")).toBe("3.10");
  });

  it("skips blank lines and comment lines before the version", () => {
    expect(versionFromFile("\n   \n# pinned for the image\n3.10\n")).toBe("3.10");
  });

  it("trims whitespace around the version", () => {
    expect(versionFromFile("  3.12  \n")).toBe("3.12");
  });

  it("uses only the first version line when several are listed", () => {
    expect(versionFromFile("3.11\n3.12\n")).toBe("3.11");
  });

  it("returns undefined when the first meaningful line names no 3.x version", () => {
    expect(versionFromFile("system\n3.11\n")).toBeUndefined();
  });

  it("returns undefined for a file of only comments and blank lines", () => {
    expect(versionFromFile("# 3.11\n\n")).toBeUndefined();
  });

  it("returns undefined for an empty file", () => {
    expect(versionFromFile("")).toBeUndefined();
  });
});

describe("parseSpecifier", () => {
  it("parses a single lower bound", () => {
    expect(parseSpecifier(">=3.10")).toEqual([{ op: ">=", version: [3, 10] }]);
  });

  it("parses comma-separated clauses", () => {
    expect(parseSpecifier(">=3.11,<3.13")).toEqual([
      { op: ">=", version: [3, 11] },
      { op: "<", version: [3, 13] },
    ]);
  });

  it("parses clauses separated by a comma and a space", () => {
    expect(parseSpecifier(">=3.9, <3.12")).toEqual([
      { op: ">=", version: [3, 9] },
      { op: "<", version: [3, 12] },
    ]);
  });

  it("parses poetry's space-separated clauses", () => {
    expect(parseSpecifier(">=3.10 <3.12")).toEqual([
      { op: ">=", version: [3, 10] },
      { op: "<", version: [3, 12] },
    ]);
  });

  it("expands poetry's caret ^3.11 to >=3.11,<4", () => {
    expect(parseSpecifier("^3.11")).toEqual([
      { op: ">=", version: [3, 11] },
      { op: "<", version: [4] },
    ]);
  });

  it("expands poetry's tilde ~3.11 to >=3.11,<3.12", () => {
    expect(parseSpecifier("~3.11")).toEqual([
      { op: ">=", version: [3, 11] },
      { op: "<", version: [3, 12] },
    ]);
  });

  it("expands the compatible release ~=3.11 to >=3.11,<4", () => {
    expect(parseSpecifier("~=3.11")).toEqual([
      { op: ">=", version: [3, 11] },
      { op: "<", version: [4] },
    ]);
  });

  it("expands the compatible release ~=3.11.2 to >=3.11.2,<3.12", () => {
    expect(parseSpecifier("~=3.11.2")).toEqual([
      { op: ">=", version: [3, 11, 2] },
      { op: "<", version: [3, 12] },
    ]);
  });

  it("expands ==3.12.* to >=3.12,<3.13", () => {
    expect(parseSpecifier("==3.12.*")).toEqual([
      { op: ">=", version: [3, 12] },
      { op: "<", version: [3, 13] },
    ]);
  });

  it("keeps !=3.12.* as a prefix exclusion", () => {
    expect(parseSpecifier("!=3.12.*")).toEqual([{ op: "!=*", version: [3, 12] }]);
  });

  it("treats a bare two-part version as that minor series", () => {
    expect(parseSpecifier("3.11")).toEqual([
      { op: ">=", version: [3, 11] },
      { op: "<", version: [3, 12] },
    ]);
  });

  it("keeps an exact ==3.11.4 as an equality", () => {
    expect(parseSpecifier("==3.11.4")).toEqual([{ op: "==", version: [3, 11, 4] }]);
  });

  it("takes the first of poetry's || alternatives", () => {
    expect(parseSpecifier("^3.10 || ^4.0")).toEqual([
      { op: ">=", version: [3, 10] },
      { op: "<", version: [4] },
    ]);
  });

  it("returns undefined for text that is not a specifier", () => {
    expect(parseSpecifier("garbage")).toBeUndefined();
  });

  it("returns undefined for an empty specifier", () => {
    expect(parseSpecifier("")).toBeUndefined();
  });

  it("returns undefined when one clause of several is unreadable", () => {
    expect(parseSpecifier(">=3.10,banana")).toBeUndefined();
  });
});

describe("allowedVersions and newestSatisfying", () => {
  it(">=3.10 allows every supported version", () => {
    expect(allowedVersions(">=3.10")).toEqual(["3.10", "3.11", "3.12", "3.13"]);
  });

  it(">=3.11,<3.13 allows 3.11 and 3.12", () => {
    expect(allowedVersions(">=3.11,<3.13")).toEqual(["3.11", "3.12"]);
  });

  it("^3.11 allows 3.11 up to the newest supported", () => {
    expect(allowedVersions("^3.11")).toEqual(["3.11", "3.12", "3.13"]);
  });

  it("~3.11 allows only 3.11", () => {
    expect(allowedVersions("~3.11")).toEqual(["3.11"]);
  });

  it("~=3.11 allows 3.11 up to the newest supported", () => {
    expect(allowedVersions("~=3.11")).toEqual(["3.11", "3.12", "3.13"]);
  });

  it("==3.12.* allows only 3.12", () => {
    expect(allowedVersions("==3.12.*")).toEqual(["3.12"]);
  });

  it("!=3.12.* allows every supported version but 3.12", () => {
    expect(allowedVersions("!=3.12.*")).toEqual(["3.10", "3.11", "3.13"]);
  });

  it(">=3.9, <3.12 allows the supported versions below 3.12", () => {
    expect(allowedVersions(">=3.9, <3.12")).toEqual(["3.10", "3.11"]);
  });

  it("a minor version is allowed when one of its patch releases is (>=3.11.4)", () => {
    expect(allowedVersions(">=3.11.4,<3.12")).toEqual(["3.11"]);
  });

  it("<3.10 allows none of the supported versions", () => {
    expect(allowedVersions("<3.10")).toEqual([]);
  });

  it("an unreadable specifier gives undefined, not an empty list", () => {
    expect(allowedVersions("garbage")).toBeUndefined();
  });

  it("newestSatisfying returns the newest allowed version", () => {
    expect(newestSatisfying(">=3.11,<3.13")).toBe("3.12");
  });

  it("newestSatisfying of ^3.11 is the newest supported version", () => {
    expect(newestSatisfying("^3.11")).toBe("3.13");
  });

  it("newestSatisfying returns undefined when nothing supported is allowed", () => {
    expect(newestSatisfying("<3.10")).toBeUndefined();
  });

  it("newestSatisfying returns undefined for garbage", () => {
    expect(newestSatisfying("garbage")).toBeUndefined();
  });

  // PEP 440: "Whitespace between a conditional operator and the following version identifier is optional".
  it("accepts whitespace between the operator and the version (>= 3.10, < 3.13)", () => {
    expect(allowedVersions(">= 3.10, < 3.13")).toEqual(["3.10", "3.11", "3.12"]);
  });
});

describe("versionFromDockerfile", () => {
  it("reads FROM python:X.Y-variant", () => {
    expect(versionFromDockerfile("FROM python:3.11-slim\nRUN pip install x\n")).toBe("3.11");
  });

  it("takes the last stage that names python in a multi-stage build", () => {
    expect(versionFromDockerfile("FROM python:3.10 AS build\nRUN make\nFROM python:3.12-slim AS runtime\n")).toBe("3.12");
  });

  it("ignores a later non-python FROM", () => {
    expect(versionFromDockerfile("FROM python:3.11 AS build\nFROM gcr.io/distroless/base\nCOPY --from=build /app /app\n")).toBe("3.11");
  });

  it("reads an image with a registry prefix and a digest", () => {
    expect(versionFromDockerfile("FROM docker.io/library/python:3.10-slim@sha256:0123456789abcdef\n")).toBe("3.10");
  });

  it("skips a --platform flag", () => {
    expect(versionFromDockerfile("FROM --platform=linux/amd64 python:3.13\n")).toBe("3.13");
  });

  it("reduces a patch tag to its minor version", () => {
    expect(versionFromDockerfile("FROM python:3.11.4-slim-bookworm\n")).toBe("3.11");
  });

  it("matches FROM case-insensitively", () => {
    expect(versionFromDockerfile("from python:3.11\n")).toBe("3.11");
  });

  it("returns undefined when no stage uses python", () => {
    expect(versionFromDockerfile("FROM node:20\n")).toBeUndefined();
  });

  it("does not take an image whose name merely ends in python", () => {
    expect(versionFromDockerfile("FROM mypython:3.11\n")).toBeUndefined();
  });

  it("returns undefined for python:3 (no minor version)", () => {
    expect(versionFromDockerfile("FROM python:3\n")).toBeUndefined();
  });

  it("returns an unsupported version as written (the caller rejects it)", () => {
    expect(versionFromDockerfile("FROM python:3.8-slim\n")).toBe("3.8");
  });
});

describe("resolvePythonVersion", () => {
  it("the catalog's python.version wins over every file", () => {
    expect(resolvePythonVersion({ catalog: "3.10", pythonVersionFile: "3.11\n", requiresPython: ">=3.12", dockerfile: "FROM python:3.13\n" })).toEqual({
      version: "3.10",
      source: "python.version in the catalog",
    });
  });

  it(".python-version wins over requires-python and the Dockerfile", () => {
    expect(resolvePythonVersion({ pythonVersionFile: "3.11\n", requiresPython: ">=3.12", dockerfile: "FROM python:3.13\n" })).toEqual({
      version: "3.11",
      source: ".python-version (3.11)",
    });
  });

  it(".python-version with a patch version names the minor version in the source", () => {
    expect(resolvePythonVersion({ pythonVersionFile: "3.12.3\n" })).toEqual({ version: "3.12", source: ".python-version (3.12)" });
  });

  it("an unsupported .python-version is an error quoting the file and listing supported versions", () => {
    expect(() => resolvePythonVersion({ pythonVersionFile: "3.9\n", requiresPython: ">=3.10" })).toThrow(
      new PythonVersionError(`.python-version asks for "3.9"; supported versions are ${SUPPORTED}: change the file or set python.version in the catalog`),
    );
  });

  it("the unsupported .python-version error is a PythonVersionError", () => {
    expect(() => resolvePythonVersion({ pythonVersionFile: "3.9" })).toThrow(PythonVersionError);
  });

  it("requires-python prefers the Dockerfile's version when it allows it", () => {
    expect(resolvePythonVersion({ requiresPython: ">=3.10", dockerfile: "FROM python:3.11-slim\n" })).toEqual({
      version: "3.11",
      source: 'requires-python ">=3.10" and Dockerfile FROM python:3.11',
    });
  });

  it("requires-python takes the newest allowed version when the Dockerfile's is not allowed", () => {
    expect(resolvePythonVersion({ requiresPython: ">=3.11,<3.13", dockerfile: "FROM python:3.10-slim\n" })).toEqual({
      version: "3.12",
      source: 'requires-python ">=3.11,<3.13" (newest supported)',
    });
  });

  it("requires-python takes the newest allowed version when there is no Dockerfile", () => {
    expect(resolvePythonVersion({ requiresPython: "^3.11" })).toEqual({ version: "3.13", source: 'requires-python "^3.11" (newest supported)' });
  });

  it("requires-python takes the newest allowed version when the Dockerfile names no python", () => {
    expect(resolvePythonVersion({ requiresPython: ">=3.10", dockerfile: "FROM node:20\n" })).toEqual({
      version: "3.13",
      source: 'requires-python ">=3.10" (newest supported)',
    });
  });

  it("requires-python allowing no supported version is an error", () => {
    expect(() => resolvePythonVersion({ requiresPython: "<3.10", dockerfile: "FROM python:3.11\n" })).toThrow(
      new PythonVersionError(`requires-python "<3.10" allows none of the supported versions (${SUPPORTED}), or could not be read; set python.version in the catalog`),
    );
  });

  it("an unreadable requires-python is the same error", () => {
    expect(() => resolvePythonVersion({ requiresPython: "garbage" })).toThrow(
      `requires-python "garbage" allows none of the supported versions (${SUPPORTED}), or could not be read; set python.version in the catalog`,
    );
  });

  it("an empty requires-python is ignored and the Dockerfile decides", () => {
    expect(resolvePythonVersion({ requiresPython: "", dockerfile: "FROM python:3.11\n" })).toEqual({ version: "3.11", source: "Dockerfile FROM python:3.11" });
  });

  it("the Dockerfile's FROM python:X.Y is used when nothing else says", () => {
    expect(resolvePythonVersion({ dockerfile: "FROM python:3.10 AS build\nFROM python:3.13-slim\n" })).toEqual({
      version: "3.13",
      source: "Dockerfile FROM python:3.13",
    });
  });

  it("an unsupported Dockerfile python is an error", () => {
    expect(() => resolvePythonVersion({ dockerfile: "FROM python:3.8\n" })).toThrow(
      new PythonVersionError(`the Dockerfile uses python:3.8, which is not supported for lint and tests (${SUPPORTED}); set python.version in the catalog`),
    );
  });

  it("falls back to the default 3.12 when no input names a version", () => {
    expect(resolvePythonVersion({})).toEqual({ version: "3.12", source: "default (3.12)" });
  });

  it("falls back to the default when the Dockerfile names no python", () => {
    expect(resolvePythonVersion({ dockerfile: "FROM node:20\n" })).toEqual({ version: "3.12", source: "default (3.12)" });
  });

  it("the default is 3.12", () => {
    expect(DEFAULT_PYTHON).toBe("3.12");
  });
});

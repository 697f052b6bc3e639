/**
 * What the pipeline reads from pyproject.toml: requires-python (PEP 621 or poetry), dependencies,
 * extras, dependency groups, and whether the project can be built.
 */
import { describe, expect, it } from "vitest";
import { DEV_SETS, PyprojectError, readPyproject } from "../../ci/src/python/pyproject.js";

const PEP621 = `
[project]
name = "api"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["flask>=3", "gunicorn==22.0.0"]

[project.optional-dependencies]
dev = ["pytest>=8"]
docs = ["mkdocs"]

[dependency-groups]
lint = ["ruff==0.6.0"]
test = ["pytest-cov", { include-group = "lint" }]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`;

const POETRY = `
[tool.poetry]
name = "api"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
flask = "^3.0"
`;

describe("readPyproject on a PEP 621 project", () => {
  const facts = readPyproject(PEP621, "svc/pyproject.toml");

  it("reads requires-python", () => {
    expect(facts.requiresPython).toBe(">=3.11");
  });

  it("reads [project] dependencies in order", () => {
    expect(facts.dependencies).toEqual(["flask>=3", "gunicorn==22.0.0"]);
  });

  it("reads every optional-dependencies extra", () => {
    expect(facts.optionalDependencies).toEqual({ dev: ["pytest>=8"], docs: ["mkdocs"] });
  });

  it("reads [dependency-groups], following include-group", () => {
    expect(facts.dependencyGroups).toEqual({ lint: ["ruff==0.6.0"], test: ["pytest-cov", "ruff==0.6.0"] });
  });

  it("is buildable when it declares [build-system]", () => {
    expect(facts.buildable).toBe(true);
  });

  it("is not a poetry project", () => {
    expect(facts.poetry).toBe(false);
  });
});

describe("readPyproject details", () => {
  it("a project without [build-system] or [tool.poetry] is not buildable", () => {
    expect(readPyproject('[project]\nname = "x"\ndependencies = ["a"]\n', "p/pyproject.toml")).toEqual({
      requiresPython: undefined,
      dependencies: ["a"],
      optionalDependencies: {},
      dependencyGroups: {},
      buildable: false,
      poetry: false,
    });
  });

  it("an empty file gives empty facts", () => {
    expect(readPyproject("", "p/pyproject.toml")).toEqual({
      requiresPython: undefined,
      dependencies: [],
      optionalDependencies: {},
      dependencyGroups: {},
      buildable: false,
      poetry: false,
    });
  });

  it("drops dependency entries that are not strings", () => {
    expect(readPyproject('[project]\ndependencies = ["a", 3, "b"]\n', "p").dependencies).toEqual(["a", "b"]);
  });

  it("include-group cycles terminate, each group listing what it reaches once", () => {
    const text = '[dependency-groups]\na = [{ include-group = "b" }, "x"]\nb = [{ include-group = "a" }, "y"]\n';
    expect(readPyproject(text, "p").dependencyGroups).toEqual({ a: ["y", "x"], b: ["x", "y"] });
  });

  it("an include-group naming no group contributes nothing", () => {
    expect(readPyproject('[dependency-groups]\ndev = ["x", { include-group = "missing" }]\n', "p").dependencyGroups).toEqual({ dev: ["x"] });
  });

  it("[project] requires-python wins over poetry's python constraint", () => {
    expect(readPyproject('[project]\nrequires-python = ">=3.12"\n[tool.poetry.dependencies]\npython = "^3.10"\n', "p").requiresPython).toBe(">=3.12");
  });

  it("a poetry python constraint given as a table is not read", () => {
    expect(readPyproject('[tool.poetry.dependencies]\npython = { version = "^3.11" }\n', "p").requiresPython).toBeUndefined();
  });
});

describe("readPyproject on a classic poetry project", () => {
  const facts = readPyproject(POETRY, "svc/pyproject.toml");

  it("takes [tool.poetry.dependencies] python as requires-python", () => {
    expect(facts.requiresPython).toBe("^3.11");
  });

  it("is a poetry project", () => {
    expect(facts.poetry).toBe(true);
  });

  it("is buildable through poetry-core even without [build-system]", () => {
    expect(facts.buildable).toBe(true);
  });

  it("has no PEP 621 dependencies", () => {
    expect(facts.dependencies).toEqual([]);
  });
});

describe("readPyproject on invalid TOML", () => {
  it("throws a PyprojectError", () => {
    expect(() => readPyproject("[project\nname =", "svc/pyproject.toml")).toThrow(PyprojectError);
  });

  it("names the file and says it is not valid TOML", () => {
    expect(() => readPyproject("[project\nname =", "svc/pyproject.toml")).toThrow(/^svc\/pyproject\.toml is not valid TOML: /);
  });

  it("keeps only the first line of the parser's message", () => {
    let message = "";
    try {
      readPyproject("[project\nname =", "svc/pyproject.toml");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split("\n")).toHaveLength(1);
  });
});

describe("DEV_SETS", () => {
  it("lists the extras and groups chosen for lint and tests by default, in order", () => {
    expect(DEV_SETS).toEqual(["dev", "test", "tests", "testing", "lint"]);
  });
});

/**
 * Python project detection from file names: requirements files, dev requirements, which manager
 * a folder uses, and what a requirements file includes.
 */
import { describe, expect, it } from "vitest";
import {
  detectManager,
  type FolderListing,
  holdsPythonProject,
  isDevRequirements,
  isRequirementsFile,
  LOOKED_FOR,
  requirementsFiles,
  requirementsRefs,
} from "../../ci/src/python/detect.js";

const listing = (files: string[], requirementsFolder: string[] = []): FolderListing => ({ files, requirementsFolder });

describe("isRequirementsFile", () => {
  it.each(["requirements.txt", "requirements-dev.txt", "dev-requirements.txt", "requirements_test.txt", "requirements.dev.txt", "my-requirements.txt"])(
    "%s is a requirements file",
    (name) => {
      expect(isRequirementsFile(name)).toBe(true);
    },
  );

  it.each(["requirements.in", "myrequirements.txt", "Requirements.txt", "requirements", "constraints.txt", "requirements-dev.txt.bak", "requirements/base.txt"])(
    "%s is not a requirements file",
    (name) => {
      expect(isRequirementsFile(name)).toBe(false);
    },
  );
});

describe("isDevRequirements", () => {
  it.each(["requirements-dev.txt", "dev-requirements.txt", "requirements_test.txt", "requirements-tests.txt", "requirements-testing.txt", "requirements-development.txt", "requirements-lint.txt", "requirements-ci.txt", "requirements-docs.txt", "requirements-doc.txt", "requirements-local.txt", "requirements.dev.txt", "requirements/dev.txt", "requirements/test.txt"])(
    "%s serves development",
    (path) => {
      expect(isDevRequirements(path)).toBe(true);
    },
  );

  it.each(["requirements.txt", "requirements/base.txt", "requirements/production.txt", "requirements-prod.txt", "requirements-devops.txt", "devrequirements.txt"])(
    "%s is a runtime requirements file",
    (path) => {
      expect(isDevRequirements(path)).toBe(false);
    },
  );

  it("looks only at the file name, not at the folders above it", () => {
    expect(isDevRequirements("dev/requirements.txt")).toBe(false);
  });
});

describe("requirementsFiles", () => {
  it("lists the requirements files of the folder, sorted, ignoring other files", () => {
    expect(requirementsFiles(listing(["requirements.txt", "app.py", "requirements-dev.txt", "requirements.in"]))).toEqual(["requirements-dev.txt", "requirements.txt"]);
  });

  it("includes the .txt files of a requirements/ folder", () => {
    expect(requirementsFiles(listing(["manage.py"], ["requirements/dev.txt", "requirements/base.txt"]))).toEqual(["requirements/base.txt", "requirements/dev.txt"]);
  });

  it("ignores non-.txt files of the requirements/ folder", () => {
    expect(requirementsFiles(listing([], ["requirements/base.in", "requirements/base.txt"]))).toEqual(["requirements/base.txt"]);
  });

  it("merges both places into one sorted list", () => {
    expect(requirementsFiles(listing(["requirements.txt"], ["requirements/base.txt"]))).toEqual(["requirements.txt", "requirements/base.txt"]);
  });

  it("is empty when the folder has none", () => {
    expect(requirementsFiles(listing(["pyproject.toml"]))).toEqual([]);
  });
});

describe("detectManager", () => {
  it("uv.lock means uv, even with poetry.lock, pdm.lock and requirements present", () => {
    expect(detectManager(listing(["pyproject.toml", "uv.lock", "poetry.lock", "pdm.lock", "requirements.txt"]), { poetry: true })).toEqual({ manager: "uv", marker: "uv.lock" });
  });

  it("poetry.lock beats pdm.lock and requirements", () => {
    expect(detectManager(listing(["pyproject.toml", "poetry.lock", "pdm.lock", "requirements.txt"]), undefined)).toEqual({ manager: "poetry", marker: "poetry.lock" });
  });

  it("pdm.lock beats requirements", () => {
    expect(detectManager(listing(["pyproject.toml", "pdm.lock", "requirements.txt"]), undefined)).toEqual({ manager: "pdm", marker: "pdm.lock" });
  });

  it("requirements files beat a pyproject.toml, and the marker lists them all", () => {
    expect(detectManager(listing(["pyproject.toml", "requirements.txt", "requirements-dev.txt"]), { poetry: false })).toEqual({
      manager: "pip",
      marker: "requirements-dev.txt, requirements.txt",
    });
  });

  it("requirements files beat a poetry pyproject.toml without a lock", () => {
    expect(detectManager(listing(["pyproject.toml", "requirements.txt"]), { poetry: true })).toEqual({ manager: "pip", marker: "requirements.txt" });
  });

  it("a requirements/ folder alone means pip", () => {
    expect(detectManager(listing(["manage.py"], ["requirements/base.txt"]), undefined)).toEqual({ manager: "pip", marker: "requirements/base.txt" });
  });

  it("a pyproject.toml with [tool.poetry] and no lock means poetry", () => {
    expect(detectManager(listing(["pyproject.toml"]), { poetry: true })).toEqual({ manager: "poetry", marker: "pyproject.toml [tool.poetry]" });
  });

  it("a plain pyproject.toml means pyproject", () => {
    expect(detectManager(listing(["pyproject.toml"]), { poetry: false })).toEqual({ manager: "pyproject", marker: "pyproject.toml" });
  });

  it("a pyproject.toml that was not read means pyproject", () => {
    expect(detectManager(listing(["pyproject.toml"]), undefined)).toEqual({ manager: "pyproject", marker: "pyproject.toml" });
  });

  it("finds nothing in a folder without any marker (setup.py is not a marker)", () => {
    expect(detectManager(listing(["setup.py", "main.py"]), undefined)).toBeUndefined();
  });

  it("names what it looks for in order", () => {
    expect(LOOKED_FOR).toBe("uv.lock, poetry.lock, pdm.lock, requirements*.txt, pyproject.toml");
  });
});

describe("holdsPythonProject", () => {
  it("a setup.py alone is a Python project", () => {
    expect(holdsPythonProject(listing(["setup.py"]))).toBe(true);
  });

  it("a pyproject.toml is a Python project", () => {
    expect(holdsPythonProject(listing(["pyproject.toml"]))).toBe(true);
  });

  it("a requirements/ folder is a Python project", () => {
    expect(holdsPythonProject(listing([], ["requirements/base.txt"]))).toBe(true);
  });

  it("loose .py files without a marker are not", () => {
    expect(holdsPythonProject(listing(["main.py", "Dockerfile"]))).toBe(false);
  });

  it("an empty folder is not", () => {
    expect(holdsPythonProject(listing([]))).toBe(false);
  });
});

describe("requirementsRefs", () => {
  it("collects -r includes", () => {
    expect(requirementsRefs("requirements.txt", "-r other.txt\nflask==3.0\n")).toEqual({ includes: ["other.txt"], localPaths: false });
  });

  it("collects --requirement=FILE includes", () => {
    expect(requirementsRefs("requirements.txt", "--requirement=base.txt\n").includes).toEqual(["base.txt"]);
  });

  it("collects --requirement FILE includes", () => {
    expect(requirementsRefs("requirements.txt", "--requirement base.txt\n").includes).toEqual(["base.txt"]);
  });

  it("collects -c and --constraint constraint files", () => {
    expect(requirementsRefs("requirements.txt", "-c constraints.txt\n--constraint=pins.txt\n").includes).toEqual(["constraints.txt", "pins.txt"]);
  });

  it("keeps includes in file order", () => {
    expect(requirementsRefs("requirements.txt", "-r b.txt\n-c a.txt\n-r c.txt\n").includes).toEqual(["b.txt", "a.txt", "c.txt"]);
  });

  it("drops a leading ./ from an include", () => {
    expect(requirementsRefs("requirements.txt", "-r ./other.txt\n").includes).toEqual(["other.txt"]);
  });

  it("reads an include with a trailing comment", () => {
    expect(requirementsRefs("requirements.txt", "-r other.txt  # shared pins\n").includes).toEqual(["other.txt"]);
  });

  it("reads an include on a CRLF line", () => {
    expect(requirementsRefs("requirements.txt", "-r other.txt\r\n").includes).toEqual(["other.txt"]);
  });

  it("ignores an include that is commented out", () => {
    expect(requirementsRefs("requirements.txt", "# -r old.txt\nflask # -r inline.txt\n")).toEqual({ includes: [], localPaths: false });
  });

  it("keeps a leading ../ for an include that climbs out of the folder", () => {
    expect(requirementsRefs("requirements.txt", "-r ../shared.txt\n").includes).toEqual(["../shared.txt"]);
  });

  it("resolves an include of a nested file relative to that file's folder", () => {
    expect(requirementsRefs("requirements/dev.txt", "-r base.txt\n").includes).toEqual(["requirements/base.txt"]);
  });

  it("resolves ../ from a nested file back into the project folder", () => {
    expect(requirementsRefs("requirements/dev.txt", "-r ../requirements.txt\n").includes).toEqual(["requirements.txt"]);
  });

  it("keeps one ../ for a nested include that climbs two levels", () => {
    expect(requirementsRefs("requirements/dev.txt", "-r ../../shared.txt\n").includes).toEqual(["../shared.txt"]);
  });

  it("-e . is a local path", () => {
    expect(requirementsRefs("requirements.txt", "-e .\n")).toEqual({ includes: [], localPaths: true });
  });

  it("--editable=./pkg is a local path", () => {
    expect(requirementsRefs("requirements.txt", "--editable=./pkg\n").localPaths).toBe(true);
  });

  it("a bare . is a local path", () => {
    expect(requirementsRefs("requirements.txt", ".\n").localPaths).toBe(true);
  });

  it("./pkg is a local path", () => {
    expect(requirementsRefs("requirements.txt", "./pkg\n").localPaths).toBe(true);
  });

  it("../lib is a local path", () => {
    expect(requirementsRefs("requirements.txt", "../lib\n").localPaths).toBe(true);
  });

  it("a file: URL is a local path", () => {
    expect(requirementsRefs("requirements.txt", "file:///src/vendor/pkg.whl\n").localPaths).toBe(true);
  });

  it("an editable VCS URL is not a local path", () => {
    expect(requirementsRefs("requirements.txt", "-e git+https://example.com/x.git#egg=x\n").localPaths).toBe(false);
  });

  it("a commented-out -e . is not a local path", () => {
    expect(requirementsRefs("requirements.txt", "# -e .\nflask\n").localPaths).toBe(false);
  });

  it("plain package names give no includes and no local paths", () => {
    expect(requirementsRefs("requirements.txt", "flask==3.0.0\ngunicorn>=22\n\n")).toEqual({ includes: [], localPaths: false });
  });
});

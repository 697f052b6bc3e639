import { describe, expect, it } from "vitest";
import { matchesPattern, passesFilter } from "../../support/dagger/patterns.js";

describe("fake dagger include/exclude patterns", () => {
  it("matches a folder name at any depth with **", () => {
    expect(matchesPattern("**/.venv", "services/alie/.venv/lib/x.py")).toBe(true);
    expect(matchesPattern("**/.venv", ".venv/x")).toBe(true);
  });

  it("keeps * inside one path segment", () => {
    expect(matchesPattern("services/*/Dockerfile", "services/alie/Dockerfile")).toBe(true);
    expect(matchesPattern("*.py", "app/main.py")).toBe(false);
  });

  it("matches everything below a matching directory", () => {
    expect(matchesPattern("docs", "docs/site/mkdocs.yml")).toBe(true);
  });

  it("lets a later ! pattern re-include", () => {
    expect(passesFilter("services/bob/main.py", undefined, ["services", "!services/bob"])).toBe(true);
    expect(passesFilter("services/alie/main.py", undefined, ["services", "!services/bob"])).toBe(false);
  });

  it("requires an include match when includes are given", () => {
    expect(passesFilter("README.md", ["docs/**"], undefined)).toBe(false);
    expect(passesFilter("docs/index.md", ["docs/**"], undefined)).toBe(true);
  });
});

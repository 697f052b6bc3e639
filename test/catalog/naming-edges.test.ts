/**
 * The site prefixes a sync leaves alone (catalog/naming.ts nestedSitePrefixesOf) at their edges:
 * environments sharing the same prefix, nested prefixes below a site prefix, other buckets.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../ci/src/catalog/lookup.js";
import { nestedSitePrefixesOf } from "../../ci/src/catalog/naming.js";
import { SiteDoc } from "../../ci/src/catalog/schema.js";

const env = (name: string, nameSuffix = ""): ResolvedEnvironment => ({ name, project: "acme-dev", region: "europe-west1", nameSuffix });
const site = (fields: Record<string, unknown> = {}) => SiteDoc.parse({ kind: "site", name: "docs", mkdocs: "docs", bucket: "acme-docs", ...fields });

describe("nestedSitePrefixesOf", () => {
  it("does not list the prefix of another environment publishing to the very same place", () => {
    // prod has no nameSuffix either: it publishes where dev does, which is not a folder inside dev's.
    expect(nestedSitePrefixesOf(site(), env("dev"), [env("dev"), env("prod"), env("staging", "-staging")])).toEqual(["staging/"]);
  });

  it("lists the suffix folder below a site prefix", () => {
    expect(nestedSitePrefixesOf(site({ prefix: "docs/" }), env("dev"), [env("dev"), env("staging", "-staging")])).toEqual(["docs/staging/"]);
  });

  it("leaves out a nested-looking prefix in another bucket", () => {
    const split = site({ environments: { qa: { bucket: "acme-docs-qa", prefix: "qa/" } } });
    expect(nestedSitePrefixesOf(split, env("dev"), [env("dev"), env("qa", "-qa"), env("staging", "-staging")])).toEqual(["staging/"]);
  });
});

/**
 * A service schedule that cannot be synced yet (the service is not deployed in the environment)
 * says which deploy to run first, as a command that can be pasted: with the credentials flag.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { desiredSchedules } from "../../ci/src/commands/schedules.js";
import type { GoogleCloudRunGateway } from "../../ci/src/gcp/cloud-run.js";
import { LAYOUTS, layoutFiles } from "../support/catalog-layouts.js";
import { testCall } from "../support/suggested-call.js";
import { cloudWith } from "./support.js";

describe("a service schedule of a service not deployed yet", () => {
  it("says to deploy it first with the command's credentials flag", async () => {
    const catalog = parseCatalog(layoutFiles(LAYOUTS.pipFlask), LAYOUTS.pipFlask.dir);
    const notDeployed = { getService: async () => undefined } as unknown as GoogleCloudRunGateway;
    const ctx = { source: undefined as never, catalog, env: resolveEnvironment(catalog, "prod"), gitSha: "89abcde", cloud: cloudWith({ cloudRun: notDeployed }), call: testCall } satisfies ReleaseContext;
    const { desired, unresolved } = await desiredSchedules(ctx);
    const service = catalog.services.find((s) => s.schedules.length)!;
    expect(desired.filter((d) => d.target.startsWith("service"))).toEqual([]);
    expect(unresolved[0]!.error).toMatch(new RegExp(`so its URL is unknown; deploy it first \\(dagger call deploy --service=${service.name} --env=prod --credentials=env://GCP_CREDENTIALS\\)$`));
  });
});

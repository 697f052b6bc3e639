/**
 * Engine tests for cloud-run-pipeline, run by .github/workflows/e2e.yml on a real Dagger engine.
 * Each function fails (throws) when the behaviour it names is broken.
 *
 *   dagger call -m test/e2e all
 */
import { dag, func, object } from "@dagger.io/dagger";

@object()
export class CloudRunPipelineE2e {
  /** The catalog of the bundled example lists every service, job and site. */
  @func()
  async listNamesEveryTarget(): Promise<string> {
    const out = await dag.cloudRunPipeline().list();
    for (const name of ["playground", "cloud", "alie", "ingestion", "docs", "tasks", "asql-docs"]) {
      if (!out.includes(name)) throw new Error(`list does not mention ${name}:\n${out}`);
    }
    return out;
  }

  /** The playground image builds and answers /health when run as a service. */
  @func()
  async playgroundServesHealth(): Promise<string> {
    const server = (await dag.cloudRunPipeline().build("playground")).withExposedPort(8080).asService({ useEntrypoint: true });
    const body = await dag
      .container()
      .from("python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea")
      .withServiceBinding("playground", server)
      .withExec(["python", "-c", "import urllib.request;print(urllib.request.urlopen('http://playground:8080/health').read().decode())"])
      .stdout();
    if (!body.includes("ok")) throw new Error(`unexpected /health body: ${body}`);
    return body;
  }

  /** The docs site builds with --strict and has an index page. */
  @func()
  async docsSiteBuilds(): Promise<string> {
    const entries = await dag.cloudRunPipeline().docs("docs").entries();
    if (!entries.includes("index.html")) throw new Error(`no index.html in the built site: ${entries.join(", ")}`);
    return entries.join("\n");
  }

  /** The whole pre-merge check passes on the bundled example. */
  @func()
  async verifyPasses(): Promise<string> {
    return dag.cloudRunPipeline().verify();
  }

  /** Every engine test, in sequence. */
  @func()
  async all(): Promise<string> {
    const results = [
      await this.listNamesEveryTarget(),
      await this.playgroundServesHealth(),
      await this.docsSiteBuilds(),
      await this.verifyPasses(),
    ];
    return results.join("\n\n");
  }
}

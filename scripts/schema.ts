#!/usr/bin/env -S node --import tsx
/**
 * Writes pipelines/schema.json from the zod schema; with --check, fails when the file is stale.
 *   npm run schema          # regenerate
 *   npm run schema:check    # used by npm test
 */
import { argv, fs, path, echo } from "zx";
import { renderCatalogJsonSchema } from "../ci/src/catalog/json-schema.js";

const target = path.join(import.meta.dirname, "..", "pipelines", "schema.json");
const wanted = renderCatalogJsonSchema();

if (argv.check) {
  const current = (await fs.pathExists(target)) ? await fs.readFile(target, "utf8") : "";
  if (current !== wanted) {
    echo("pipelines/schema.json is out of date with ci/src/catalog/schema.ts. Run `npm run schema` and commit the result.");
    process.exit(1);
  }
  echo("pipelines/schema.json is up to date.");
} else {
  await fs.writeFile(target, wanted);
  echo(`wrote ${path.relative(process.cwd(), target)}`);
}

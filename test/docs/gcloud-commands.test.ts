/**
 * Every `gcloud ...` command in the runbooks (docs/runbooks/*.md, code blocks and inline code) is a
 * command of gcloud's reference with flags that command takes, per the table in
 * gcloud-reference.ts (copied from the reference pages).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownCommands } from "./doc-commands.js";
import { checkGcloud } from "./gcloud-reference.js";

const ROOT = resolve(import.meta.dirname, "../..");
const RUNBOOKS = join(ROOT, "docs/runbooks");

function runbookCommands() {
  return readdirSync(RUNBOOKS)
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => markdownCommands(`docs/runbooks/${f}`, readFileSync(join(RUNBOOKS, f), "utf8"), "gcloud"));
}

const problems = (markdown: string): string[] => markdownCommands("doc.md", markdown, "gcloud").flatMap((c) => checkGcloud(c.words).map((p) => `${c.file}:${c.line}: ${p}`));

describe("the runbooks' gcloud commands", () => {
  it("every gcloud command in the runbooks is in gcloud's reference, with its flags", () => {
    expect(runbookCommands().flatMap((c) => checkGcloud(c.words).map((p) => `${c.file}:${c.line}: \`${c.text}\`: ${p}`))).toEqual([]);
  });

  it("finds the gcloud commands of the runbooks", () => {
    const found = runbookCommands();
    expect(found.length).toBeGreaterThan(30);
    expect(found.map((c) => c.text)).toContain("gcloud run services update-traffic SERVICE --to-revisions=REV=100 --region=REGION --project=PROJECT");
  });
});

describe("the gcloud check itself", () => {
  it("accepts the commands as the reference spells them", () => {
    expect(problems("```sh\ngcloud run services update-traffic SERVICE --to-revisions=REV=100 --region=R --project=P\ngcloud logging read 'resource.type=\"cloud_run_revision\"' --project=P --limit=50 --format=json\n```")).toEqual([]);
  });

  it("reports a command gcloud does not have, with the file and line", () => {
    expect(problems("Intro\n\n`gcloud run services rollback SERVICE --region=R`")).toEqual([expect.stringMatching(/^doc\.md:3: gcloud run services rollback is not in the table of gcloud commands/)]);
  });

  it("reports a flag the command does not take, and a wrong number of positional arguments", () => {
    expect(problems("`gcloud run services update-traffic SERVICE --to-revision=REV=100 --region=R`")).toEqual([expect.stringMatching(/gcloud run services update-traffic has no flag --to-revision \(its flags: /)]);
    expect(problems("`gcloud run services logs read --region=R`")).toEqual(["doc.md:1: gcloud run services logs read takes 1 positional argument(s), got 0"]);
    expect(problems("`gcloud iam service-accounts keys delete --iam-account=a@p.iam.gserviceaccount.com`")).toEqual([expect.stringMatching(/keys delete takes 1 positional argument\(s\), got 0$/)]);
  });
});

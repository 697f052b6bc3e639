/**
 * `cpu: 1`, `memory: 512`, `timeout: 300`, `version: 3` are natural YAML that YAML reads as numbers
 * (and `port: "8080"` as a string): the problem keeps the field's rule and says what to write.
 */
import { describe, expect, it } from "vitest";
import { catalogErrorOf, catalogFiles, paths } from "./fixtures.js";

/** The one problem of the baseline catalog after `edit`. */
function problemOf(edit: Parameters<typeof catalogFiles>[0]) {
  const { problems } = catalogErrorOf(catalogFiles(edit));
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe("a number or boolean where a string is expected", () => {
  it("cpu: 1 says to quote it, with the value quoted", () => {
    expect(problemOf((d) => void (d.service.run.cpu = 1))).toEqual({
      file: paths.service,
      field: "run.cpu",
      message: 'must be a string (got 1); unquoted, YAML reads it as a number: write "1"',
    });
  });

  it("memory: 512 says what a memory size looks like and writes the unit", () => {
    expect(problemOf((d) => void (d.service.run.memory = 512)).message).toBe(
      'must be a Cloud Run memory size such as "512Mi" or "2Gi" (got 512); unquoted, YAML reads it as a number: write "512Mi"',
    );
  });

  it('timeout: 300 says to write "300s"', () => {
    expect(problemOf((d) => void (d.service.run.timeout = 300))).toEqual({
      file: paths.service,
      field: "run.timeout",
      message: 'must be a duration in seconds such as "300s" (got 300); unquoted, YAML reads it as a number: write "300s"',
    });
  });

  it("a duration in an environment override gets the same hint", () => {
    expect(problemOf((d) => void (d.service.environments = { prod: { run: { timeout: 60 } } })).message).toBe(
      'must be a duration in seconds such as "300s" (got 60); unquoted, YAML reads it as a number: write "60s"',
    );
  });

  it('a secret version: 3 says to write "3"', () => {
    expect(problemOf((d) => void (d.service.run.secrets = { API_KEY: { secret: "api-key", version: 3 } }))).toEqual({
      file: paths.service,
      field: "run.secrets.API_KEY.version",
      message: 'must be a string (got 3); unquoted, YAML reads it as a number: write "3"',
    });
  });

  it("keeps the field's own type message (env values) and adds the spelling", () => {
    expect(problemOf((d) => void (d.service.run.env = { PORT: 8080 })).message).toBe(
      'values must be strings; quote numbers and booleans, e.g. "true" (got 8080); unquoted, YAML reads it as a number: write "8080"',
    );
  });

  it("says so for a boolean", () => {
    expect(problemOf((d) => void (d.service.description = true)).message).toBe('must be a string (got true); unquoted, YAML reads it as a boolean: write "true"');
  });

  it("gives the rule and no spelling when quoting would not help", () => {
    expect(problemOf((d) => void (d.site.bucket = 5))).toEqual({
      file: paths.site,
      field: "bucket",
      // The bucket rule itself is the schema's; what matters here is that no spelling is offered.
      message: expect.stringMatching(/^must be a Cloud Storage bucket name: .* \(got the number 5\)$/),
    });
  });
});

describe("a quoted number or boolean where a number or boolean is expected", () => {
  it('port: "8080" says to write 8080 without quotes', () => {
    expect(problemOf((d) => void (d.service.run.port = "8080"))).toEqual({
      file: paths.service,
      field: "run.port",
      message: 'must be a number (got "8080"); quoted, YAML reads it as a string: write 8080 without quotes',
    });
  });

  it('public: "false" keeps the field\'s message and says to write false', () => {
    expect(problemOf((d) => void (d.service.run.public = "false")).message).toBe('must be true or false (got "false"); quoted, YAML reads it as a string: write false without quotes');
  });

  it("says nothing more when the unquoted value is not allowed either", () => {
    expect(problemOf((d) => void (d.service.run.port = "99999")).message).toBe('Invalid input: expected number, received string (got "99999")');
  });
});

describe("very large values in messages", () => {
  it("are cut at about 60 characters, without serializing the rest", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => void (d.service.kind = Array.from({ length: 5_000 }, (_, i) => ({ i })))));
    expect(problems[0]!.message).toBe('must be one of project, service, job, site (got [{"i":0},{"i":1},{"i":2},{"i":3},{"i":4},{"i":5},{"i":6},...)');
  });

  it("name at most 10 unknown keys, counting the rest", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => Object.assign(d.site, Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`extra${i}`, i])))));
    expect(problems[0]!.message).toMatch(/^unknown field "extra0", "extra1", .*"extra9" and 15 more; allowed here: /);
  });

  it("are at most 50 per file, the rest counted", () => {
    const { problems } = catalogErrorOf(catalogFiles((d) => void (d.service.run.env = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`V${i}`, i])))));
    expect(problems).toHaveLength(51);
    expect(problems[50]).toEqual({ file: paths.service, field: "", message: "and 30 more problems like those above in this file" });
  });
});

/**
 * Unix-cron schedules at the edges of catalog/cron.ts: whitespace around and between the fields,
 * parts that are not a value, a range, a list or a step, the lower bounds of the fields and the
 * bounds of a step. Written from Stryker's surviving mutants in cron.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { scheduleProblem } from "../../ci/src/catalog/cron.js";

const CRON = 'must be a unix-cron expression "minute hour day-of-month month day-of-week": ';

describe("scheduleProblem: unix-cron", () => {
  it("accepts a schedule with spaces around it and several spaces or a tab between fields", () => {
    expect(scheduleProblem("  0 3 * * *  ")).toBeUndefined();
    expect(scheduleProblem("0  3 *\t* *")).toBeUndefined();
  });

  it("refuses a value that mixes digits and letters instead of reading its digits", () => {
    expect(scheduleProblem("5a * * * *")).toBe(`${CRON}minute "5a" is not a value; allowed: 0-59`);
    expect(scheduleProblem("0 0 * * A5")).toBe(`${CRON}day-of-week "A5" is not a value; allowed: 0-7 (0 and 7 are Sunday) or SUN-SAT`);
  });

  it("refuses a part that is not a value, a range, a list or a step, naming the whole field", () => {
    const shape = 'is not "*", a value (0-59), a range ("1-5"), a list ("1,15") or a step ("*/10")';
    expect(scheduleProblem("1-2-3 * * * *")).toBe(`${CRON}minute "1-2-3" ${shape}`);
    expect(scheduleProblem("*/5x * * * *")).toBe(`${CRON}minute "*/5x" ${shape}`);
    expect(scheduleProblem("0,*/5x * * * *")).toBe(`${CRON}minute "0,*/5x" ${shape}`);
  });

  it("refuses a day of the month or a month of 0, below their range", () => {
    expect(scheduleProblem("0 0 0 * *")).toBe(`${CRON}day-of-month "0" is out of range; allowed: 1-31`);
    expect(scheduleProblem("0 0 * 0 *")).toBe(`${CRON}month "0" is out of range; allowed: 1-12 or JAN-DEC`);
  });

  it("accepts steps from 1 to the field's maximum and refuses a larger one", () => {
    expect(scheduleProblem("*/1 * * * *")).toBeUndefined();
    expect(scheduleProblem("*/59 */23 * * *")).toBeUndefined();
    expect(scheduleProblem("*/60 * * * *")).toBe(`${CRON}minute step "/60" must be from 1 to 59`);
    expect(scheduleProblem("0 0-12/24 * * *")).toBe(`${CRON}hour step "/24" must be from 1 to 23`);
  });

  it("reads a schedule whose last field is an English word as unix-cron", () => {
    expect(scheduleProblem("0 3 * * every")).toBe(`${CRON}day-of-week "every" is not a value; allowed: 0-7 (0 and 7 are Sunday) or SUN-SAT`);
    expect(scheduleProblem("0 0 1 of *")).toBe(`${CRON}month "of" is not a value; allowed: 1-12 or JAN-DEC`);
  });
});

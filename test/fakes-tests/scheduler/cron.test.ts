import { describe, expect, it } from "vitest";
import { nextFireTime, parseCron, type CronSchedule } from "../../fakes/scheduler/index.js";

function schedule(text: string): CronSchedule {
  const parsed = parseCron(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.schedule;
}

const next = (text: string, timeZone: string, after: string) => nextFireTime(schedule(text), timeZone, new Date(after))?.toISOString();

describe("fake Cloud Scheduler: unix-cron schedules", () => {
  it("expands ranges, steps, lists and names", () => {
    const s = schedule("*/15 9-17/4 1,15 JAN-MAR mon-fri");
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([9, 13, 17]);
    expect([...s.daysOfMonth]).toEqual([1, 15]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
  });

  it("treats 7 as Sunday", () => {
    expect([...schedule("0 0 * * 7").daysOfWeek]).toEqual([0]);
  });

  it("names the problem when the field count is wrong", () => {
    expect(parseCron("* * * *")).toEqual({ ok: false, reason: expect.stringContaining("expected 5 fields") });
  });

  it("finds the next run in the job's time zone across a DST change", () => {
    expect(next("0 3 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z")).toBe("2026-03-29T01:00:00.000Z");
    expect(next("0 3 * * *", "Europe/Berlin", "2026-03-29T12:00:00Z")).toBe("2026-03-30T01:00:00.000Z");
  });

  it("finds the next run strictly after the given time", () => {
    expect(next("*/5 * * * *", "Etc/UTC", "2026-01-01T00:05:00Z")).toBe("2026-01-01T00:10:00.000Z");
  });

  it("matches day-of-month OR day-of-week when both are restricted", () => {
    // 2026-02-02 is a Monday; the 13th is a Friday.
    expect(next("0 12 13 * MON", "Etc/UTC", "2026-02-01T00:00:00Z")).toBe("2026-02-02T12:00:00.000Z");
    expect(next("0 12 13 * MON", "Etc/UTC", "2026-02-10T00:00:00Z")).toBe("2026-02-13T12:00:00.000Z");
  });

  it("has no next run for a date that never occurs", () => {
    expect(next("0 0 30 2 *", "Etc/UTC", "2026-01-01T00:00:00Z")).toBeUndefined();
  });
});

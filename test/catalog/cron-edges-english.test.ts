/**
 * English schedules (App Engine's "Groc" format) at the edges of catalog/cron.ts: what makes a
 * schedule English, commas and spaces between days, trailing words, days of the month, ordinals,
 * weekdays and months of the quarter. Written from Stryker's surviving mutants in cron.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { scheduleProblem } from "../../ci/src/catalog/cron.js";

const EXAMPLES = '"every 24 hours", "every 15 minutes from 09:00 to 17:00", "every monday 09:00", "1st,3rd tuesday of month 15:30"';
const english = (problem: string) => `is not a valid English schedule: ${problem}; e.g. ${EXAMPLES}`;
const ORDINAL = 'an ordinal ("1st" to "5th", "first" to "fifth") or "every"';
const WEEKDAY = 'a weekday ("monday" or "mon" ... "sunday") or "day"';
const TIME_24 = english('expected a time HH:MM (00:00-23:59), got "24:00"');

describe("scheduleProblem: which schedules are English", () => {
  it("accepts days of the month with two digits, three days, and spaces around the commas", () => {
    for (const text of ["15 of month 09:00", "1,15,28 of month 09:00", "1 ,15 of month 09:00", "1, 15 of month 09:00", "1,15  of month 09:00"]) {
      expect(scheduleProblem(text), text).toBeUndefined();
    }
  });

  it("reads an ordinal of two digits as English and refuses it", () => {
    expect(scheduleProblem("11th monday of month 09:00")).toBe(english(`expected ${ORDINAL}, got "11th"`));
  });

  it("accepts weekdays with spaces around the comma", () => {
    expect(scheduleProblem("every mon , wed 09:00")).toBeUndefined();
  });
});

describe("scheduleProblem: intervals", () => {
  it("refuses words after the end of an interval or a time", () => {
    expect(scheduleProblem("every 24 hours daily")).toBe(english('unexpected "daily" after the end of the schedule'));
    expect(scheduleProblem("every 5 minutes from 10:00 to 14:00 extra")).toBe(english('unexpected "extra" after the end of the schedule'));
    expect(scheduleProblem("every monday 09:00 10:00")).toBe(english('unexpected "10:00" after the end of the schedule'));
  });

  it("reads an interval only after \"every\" and only with a count of at most five digits", () => {
    expect(scheduleProblem("first 5 hours")).toBe(english(`expected ${WEEKDAY}, got "5"`));
    expect(scheduleProblem("every x5 minutes")).toBe(english(`expected ${WEEKDAY}, got "x5"`));
    expect(scheduleProblem("every 5x minutes")).toBe(english(`expected ${WEEKDAY}, got "5x"`));
    expect(scheduleProblem("every 123456 minutes")).toBe(english(`expected ${WEEKDAY}, got "123456"`));
  });
});

describe("scheduleProblem: days of the month", () => {
  it("accepts the 31st and refuses 0 and 32", () => {
    expect(scheduleProblem("31 of month 09:00")).toBeUndefined();
    expect(scheduleProblem("0 of month 09:00")).toBe(english('expected a day of the month (1-31), got "0"'));
    expect(scheduleProblem("1,32 of month 09:00")).toBe(english('expected a day of the month (1-31), got "32"'));
  });

  it("checks the time after the days of the month", () => {
    expect(scheduleProblem("1 of month 24:00")).toBe(TIME_24);
  });

  it("asks for \"of\" after the days of the month", () => {
    expect(scheduleProblem("1 of-month 09:00")).toBe(english('expected "of" after the days of the month, got "of-month"'));
  });

  it("refuses an ordinal that ends in more than its suffix rather than reading it as days", () => {
    expect(scheduleProblem("1st-5 monday 09:00")).toBe(english(`expected ${ORDINAL}, got "1st-5"`));
  });
});

describe("scheduleProblem: ordinals, weekdays and months", () => {
  it("stops at an unknown weekday", () => {
    expect(scheduleProblem("every funday 09:00")).toBe(english(`expected ${WEEKDAY}, got "funday"`));
  });

  it("checks the time after the months", () => {
    expect(scheduleProblem("every monday of jan 24:00")).toBe(TIME_24);
  });

  it("accepts the 3rd month of the quarter and refuses the 4th", () => {
    expect(scheduleProblem("1st monday of 3rd month of quarter 08:00")).toBeUndefined();
    expect(scheduleProblem("1st monday of 4th month of quarter 08:00")).toBe(english('expected a month of the quarter ("1st" to "3rd"), got "4th"'));
  });

  it("asks for \"month of quarter\" after the months of the quarter, then for the time", () => {
    expect(scheduleProblem("1st monday of 2nd month 08:00")).toBe(english('expected "month of quarter"'));
    expect(scheduleProblem("1st monday of 2nd month of quarter 24:00")).toBe(TIME_24);
  });
});

/**
 * Cloud Scheduler schedules: unix-cron with range-checked fields, or the English-like format
 * ("every 24 hours", "every monday 09:00"). Both are documented at
 * https://cloud.google.com/scheduler/docs/configuring/cron-job-schedules ("Cron job format" and
 * "Alternative job format"); the English format is App Engine's cron syntax
 * (https://cloud.google.com/appengine/docs/standard/scheduling-jobs-with-cron-yaml#formatting_the_schedule),
 * whose grammar ("Groc") is published in the App Engine Java SDK:
 * https://github.com/GoogleCloudPlatform/appengine-java-standard/blob/main/utils/src/main/antlr3/com/google/borg/borgcron/Groc.g
 */

/** What is wrong with `schedule`, or undefined when Cloud Scheduler accepts it. */
export function scheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (looksEnglish(text)) {
    const problem = englishProblem(text);
    return problem && `is not a valid English schedule: ${problem}; e.g. ${ENGLISH_EXAMPLES}`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `must be a unix-cron expression with five fields, e.g. "0 3 * * *", or an English schedule, e.g. ${ENGLISH_EXAMPLES}`;
  for (const [i, field] of fields.entries()) {
    const problem = cronFieldProblem(CRON_FIELDS[i]!, field);
    if (problem) return `must be a unix-cron expression "minute hour day-of-month month day-of-week": ${problem}`;
  }
  return undefined;
}

const ENGLISH_EXAMPLES = '"every 24 hours", "every 15 minutes from 09:00 to 17:00", "every monday 09:00", "1st,3rd tuesday of month 15:30"';

// --- unix-cron --------------------------------------------------------------------------------

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names accepted instead of numbers (JAN-DEC, SUN-SAT), numbered from `min`. */
  names?: readonly string[];
  allowed: string;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59, allowed: "0-59" },
  { name: "hour", min: 0, max: 23, allowed: "0-23" },
  { name: "day-of-month", min: 1, max: 31, allowed: "1-31" },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], allowed: "1-12 or JAN-DEC" },
  // 0 and 7 are both Sunday.
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], allowed: "0-7 (0 and 7 are Sunday) or SUN-SAT" },
];

function cronValue(field: CronField, text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? field.min + index : undefined;
}

/** One field: "*", a value, a range "a-b", any of these with a step "/n", or a comma-separated list. */
function cronFieldProblem(field: CronField, text: string): string | undefined {
  for (const part of text.split(",")) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) {
      return `${field.name} "${text}" is not "*", a value (${field.allowed}), a range ("1-5"), a list ("1,15") or a step ("*/10")`;
    }
    const [, base, step] = match;
    if (base !== "*") {
      for (const bound of base!.split("-")) {
        const value = cronValue(field, bound);
        if (value === undefined) return `${field.name} "${bound}" is not a value; allowed: ${field.allowed}`;
        if (value < field.min || value > field.max) return `${field.name} "${bound}" is out of range; allowed: ${field.allowed}`;
      }
    }
    if (step !== undefined && (Number(step) < 1 || Number(step) > field.max)) {
      return `${field.name} step "/${step}" must be from 1 to ${field.max}`;
    }
  }
  return undefined;
}

// --- the English format (Groc) ----------------------------------------------------------------

const ORDINALS: Record<string, number> = { "1st": 1, first: 1, "2nd": 2, second: 2, "3rd": 3, third: 3, "4th": 4, fourth: 4, "5th": 5, fifth: 5 };
const WEEKDAYS = new Set(["mon", "monday", "tue", "tuesday", "wed", "wednesday", "thu", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"]);
const MONTHS = new Set([
  ...["jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june"],
  ...["jul", "july", "aug", "august", "sep", "september", "oct", "october", "nov", "november", "dec", "december"],
]);
const PERIODS = new Set(["hours", "mins", "minutes"]);
const TIME = /^(?:\d|[01]\d|2[0-3]):[0-5]\d$/;

/** English schedules start with "every", an ordinal ("1st", "first"...) or days of the month ("1,15 of"). */
const looksEnglish = (text: string): boolean => /^(every|first|second|third|fourth|fifth|\d+(st|nd|rd|th))\b/.test(text) || /^\d+(\s*,\s*\d+)*\s+of\b/.test(text);

/** Words and commas, as Groc's lexer splits them. */
const tokenize = (text: string): string[] => text.split(/\s+|(?=,)|(?<=,)/).filter((t) => t !== "");

function englishProblem(text: string): string | undefined {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (): string | undefined => tokens[at++];
  const shown = (t: string | undefined): string => (t === undefined ? "the end" : `"${t}"`);
  /** One or more items separated by commas; each must satisfy `ok`. */
  const list = (ok: (t: string) => boolean, what: string): string | undefined => {
    do {
      const item = take();
      if (item === undefined || !ok(item)) return `expected ${what}, got ${shown(item)}`;
    } while (peek() === "," && take());
    return undefined;
  };
  const time = (): string | undefined => {
    const t = take();
    return t !== undefined && TIME.test(t) ? undefined : `expected a time HH:MM (00:00-23:59), got ${shown(t)}`;
  };
  const end = (): string | undefined => (at < tokens.length ? `unexpected ${shown(peek())} after the end of the schedule` : undefined);

  // Interval: every N hours|mins|minutes [from HH:MM to HH:MM | synchronized]
  if (peek() === "every" && /^\d{1,5}$/.test(tokens[1] ?? "")) {
    take();
    const count = Number(take());
    if (count < 1) return "the interval must be at least 1";
    const period = take();
    if (period === undefined || !PERIODS.has(period)) return `expected "hours", "mins" or "minutes" after "every ${count}", got ${shown(period)}`;
    if (peek() === "synchronized") take();
    else if (peek() === "from") {
      take();
      const problem = time() ?? (take() === "to" ? undefined : 'expected "to" after the start time') ?? time();
      if (problem) return problem;
    }
    return end();
  }

  // Specific times: (ordinals weekdays | monthdays) [of (monthspec | quarterspec)] HH:MM
  let needsOf = false;
  if (peek() === "every") take();
  else if (/^\d+$/.test(peek() ?? "")) {
    const problem = list((t) => /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 31, "a day of the month (1-31)");
    if (problem) return problem;
    needsOf = true;
  } else {
    const problem = list((t) => t in ORDINALS, 'an ordinal ("1st" to "5th", "first" to "fifth") or "every"');
    if (problem) return problem;
  }
  if (!needsOf) {
    if (peek() === "day") take();
    else {
      const problem = list((t) => WEEKDAYS.has(t), 'a weekday ("monday" or "mon" ... "sunday") or "day"');
      if (problem) return problem;
    }
  }
  if (peek() === "of") {
    take();
    if (peek() === "month" || peek() === "quarter") take();
    else if (peek() !== undefined && peek()! in ORDINALS) {
      // "1st,3rd month of quarter"
      const problem = list((t) => (ORDINALS[t] ?? 9) <= 3, 'a month of the quarter ("1st" to "3rd")') ?? (take() === "month" && take() === "of" && take() === "quarter" ? undefined : 'expected "month of quarter"');
      if (problem) return problem;
    } else {
      const problem = list((t) => MONTHS.has(t), 'a month ("january" or "jan" ...), "month" or "quarter"');
      if (problem) return problem;
    }
  } else if (needsOf) {
    return `expected "of" after the days of the month, got ${shown(peek())}`;
  }
  return time() ?? end();
}

// unix-cron schedules as Cloud Scheduler accepts them: five fields (minute hour day-of-month
// month day-of-week), `*`, ranges `a-b`, steps `/n`, lists `a,b`, month names JAN-DEC, weekday
// names SUN-SAT and 7 for Sunday. `L`, `?`, `#` and six-field (seconds) forms are not supported.

export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday ... 6 = Saturday (7 is folded into 0). */
  daysOfWeek: ReadonlySet<number>;
  /** True when the field was not `*` (cron ORs day-of-month and day-of-week when both are set). */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** First value that `names[0]` stands for. */
  nameBase?: number;
}

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

const FIELDS: readonly FieldSpec[] = [
  { label: "minute", min: 0, max: 59 },
  { label: "hour", min: 0, max: 23 },
  { label: "day of the month", min: 1, max: 31 },
  { label: "month", min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { label: "day of the week", min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; reason: string };

export function parseCron(text: string): CronParseResult {
  const fields = text.trim().split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    return { ok: false, reason: `expected 5 fields "minute hour day-of-month month day-of-week" (e.g. "0 3 * * *"), got ${fields.length}` };
  }
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(fields[i]!, FIELDS[i]!);
    if (typeof parsed === "string") return { ok: false, reason: parsed };
    sets.push(parsed);
  }
  const daysOfWeek = new Set([...sets[4]!].map((d) => (d === 7 ? 0 : d)));
  return {
    ok: true,
    schedule: {
      minutes: sets[0]!,
      hours: sets[1]!,
      daysOfMonth: sets[2]!,
      months: sets[3]!,
      daysOfWeek,
      dayOfMonthRestricted: fields[2] !== "*",
      dayOfWeekRestricted: fields[4] !== "*",
    },
  };
}

function parseField(field: string, spec: FieldSpec): Set<number> | string {
  const out = new Set<number>();
  for (const item of field.split(",")) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!m) return `${spec.label} field "${field}": "${item}" is not a value, range or step`;
    const [, range, stepText] = m as unknown as [string, string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return `${spec.label} field "${field}": step must be at least 1`;
    let from: number;
    let to: number;
    if (range === "*") {
      from = spec.min;
      to = spec.label === "day of the week" ? 6 : spec.max;
    } else {
      const bounds = range.split("-");
      if (bounds.length > 2) return `${spec.label} field "${field}": "${range}" is not a range`;
      const values = bounds.map((b) => value(b, spec));
      for (const v of values) if (typeof v === "string") return v;
      from = values[0] as number;
      to = bounds.length === 2 ? (values[1] as number) : stepText === undefined ? from : spec.max;
      if (from > to) return `${spec.label} field "${field}": range ${range} runs backwards`;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function value(text: string, spec: FieldSpec): number | string {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper as never) ?? -1;
  if (named >= 0) return named + (spec.nameBase ?? 0);
  if (!/^\d+$/.test(text)) return `${spec.label}: "${text}" is not a number${spec.names ? ` or one of ${spec.names.join(",")}` : ""}`;
  const n = Number(text);
  if (n < spec.min || n > spec.max) return `${spec.label}: ${n} is outside ${spec.min}-${spec.max}`;
  return n;
}

/** Wall-clock fields of an instant in a time zone. */
interface WallClock {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function wallClock(format: Intl.DateTimeFormat, at: number): WallClock {
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(at)) parts[p.type] = p.value;
  return {
    month: Number(parts["month"]),
    day: Number(parts["day"]),
    weekday: WEEKDAYS[parts["weekday"]!]!,
    hour: Number(parts["hour"]) % 24,
    minute: Number(parts["minute"]),
  };
}

const MINUTE_MS = 60_000;
/** Search horizon; a schedule like "0 0 30 2 *" never fires and has no next time. */
const HORIZON_MS = 5 * 366 * 24 * 60 * MINUTE_MS;

/** The first whole minute strictly after `after` at which `schedule` fires in `timeZone`. */
export function nextFireTime(schedule: CronSchedule, timeZone: string, after: Date): Date | undefined {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    month: "numeric",
    day: "numeric",
    weekday: "short",
    hour: "numeric",
    minute: "numeric",
  });
  let t = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const end = t + HORIZON_MS;
  while (t < end) {
    const w = wallClock(format, t);
    if (!schedule.months.has(w.month) || !dayMatches(schedule, w)) {
      t += (24 * 60 - (w.hour * 60 + w.minute)) * MINUTE_MS;
    } else if (!schedule.hours.has(w.hour)) {
      t += (60 - w.minute) * MINUTE_MS;
    } else if (!schedule.minutes.has(w.minute)) {
      t += MINUTE_MS;
    } else {
      return new Date(t);
    }
  }
  return undefined;
}

function dayMatches(s: CronSchedule, w: WallClock): boolean {
  const dom = s.daysOfMonth.has(w.day);
  const dow = s.daysOfWeek.has(w.weekday);
  if (s.dayOfMonthRestricted && s.dayOfWeekRestricted) return dom || dow;
  return dom && dow;
}

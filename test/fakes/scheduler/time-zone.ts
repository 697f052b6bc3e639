// Time zone names (tz database) as Job.time_zone accepts them.

/** The zone the API uses when Job.time_zone is empty. */
export const DEFAULT_TIME_ZONE = "Etc/UTC";

/**
 * True for tz database names ("Europe/Berlin", "Etc/UTC", "utc", aliases such as "US/Pacific").
 * Offsets like "+02:00", which Intl also accepts, are not tz names and are rejected.
 */
export function isValidTimeZone(name: string): boolean {
  if (name.trim() !== name || name === "" || /^[+-]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

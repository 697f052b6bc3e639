/**
 * The time source of what is keyed by date (the scanners' daily vulnerability-data refresh).
 * Functions take a Clock so tests can pin the day; the module uses the system clock.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The UTC calendar day of the clock's time, as YYYY-MM-DD (the same day everywhere on earth at once). */
export const utcDay = (clock: Clock): string => clock().toISOString().slice(0, 10);

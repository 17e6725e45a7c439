/**
 * Maintenance, backup and snapshot windows as AWS writes them (RDS, ElastiCache): parsing of the
 * daily `hh24:mi-hh24:mi` and weekly `ddd:hh24:mi-ddd:hh24:mi` forms (UTC) and their overlap.
 */
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const TIME = "([01]\\d|2[0-3]):([0-5]\\d)";

/** A window as a start and a length in minutes, on a circle of a day or a week. */
export interface Window {
  readonly start: number;
  readonly minutes: number;
}

/** Parses `hh24:mi-hh24:mi` (UTC); undefined when malformed. */
export function parseDailyWindow(value: string): Window | undefined {
  const m = new RegExp(`^${TIME}-${TIME}$`).exec(value);
  if (!m) {
    return undefined;
  }
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, minutes: (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY };
}

/** Parses `ddd:hh24:mi-ddd:hh24:mi` (UTC, days `mon`..`sun`, any case); undefined when malformed. */
export function parseWeeklyWindow(value: string): Window | undefined {
  const day = `(${DAYS.join("|")})`;
  const m = new RegExp(`^${day}:${TIME}-${day}:${TIME}$`, "i").exec(value);
  if (!m) {
    return undefined;
  }
  const at = (d: string, h: string, min: string): number => DAYS.indexOf(d.toLowerCase()) * MINUTES_PER_DAY + Number(h) * 60 + Number(min);
  const start = at(m[1], m[2], m[3]);
  const end = at(m[4], m[5], m[6]);
  return { start, minutes: (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK };
}

/** Whether a window that repeats every day overlaps a weekly window on any day of the week. */
export function dailyOverlapsWeekly(daily: Window, weekly: Window): boolean {
  const overlaps = (a: Window, b: Window): boolean => {
    const mod = (n: number): number => ((n % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    return mod(b.start - a.start) < a.minutes || mod(a.start - b.start) < b.minutes;
  };
  return DAYS.some((_, day) => overlaps({ start: day * MINUTES_PER_DAY + daily.start, minutes: daily.minutes }, weekly));
}

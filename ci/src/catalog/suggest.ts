/**
 * "Did you mean ...?" for names typed by hand (regions, time zones): the closest known name by edit
 * distance, ignoring case, when it is close enough to be a typo.
 */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known name closest to `input` (at most 2 edits, or only a case difference), if any. */
export function closestName(input: unknown, known: Iterable<string>): string | undefined {
  if (typeof input !== "string" || input === "") return undefined;
  const wanted = input.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    // More than 2 characters longer or shorter is more than 2 edits: skip it without the quadratic
    // distance (a 70 KB value against 600 time zones would otherwise take seconds).
    if (Math.abs(name.length - wanted.length) > 2) continue;
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** " (did you mean "X"?)" when a close name exists, else "". */
export const didYouMean = (input: unknown, known: Iterable<string>): string => {
  const name = closestName(input, known);
  return name && name !== input ? ` (did you mean "${name}"?)` : "";
};

/**
 * An environment's `run` overrides applied to a target's base settings, the way they are deployed
 * (services/render.ts deploys with this same function): each field the override sets replaces the base
 * field whole. `env`, `secrets`, `labels` and probes are replaced, not merged key by key, so a prod
 * `env:` drops the base `env:` in prod while the base `secrets:` stay.
 */
export function mergeRun<T extends object>(base: T, override: Partial<T> | undefined): T {
  return { ...base, ...Object.fromEntries(Object.entries(override ?? {}).filter(([, value]) => value !== undefined)) } as T;
}

/** The run fields an override sets. */
export const overriddenFields = (override: object | undefined): Set<string> =>
  new Set(Object.entries(override ?? {}).filter(([, value]) => value !== undefined).map(([key]) => key));

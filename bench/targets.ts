/**
 * The performance targets the issues set, checked against the measured figures.
 */
export const TARGETS: Array<{ key: string; test: (v: number) => boolean; text: string }> = [
  { key: "catalog.parse.ratio1MBto100KB", test: (v) => v <= 15, text: "parsing a 1 MB catalog file takes <= 15x a 100 KB one (linear: 10)" },
  { key: "deploy.noop.mutatingCalls", test: (v) => v === 0, text: "no-op redeploy makes 0 mutating calls" },
  { key: "deploy.all3.ratioToSlowest", test: (v) => v <= 1.2, text: "deploy-all of 3 takes <= 1.2x the slowest single deploy" },
  { key: "deploy.fifty.peakInFlight", test: (v) => v <= 8, text: "50 services at concurrency 8 never exceed 8 in flight" },
  { key: "site.noop.uploads", test: (v) => v === 0, text: "republishing an unchanged site uploads nothing" },
  { key: "site.noop.ratioToFirst", test: (v) => v <= 0.1, text: "an unchanged republish takes <= 0.1x the first publish" },
  { key: "site.ten.uploads", test: (v) => v === 10, text: "changing 10 files uploads exactly 10" },
  { key: "module.import.ratioCoreToFull", test: (v) => v <= 0.6, text: "importing the module entry takes <= 0.6x the import after a release verb loads Google's clients" },
];

export function checkTargets(results: Record<string, number>): string[] {
  return TARGETS.filter((t) => !(t.key in results) || !t.test(results[t.key]!)).map((t) => `${t.text} (${t.key} = ${results[t.key] ?? "missing"})`);
}

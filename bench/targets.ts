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
  { key: "site.first.ratioToRaw", test: (v) => v <= 1.1, text: "the first publish takes <= 1.1x a bare @google-cloud/storage upload loop of the same files" },
  { key: "site.noop.hashRatioToRaw", test: (v) => v >= 0.5, text: "the no-op republish hashes at >= 0.5x the MB/s of a bare read + md5 pass" },
  { key: "deploy.fifty.ratioToIdeal", test: (v) => v <= 1.15, text: "50 services at concurrency 8 take <= 1.15x the ideal packing" },
  { key: "site.ten.uploads", test: (v) => v === 10, text: "changing 10 files uploads exactly 10" },
];

export function checkTargets(results: Record<string, number>): string[] {
  return TARGETS.filter((t) => !(t.key in results) || !t.test(results[t.key]!)).map((t) => `${t.text} (${t.key} = ${results[t.key] ?? "missing"})`);
}

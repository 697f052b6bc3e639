// Kubernetes resource quantities, the syntax of ResourceRequirements.limits ("1", "500m", "0.5",
// "512Mi", "4Gi", "1G", "2e9"): https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
// (k8s.min.proto points `memory` at https://cloud.google.com/run/docs/configuring/memory-limits,
// which uses these units).

const SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The value of a quantity (cores for CPU, bytes for memory), or undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY_RE.exec(text);
  if (!m) return undefined;
  const [, number, suffix, exponent] = m as unknown as [string, string, string | undefined, string | undefined];
  const value = Number(number) * (exponent !== undefined ? 10 ** Number(exponent) : SUFFIXES[suffix ?? ""]!);
  return Number.isFinite(value) ? value : undefined;
}

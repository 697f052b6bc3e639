// Faults a test injects, matched on the API and the path after its prefix: an error status for the
// next n requests (or all), or no answer at all (the client's timeout decides).
export interface PathFault {
  api?: string;
  path: RegExp | string;
  kind: "status" | "hang";
  status: number;
  remaining: number;
}

export class RestFaultPlan {
  readonly faults: PathFault[] = [];

  /** The next `times` requests matching answer `status` (default: 503, every time) with the API's error body. */
  failPath(path: RegExp | string, status = 503, times = Number.POSITIVE_INFINITY, api?: string): void {
    this.faults.push({ path, kind: "status", status, remaining: times, api });
  }

  /** Requests matching get no answer until the fake closes. */
  hangPath(path: RegExp | string, api?: string): void {
    this.faults.push({ path, kind: "hang", status: 0, remaining: Number.POSITIVE_INFINITY, api });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The fault for this request (used up by one), if any. */
  take(api: string, path: string): PathFault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (!x.api || x.api === api) && (typeof x.path === "string" ? path.includes(x.path) : x.path.test(path)));
    if (f) f.remaining--;
    return f;
  }
}

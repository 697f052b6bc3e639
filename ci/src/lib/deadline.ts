/**
 * A promise that fails with DeadlineExceeded when `ms` pass first (the timer is always cleared).
 */
export class DeadlineExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeadlineExceeded";
  }
}

export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(message)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// ListJobs pagination with opaque page tokens (page size: max 500, unset = the maximum).
import { invalidArgument } from "./errors.js";

export const MAX_PAGE_SIZE = 500;

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

export function paginate<T>(items: T[], pageSize: number | null | undefined, pageToken: string | null | undefined, scope: string): Page<T> {
  if ((pageSize ?? 0) < 0) throw invalidArgument(`page_size must not be negative (got ${pageSize}).`);
  const size = pageSize && pageSize > 0 ? Math.min(pageSize, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
  let offset = 0;
  if (pageToken) {
    const m = /^(.*)#(\d+)$/.exec(Buffer.from(pageToken, "base64url").toString("utf8"));
    if (!m || m[1] !== scope) {
      throw invalidArgument(`page_token "${pageToken}" is not a token ListJobs returned for ${scope}; pass next_page_token from the previous response.`);
    }
    offset = Number(m[2]);
  }
  const next = offset + size < items.length ? Buffer.from(`${scope}#${offset + size}`).toString("base64url") : "";
  return { items: items.slice(offset, offset + size), nextPageToken: next };
}

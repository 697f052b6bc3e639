// List pagination with opaque page tokens (page size: max 1000, unset = the maximum).
import { invalidArgument } from "../grpc/status.js";

export const MAX_PAGE_SIZE = 1000;

export function paginate<T>(items: T[], pageSize: number | null | undefined, pageToken: string | null | undefined, scope: string): { items: T[]; nextPageToken: string; total: number } {
  if ((pageSize ?? 0) < 0) throw invalidArgument(`page_size must not be negative (got ${pageSize}).`);
  const size = pageSize && pageSize > 0 ? Math.min(pageSize, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
  let offset = 0;
  if (pageToken) {
    const m = /^(.*)#(\d+)$/.exec(Buffer.from(pageToken, "base64url").toString("utf8"));
    if (!m || m[1] !== scope) throw invalidArgument(`page_token "${pageToken}" was not returned for ${scope}; pass next_page_token from the previous response.`);
    offset = Number(m[2]);
  }
  const next = offset + size < items.length ? Buffer.from(`${scope}#${offset + size}`).toString("base64url") : "";
  return { items: items.slice(offset, offset + size), nextPageToken: next, total: items.length };
}

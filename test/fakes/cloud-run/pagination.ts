// List pagination with opaque page tokens.
import { invalidArgument } from "./errors.js";

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

/** Pages `items`; a page size of 0 or unset means the API default (100 here). */
export function paginate<T>(items: T[], pageSize?: number | null, pageToken?: string | null): Page<T> {
  const size = pageSize && pageSize > 0 ? Math.min(pageSize, 1000) : 100;
  let offset = 0;
  if (pageToken) {
    const decoded = Number(Buffer.from(pageToken, "base64url").toString("utf8").replace(/^offset:/, ""));
    if (!Number.isInteger(decoded) || decoded < 0) {
      throw invalidArgument(`page_token: '${pageToken}' is not a token this API returned; pass next_page_token from the previous response.`);
    }
    offset = decoded;
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(`offset:${offset + size}`).toString("base64url") : "";
  return { items: page, nextPageToken: next };
}

/**
 * Content-Type for site files, from an explicit extension map (no sniffing, no system MIME
 * database). The upload-cloud-storage action gets several of these wrong (e.g. `.mjs`,
 * `.webmanifest`, `.woff2` as application/octet-stream; see its issues #258 and #382), which
 * breaks module scripts, PWA manifests and fonts in browsers that enforce types.
 */

/** Fallback for extensions we do not know: browsers download rather than render these. */
export const FALLBACK_CONTENT_TYPE = "application/octet-stream";

/** Extension (lower case, no dot) -> Content-Type. Text types carry `charset=utf-8`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  // documents
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  cjs: "text/javascript; charset=utf-8",
  json: "application/json",
  map: "application/json",
  webmanifest: "application/manifest+json",
  xml: "application/xml",
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  yaml: "application/yaml",
  yml: "application/yaml",
  pdf: "application/pdf",
  wasm: "application/wasm",
  // images
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  // fonts
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  eot: "application/vnd.ms-fontobject",
  // media
  mp4: "video/mp4",
  webm: "video/webm",
  ogv: "video/ogg",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  wav: "audio/wav",
  vtt: "text/vtt; charset=utf-8",
  // archives (served as downloads; never with Content-Encoding)
  gz: "application/gzip",
  zip: "application/zip",
  tar: "application/x-tar",
};

/** The extension of a path: lower case, without the dot; "" when there is none. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/**
 * Content-Type for `path`. `overrides` (extension -> type, with or without a leading dot, any
 * case) are checked before the built-in map.
 */
export function contentTypeFor(path: string, overrides: Readonly<Record<string, string>> = {}): string {
  const ext = extensionOf(path);
  if (ext === "") return FALLBACK_CONTENT_TYPE;
  for (const [key, value] of Object.entries(overrides)) {
    if (key.replace(/^\./, "").toLowerCase() === ext) return value;
  }
  return CONTENT_TYPES[ext] ?? FALLBACK_CONTENT_TYPE;
}

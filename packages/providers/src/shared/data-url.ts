/** A `data:` URL split into what providers want: the media type and base64 bytes. */
export interface InlineData {
  readonly mediaType: string;
  readonly base64: string;
}

const dataUrlPattern = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s;

/**
 * Parse `data:<type>[;params][;base64],<data>`. Percent-encoded (non-base64) payloads are
 * re-encoded as base64, since every provider that takes inline bytes wants base64.
 * Undefined for anything that is not a data URL.
 */
export function parseDataUrl(url: string): InlineData | undefined {
  const match = dataUrlPattern.exec(url);
  if (!match) return undefined;
  const mediaType = match[1] || "text/plain";
  const isBase64 = (match[2] ?? "").split(";").includes("base64");
  const payload = match[3] ?? "";
  const base64 = isBase64 ? payload : Buffer.from(decodeURIComponent(payload), "utf8").toString("base64");
  return { mediaType: mediaType.toLowerCase(), base64 };
}

const imageTypesByExtension: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
};

/** Best guess of an http(s) URL's media type from its extension (for providers that insist on one). */
export function guessMediaTypeFromUrl(url: string, fallback = "image/jpeg"): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not a URL we can parse; the extension test below still works on the raw string.
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension && imageTypesByExtension[extension]) || fallback;
}

/**
 * The key a corrected mask is kept under in the browser: the SHA-256 of the image file's bytes
 * (so the same scan dropped again, under any name, finds its correction) and the frame (DICOM)
 * or page (TIFF), 0-based.
 */
export async function correctionKey(bytes: Uint8Array, frame: number | null): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return `sha256:${hex}#${frame ?? 0}`;
}

/** Where an unfinished correction of the image with `key` is kept until it is accepted or cancelled. */
export function draftKey(key: string): string {
  return `${key}:draft`;
}

// A short fingerprint of a text: enough to tell whether a note's body changed since it was written (not a security hash).

/** Its length and a 32-bit FNV-1a hash of its UTF-16 code units, e.g. "1kq-9f3a21c0". */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length.toString(36)}-${(hash >>> 0).toString(16).padStart(8, "0")}`;
}

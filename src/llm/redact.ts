// Removes secrets (API keys, bearer tokens) from any text before it can reach a person, a note or a log.

const MASK = "[redacted]";

/** Replaces every occurrence of each secret, and any `Bearer <token>`, with a mask. Empty secrets are ignored. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  const sorted = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(MASK);
  return out.replace(/Bearer\s+[^\s"',;]+/gi, `Bearer ${MASK}`).replace(/\bsk-[A-Za-z0-9_-]{8,}/g, MASK);
}

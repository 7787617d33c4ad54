// Step ids: a short, URL- and file-safe slug of a title (letters of any script kept).
export function slug(title: string, maxLength = 48): string {
  // Plain ASCII has no accents to take apart and only ASCII letters; most titles are.
  const ascii = /^[\x20-\x7e]*$/.test(title);
  const letters = ascii ? title.toLowerCase() : title.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  const base = letters.replace(ascii ? /[^a-z0-9]+/g : /[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  const cut = base.length > maxLength ? base.slice(0, maxLength).replace(/-+$/g, "") : base;
  return cut || "step";
}

// Step ids: a short, URL- and file-safe slug of a title (letters of any script kept).
export function slug(title: string, maxLength = 48): string {
  const base = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  const cut = base.length > maxLength ? base.slice(0, maxLength).replace(/-+$/g, "") : base;
  return cut || "step";
}

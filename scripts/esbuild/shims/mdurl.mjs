// Stand-in for mdurl inside markdown-it: link targets are kept as written. The SOP parser reads a link's text, never its
// target, so normalising and percent-encoding URLs (markdown-it's normalizeLink) would be work nobody reads.
export function parse(url) {
  return { href: url };
}

export function format(parsed) {
  return parsed.href;
}

export function encode(text) {
  return text;
}
encode.defaultChars = ";/?:@&=+$,-_.!~*'()#";
encode.componentChars = "-_.!~*'()";

export function decode(text) {
  return text;
}
decode.defaultChars = ";/?:@&=+$,#";
decode.componentChars = "";

// Stand-in for the entities package inside markdown-it: HTML's Latin-1 references and the typographic ones people type,
// not all 2,231 of HTML (18 KB of main.js). markdown-it decodes numeric references itself and asks this only about
// `&name;`; a name not known here stays in the text as written, as markdown-it does with any unknown name.

/** HTML's names for U+00A0 to U+00FF, in code point order. */
const LATIN1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para " +
  "middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute " +
  "Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute " +
  "THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde " +
  "ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";

const OTHERS = {
  amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009", zwnj: "\u200c",
  zwj: "\u200d", lrm: "\u200e", rlm: "\u200f", trade: "™", mdash: "—", ndash: "–", minus: "−", hellip: "…", lsquo: "‘",
  rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„", lsaquo: "‹", rsaquo: "›", bull: "•", dagger: "†",
  Dagger: "‡", prime: "′", Prime: "″", permil: "‰", euro: "€", infin: "∞", le: "≤", ge: "≥", ne: "≠", asymp: "≈",
  larr: "←", rarr: "→", uarr: "↑", darr: "↓", harr: "↔", lArr: "⇐", rArr: "⇒", hArr: "⇔", check: "✓", cross: "✗",
  star: "☆", starf: "★", hearts: "♥", spades: "♠", clubs: "♣", diams: "♦", loz: "◊", OElig: "Œ", oelig: "œ",
  Scaron: "Š", scaron: "š", Yuml: "Ÿ", fnof: "ƒ", circ: "ˆ", tilde: "˜",
};

const NAMED = new Map(LATIN1.split(" ").map((name, index) => [name, String.fromCharCode(0xa0 + index)]));
for (const [name, text] of Object.entries(OTHERS)) NAMED.set(name, text);

/** The names this stand-in decodes (tests/build/ checks each against the entities package). */
export function knownNames() {
  return [...NAMED.keys()];
}

const NAMED_REFERENCE = /^&([A-Za-z][A-Za-z0-9]*);$/;

export function decodeHTMLStrict(text) {
  const name = NAMED_REFERENCE.exec(text)?.[1];
  return (name !== undefined && NAMED.get(name)) || text;
}

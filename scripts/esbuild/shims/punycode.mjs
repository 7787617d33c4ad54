// Stand-in for punycode.js inside markdown-it: never reached, as the mdurl stand-in reports no host names to convert.
function toASCII(host) {
  return host;
}

function toUnicode(host) {
  return host;
}

export default { toASCII, toUnicode };

// Stand-in for linkify-it inside markdown-it: the parser runs with linkify off, so nothing is ever recognised as a bare link.
export class LinkifyIt {
  test() {
    return false;
  }

  match() {
    return null;
  }

  matchAtStart() {
    return null;
  }
}

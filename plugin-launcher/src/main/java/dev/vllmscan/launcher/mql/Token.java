package dev.vllmscan.launcher.mql;

/** A lexical token with its offset in the source. */
record Token(Kind kind, String text, int pos) {
  enum Kind { IDENT, STRING, INT, FLOAT, REGEX, OP, EOF }

  boolean is(String op) {
    return kind == Kind.OP && text.equals(op);
  }
}

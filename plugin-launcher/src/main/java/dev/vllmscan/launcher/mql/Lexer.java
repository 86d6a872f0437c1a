package dev.vllmscan.launcher.mql;

import java.util.ArrayList;
import java.util.List;

/** Splits MQL source into tokens. A '/' after == or != starts a regex literal. */
final class Lexer {
  private static final String[] OPS = {"==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", ".", ",", ":", "(", ")",
      "[", "]", "{", "}", "=", "+", "-", "*"};

  private Lexer() {}

  static List<Token> lex(String src) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (Character.isWhitespace(c) || c == ';') {
        i++;
        continue;
      }
      if (c == '#' || (c == '/' && i + 1 < n && src.charAt(i + 1) == '/')) {
        while (i < n && src.charAt(i) != '\n') i++;
        continue;
      }
      int start = i;
      if (Character.isLetter(c) || c == '_' || c == '@') {
        while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_' || src.charAt(i) == '@')) i++;
        out.add(new Token(Token.Kind.IDENT, src.substring(start, i), start));
        continue;
      }
      if (Character.isDigit(c)) {
        while (i < n && Character.isDigit(src.charAt(i))) i++;
        boolean isFloat = false;
        if (i + 1 < n && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
          isFloat = true;
          i++;
          while (i < n && Character.isDigit(src.charAt(i))) i++;
        }
        out.add(new Token(isFloat ? Token.Kind.FLOAT : Token.Kind.INT, src.substring(start, i), start));
        continue;
      }
      if (c == '"' || c == '\'') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < n && src.charAt(i) != c) {
          char ch = src.charAt(i);
          if (ch == '\\' && i + 1 < n) {
            char e = src.charAt(++i);
            sb.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> e;
            });
          } else {
            sb.append(ch);
          }
          i++;
        }
        if (i >= n) throw new MqlException(start, "unterminated string");
        i++;
        out.add(new Token(Token.Kind.STRING, sb.toString(), start));
        continue;
      }
      if (c == '/' && !out.isEmpty() && (out.get(out.size() - 1).is("==") || out.get(out.size() - 1).is("!="))) {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < n && src.charAt(i) != '/') {
          if (src.charAt(i) == '\\' && i + 1 < n && src.charAt(i + 1) == '/') {
            sb.append('/');
            i += 2;
            continue;
          }
          sb.append(src.charAt(i++));
        }
        if (i >= n) throw new MqlException(start, "unterminated regex");
        i++;
        out.add(new Token(Token.Kind.REGEX, sb.toString(), start));
        continue;
      }
      String op = null;
      for (String o : OPS) {
        if (src.startsWith(o, i)) {
          op = o;
          break;
        }
      }
      if (op == null) throw new MqlException(i, "unexpected character '" + c + "'");
      out.add(new Token(Token.Kind.OP, op, i));
      i += op.length();
    }
    out.add(new Token(Token.Kind.EOF, "", n));
    return out;
  }
}

package dev.vllmscan.launcher.mql;

import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for the MQL subset: paths, calls, blocks, operators, literals. */
public final class Parser {
  /**
   * How deep an expression may nest (parentheses, blocks, arguments, '!' and chains of operators or members all
   * count): the checker and executor walk the tree recursively, so depth is bounded here, with a clear error.
   */
  public static final int MAX_DEPTH = 128;

  private final String src;
  private final List<Token> tokens;
  private int at;
  private int depth;

  private Parser(String src) {
    this.src = src;
    this.tokens = Lexer.lex(src);
  }

  public static Expr parse(String src) {
    Parser p = new Parser(src);
    if (p.peek().kind() == Token.Kind.EOF) throw new MqlException(0, "empty query");
    Expr e = p.expr();
    if (p.peek().kind() != Token.Kind.EOF) {
      throw new MqlException(p.peek().pos(), "unexpected '" + p.peek().text() + "'");
    }
    return e;
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    return tokens.get(at++);
  }

  private boolean accept(String op) {
    if (peek().is(op)) {
      at++;
      return true;
    }
    return false;
  }

  private Token expect(String op) {
    if (!peek().is(op)) {
      throw new MqlException(peek().pos(), "expected '" + op + "' but found "
          + (peek().kind() == Token.Kind.EOF ? "the end of the query" : "'" + peek().text() + "'"));
    }
    return next();
  }

  /** Enters one level of nesting; {@code levels} more than the current one must still fit. */
  private void deeper(int pos, int levels) {
    if (depth + levels > MAX_DEPTH) {
      throw new MqlException(pos, "the expression nests deeper than " + MAX_DEPTH + " levels; split it into smaller checks");
    }
  }

  private Expr expr() {
    deeper(peek().pos(), 1);
    depth++;
    try {
      Expr left = and();
      int chain = 0;
      while (peek().is("||")) {
        Token op = next();
        deeper(op.pos(), ++chain);
        left = new Expr.Binary(op.pos(), "||", left, and());
      }
      return left;
    } finally {
      depth--;
    }
  }

  private Expr and() {
    Expr left = unary();
    int chain = 0;
    while (peek().is("&&")) {
      Token op = next();
      deeper(op.pos(), ++chain);
      left = new Expr.Binary(op.pos(), "&&", left, unary());
    }
    return left;
  }

  private Expr unary() {
    if (peek().is("!")) {
      Token op = next();
      deeper(op.pos(), 1);
      depth++;
      try {
        return new Expr.Unary(op.pos(), "!", unary());
      } finally {
        depth--;
      }
    }
    return comparison();
  }

  private Expr comparison() {
    Expr left = postfix();
    for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
      if (peek().is(op)) {
        Token t = next();
        return new Expr.Binary(t.pos(), op, left, postfix());
      }
    }
    if (peek().is("=")) throw new MqlException(peek().pos(), "use '==' to compare");
    return left;
  }

  private Expr postfix() {
    Expr e = primary();
    int chain = 0;
    while (true) {
      if (peek().is(".")) {
        deeper(peek().pos(), ++chain);
        next();
        Token name = next();
        if (name.kind() != Token.Kind.IDENT) throw new MqlException(name.pos(), "expected a field name after '.'");
        if (peek().is("(")) {
          next();
          List<Expr.Arg> args = new ArrayList<>();
          if (!peek().is(")")) {
            do {
              args.add(arg());
            } while (accept(","));
          }
          expect(")");
          e = new Expr.Member(name.pos(), e, name.text(), args, true);
        } else {
          e = new Expr.Member(name.pos(), e, name.text(), List.of(), false);
        }
      } else if (peek().is("{")) {
        e = block(e);
      } else {
        return e;
      }
    }
  }

  private Expr.Arg arg() {
    if (peek().kind() == Token.Kind.IDENT && tokens.get(at + 1).is(":")) {
      String name = next().text();
      next();
      return new Expr.Arg(name, expr());
    }
    return new Expr.Arg(null, expr());
  }

  private Expr block(Expr target) {
    Token open = expect("{");
    List<Expr> items = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    while (!peek().is("}")) {
      if (peek().kind() == Token.Kind.EOF) throw new MqlException(open.pos(), "block is not closed with '}'");
      int start = peek().pos();
      if (peek().is("*")) {
        items.add(new Expr.Star(next().pos()));
        labels.add("*");
        accept(",");
        continue;
      }
      Expr item = expr();
      int end = peek().pos();
      items.add(item);
      // A nested block is labelled by what it projects: `permissions { id }` → "permissions".
      labels.add(src.substring(start, item instanceof Expr.Block b ? b.pos() : end).trim());
      accept(",");
    }
    expect("}");
    return new Expr.Block(open.pos(), target, items, labels);
  }

  private Expr primary() {
    Token t = next();
    switch (t.kind()) {
      case STRING:
        return new Expr.Literal(t.pos(), t.text());
      case INT:
        return new Expr.Literal(t.pos(), Long.parseLong(t.text()));
      case FLOAT:
        return new Expr.Literal(t.pos(), Double.parseDouble(t.text()));
      case REGEX:
        return new Expr.Regex(t.pos(), t.text());
      case IDENT:
        switch (t.text()) {
          case "true": return new Expr.Literal(t.pos(), Boolean.TRUE);
          case "false": return new Expr.Literal(t.pos(), Boolean.FALSE);
          case "null": return new Expr.Literal(t.pos(), null);
          case "empty": return new Expr.Literal(t.pos(), Expr.Empty.EMPTY);
          default: return new Expr.Ident(t.pos(), t.text());
        }
      case OP:
        if (t.text().equals("(")) {
          Expr e = expr();
          expect(")");
          return e;
        }
        if (t.text().equals("[")) {
          List<Expr> items = new ArrayList<>();
          if (!peek().is("]")) {
            do {
              items.add(expr());
            } while (accept(","));
          }
          expect("]");
          return new Expr.ListLit(t.pos(), items);
        }
        if (t.text().equals("-") && (peek().kind() == Token.Kind.INT || peek().kind() == Token.Kind.FLOAT)) {
          Token num = next();
          // Not a ?: expression: its numeric promotion would turn -2 into -2.0.
          Object negative;
          if (num.kind() == Token.Kind.INT) {
            negative = -Long.parseLong(num.text());
          } else {
            negative = -Double.parseDouble(num.text());
          }
          return new Expr.Literal(t.pos(), negative);
        }
        throw new MqlException(t.pos(), "unexpected '" + t.text() + "'");
      default:
        throw new MqlException(t.pos(), "the query ends too early");
    }
  }
}

package dev.vllmscan.launcher.mql;

import java.util.List;

/** The MQL syntax tree. Every node knows where it starts in the source. */
public sealed interface Expr {
  int pos();

  /** A bare name: the start of a path, or a field of the element in a block or predicate. */
  record Ident(int pos, String name) implements Expr {}

  /** {@code target.name} or {@code target.name(args)}. */
  record Member(int pos, Expr target, String name, List<Arg> args, boolean call) implements Expr {}

  record Literal(int pos, Object value) implements Expr {}

  record ListLit(int pos, List<Expr> items) implements Expr {}

  record Regex(int pos, String pattern) implements Expr {}

  record Unary(int pos, String op, Expr operand) implements Expr {}

  record Binary(int pos, String op, Expr left, Expr right) implements Expr {}

  /** {@code target { items }}: project fields of a resource, or of each element of a list. */
  record Block(int pos, Expr target, List<Expr> items, List<String> labels) implements Expr {}

  /** {@code *} inside a block: every field of the resource, each read lazily when the block is evaluated. */
  record Star(int pos) implements Expr {}

  /** One call argument, named ({@code path: "/x"}) or positional. */
  record Arg(String name, Expr value) {}

  /** The {@code empty} keyword. */
  enum Empty { EMPTY }
}

package dev.vllmscan.launcher.mql;

import dev.vllmscan.schema.Schema;

/** Parse + check in one step: what every command does before talking to a provider. */
public record Query(String source, Expr expr) {
  public static Query compile(String source, Schema schema) {
    Expr e = Parser.parse(source);
    new Checker(schema).check(e);
    return new Query(source, e);
  }
}

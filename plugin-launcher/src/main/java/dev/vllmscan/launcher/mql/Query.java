package dev.vllmscan.launcher.mql;

import dev.vllmscan.schema.Schema;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Parse + check in one step: what every command does before talking to a provider. */
public record Query(String source, Expr expr) {
  public static Query compile(String source, Schema schema) {
    Map<String, Query> known = cache(schema);
    Query q = known.get(source);
    if (q != null) return q;
    Expr e = Parser.parse(source);
    new Checker(schema).check(e);
    q = new Query(source, e);
    known.put(source, q);
    return q;
  }

  /**
   * A policy's queries are compiled when the bundle is checked (before any probe), again to prefetch their fields
   * and again to run: a compiled query is immutable, so each source is compiled once for the schema in use (a
   * process uses one provider schema; another schema starts a new cache). Sources that fail to compile are not kept.
   */
  private static Schema cachedFor;
  private static Map<String, Query> cache = new ConcurrentHashMap<>();

  private static synchronized Map<String, Query> cache(Schema schema) {
    if (schema != cachedFor) {
      cachedFor = schema;
      cache = new ConcurrentHashMap<>();
    }
    return cache;
  }
}

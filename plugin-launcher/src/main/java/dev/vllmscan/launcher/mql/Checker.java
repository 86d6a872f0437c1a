package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.Types;
import dev.vllmscan.schema.Field;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import dev.vllmscan.llx.Values;

/**
 * Type-checks a query against the installed schema before anything is sent to the provider: unknown
 * resources, fields and functions are reported with their position and the nearest known name.
 */
public final class Checker {
  static final String ANY = Types.ANY;
  private final Schema schema;

  public Checker(Schema schema) {
    this.schema = schema;
  }

  /** Returns the llx type of the expression ({@code any} where it cannot be known statically). */
  public String check(Expr e) {
    return type(e, null);
  }

  /** Dotted name of a pure path ({@code a.b.c} without calls), or null. */
  static String path(Expr e) {
    if (e instanceof Expr.Ident id) return id.name();
    if (e instanceof Expr.Member m && !m.call()) {
      String p = path(m.target());
      return p == null ? null : p + "." + m.name();
    }
    return null;
  }

  private String type(Expr e, String scope) {
    if (e instanceof Expr.Literal l) {
      if (l.value() == null || l.value() == Expr.Empty.EMPTY) return ANY;
      return Values.inferType(l.value());
    }
    if (e instanceof Expr.Regex) return Types.REGEX;
    if (e instanceof Expr.ListLit list) {
      list.items().forEach(i -> type(i, scope));
      return Types.array(ANY);
    }
    if (e instanceof Expr.Unary u) {
      type(u.operand(), scope);
      return Types.BOOL;
    }
    if (e instanceof Expr.Binary b) {
      type(b.left(), scope);
      type(b.right(), scope);
      return Types.BOOL;
    }
    if (e instanceof Expr.Block b) {
      String t = type(b.target(), scope);
      String element = Types.isArray(t) ? Types.child(t) : t;
      if (!Types.isResource(element) && !element.equals(ANY)) {
        throw new MqlException(b.pos(), "a block needs a resource or a list of resources, not " + Types.label(t));
      }
      for (Expr item : b.items()) {
        if (!(item instanceof Expr.Star)) type(item, element);
      }
      return Types.isArray(t) ? Types.array(Types.DICT) : Types.DICT;
    }
    if (e instanceof Expr.Ident id) return ident(id, scope);
    Expr.Member m = (Expr.Member) e;
    String targetPath = path(m.target());
    if (targetPath != null && !(scope != null && m.target() instanceof Expr.Ident id0 && hasField(scope, id0.name()))) {
      String full = targetPath + "." + m.name();
      Resource r = schema.resource(full);
      if (r != null && !r.extension()) {
        checkInit(m, r);
        return Types.resource(full);
      }
    }
    String t = type(m.target(), scope);
    return member(m, t, scope);
  }

  private void checkInit(Expr.Member m, Resource r) {
    if (!m.call()) return;
    Set<String> names = new TreeSet<>();
    r.init().forEach(a -> names.add(a.name()));
    for (Expr.Arg a : m.args()) {
      if (a.name() != null && !names.contains(a.name())) {
        String near = Suggest.nearest(a.name(), names);
        throw new MqlException(m.pos(), r.name() + ": no init argument '" + a.name() + "'"
            + (near == null ? "" : "; did you mean " + near + "?"));
      }
    }
  }

  private boolean hasField(String scopeType, String name) {
    if (scopeType == null || !Types.isResource(scopeType)) return false;
    String rn = Types.resourceName(scopeType);
    if (rn.equals(Builtins.ASSET)) return Builtins.ASSET_FIELDS.containsKey(name);
    Resource r = schema.resource(rn);
    return r != null && r.field(name) != null;
  }

  private String ident(Expr.Ident id, String scope) {
    if (scope != null) {
      if (hasField(scope, id.name())) return fieldType(Types.resourceName(scope), id.name());
      if (!Types.isResource(scope) && id.name().equals("_")) return scope;
    }
    if (id.name().equals("_") && scope != null) return scope;
    if (id.name().equals(Builtins.ASSET)) return Types.resource(Builtins.ASSET);
    Resource r = schema.resource(id.name());
    if (r != null) return Types.resource(id.name());
    List<String> known = new ArrayList<>(schema.resources().keySet());
    known.add(Builtins.ASSET);
    if (scope != null && Types.isResource(scope)) {
      Resource sr = schema.resource(Types.resourceName(scope));
      if (sr != null) known.addAll(sr.fields().keySet());
    }
    String near = Suggest.nearest(id.name(), known);
    throw new MqlException(id.pos(), id.name() + ": unknown name" + (near == null ? "" : "; did you mean " + near + "?"));
  }

  private String fieldType(String resource, String field) {
    if (resource.equals(Builtins.ASSET)) return Builtins.ASSET_FIELDS.get(field);
    return schema.resource(resource).field(field).type();
  }

  private String member(Expr.Member m, String t, String scope) {
    if (Types.isResource(t)) {
      String rn = Types.resourceName(t);
      if (rn.equals(Builtins.ASSET)) {
        String ft = Builtins.ASSET_FIELDS.get(m.name());
        if (ft == null) {
          throw noField(m, "asset", Builtins.ASSET_FIELDS.keySet());
        }
        return ft;
      }
      Resource r = schema.resource(rn);
      Field f = r == null ? null : r.field(m.name());
      if (f == null) {
        throw noField(m, rn, r == null ? Set.of() : r.fields().keySet());
      }
      return f.type();
    }
    if (t.equals(ANY) || t.equals(Types.DICT)) {
      m.args().forEach(a -> type(a.value(), scope));
      return ANY;
    }
    List<String> functions = Builtins.functionsFor(t);
    if (!functions.contains(m.name())) {
      String near = Suggest.nearest(m.name(), functions);
      throw new MqlException(m.pos(), m.name() + ": not a function of " + Types.label(t)
          + (near == null ? "" : "; did you mean " + near + "?"));
    }
    String element = Types.isArray(t) ? Types.child(t) : t;
    for (Expr.Arg a : m.args()) {
      boolean perElement = Builtins.PREDICATES.contains(m.name())
          || (m.name().equals("contains") && Types.isArray(t) && Types.isResource(element));
      type(a.value(), perElement ? element : scope);
    }
    return switch (m.name()) {
      case "where" -> t;
      case "all", "any", "none", "one", "contains", "in" -> Types.BOOL;
      case "length" -> Types.INT;
      case "first", "last" -> element;
      case "map" -> Types.array(ANY);
      case "downcase", "upcase" -> Types.STRING;
      default -> ANY;
    };
  }

  private static MqlException noField(Expr.Member m, String resource, Set<String> fields) {
    String near = Suggest.nearest(m.name(), fields);
    return new MqlException(m.pos(), resource + "." + m.name() + ": no such field"
        + (near == null ? "" : "; did you mean " + near + "?"));
  }
}

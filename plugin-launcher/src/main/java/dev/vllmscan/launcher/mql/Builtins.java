package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names the engine knows besides the provider's schema: the host-served {@code asset} and the functions. */
final class Builtins {
  static final String ASSET = "asset";
  static final Map<String, String> ASSET_FIELDS = new LinkedHashMap<>();

  static {
    ASSET_FIELDS.put("name", Types.STRING);
    ASSET_FIELDS.put("platform", Types.STRING);
    ASSET_FIELDS.put("title", Types.STRING);
    ASSET_FIELDS.put("family", Types.array(Types.STRING));
    ASSET_FIELDS.put("kind", Types.STRING);
    ASSET_FIELDS.put("runtime", Types.STRING);
    ASSET_FIELDS.put("version", Types.STRING);
    ASSET_FIELDS.put("ids", Types.array(Types.STRING));
    ASSET_FIELDS.put("fqdn", Types.STRING);
  }

  /** List functions whose argument is evaluated per element. */
  static final Set<String> PREDICATES = Set.of("where", "all", "any", "none", "one", "map");
  static final Set<String> LIST_FUNCTIONS = Set.of("where", "all", "any", "none", "one", "map", "contains", "length",
      "first", "last", "in");
  static final Set<String> STRING_FUNCTIONS = Set.of("contains", "length", "in", "downcase", "upcase");
  static final Set<String> SCALAR_FUNCTIONS = Set.of("in");

  private Builtins() {}

  static List<String> functionsFor(String type) {
    if (Types.isArray(type)) return List.copyOf(LIST_FUNCTIONS);
    if (Types.STRING.equals(type)) return List.copyOf(STRING_FUNCTIONS);
    return List.copyOf(SCALAR_FUNCTIONS);
  }
}

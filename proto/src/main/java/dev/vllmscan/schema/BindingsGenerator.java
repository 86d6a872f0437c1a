package dev.vllmscan.schema;

import dev.vllmscan.llx.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Build step: {@code .lr} → Java bindings, so a provider's fields are bound to code at compile time instead of by
 * name at run time. Per resource, an interface {@code <Resource>Fields<C>} with one typed method per computed field
 * and the dispatch from a field name to that method; and one interface {@code <Provider>Resources<C>} naming every
 * resource's definition. A resource class implements its interface: a field the {@code .lr} declares without a
 * method, or an {@code @Override} method for a field it lacks, does not compile. Each interface also has
 * {@code Field}, the computed fields as constants in {@code .lr} order (so code that lists fields, such as an
 * {@code evidence} map, names and orders them from the {@code .lr}), and {@code instance(id, …)}, the only way the
 * provider makes an instance: one typed argument per static field, so a static field added to the {@code .lr} breaks
 * every creation that does not set it.
 *
 * <p>Arguments: {@code <file.lr> <source root> <java package>}.
 */
public final class BindingsGenerator {
  private static final String RUNTIME = "dev.vllmscan.sdk.runtime";

  public static void main(String[] args) throws Exception {
    if (args.length != 3) throw new IllegalArgumentException("usage: BindingsGenerator <file.lr> <source root> <package>");
    LrParser.LrFile file = new LrParser().parse(Files.readString(Path.of(args[0])));
    String pkg = args[2];
    Path dir = Path.of(args[1]).resolve(pkg.replace('.', '/'));
    Files.createDirectories(dir);
    List<String> registry = new ArrayList<>();
    for (Resource r : file.resources()) {
      Files.writeString(dir.resolve(typeName(r.name()) + "Fields.java"), fields(pkg, r));
      registry.add("  " + typeName(r.name()) + "Fields<C> " + member(r.name()) + "();\n");
    }
    String provider = typeName(file.options().getOrDefault("name", "provider"));
    Files.writeString(dir.resolve(provider + "Resources.java"), "package " + pkg + ";\n\n"
        + "/** Generated from " + Path.of(args[0]).getFileName() + ": every resource the provider serves has a definition. */\n"
        + "public interface " + provider + "Resources<C> {\n" + String.join("", registry) + "}\n");
  }

  static String fields(String pkg, Resource r) {
    StringBuilder methods = new StringBuilder();
    StringBuilder cases = new StringBuilder();
    List<String> constants = new ArrayList<>();
    List<String> params = new ArrayList<>();
    StringBuilder sets = new StringBuilder();
    for (Field f : r.fields().values()) {
      if (f.mandatory()) { // a static field is set when the resource is created, not resolved
        params.add(javaType(f.type()) + " " + f.name());
        sets.append("\n        .set(\"").append(f.name()).append("\", ").append(f.name()).append(')');
        continue;
      }
      constants.add("    " + constant(f.name()) + "(\"" + f.name() + "\")");
      methods.append("  /** {@code ").append(r.name()).append('.').append(f.name()).append("}: ")
          .append(Types.label(f.type())).append(". */\n")
          .append("  ").append(javaType(f.type())).append(' ').append(f.name()).append("(C connection, ResourceInstance self);\n\n");
      cases.append("      case \"").append(f.name()).append("\" -> ").append(f.name()).append("(connection, self);\n");
    }
    return "package " + pkg + ";\n\n"
        + "import " + RUNTIME + ".FieldResolver;\n"
        + "import " + RUNTIME + ".ResourceInstance;\n"
        + "import java.time.Instant;\n"
        + "import java.util.List;\n"
        + "import java.util.Map;\n\n"
        + "/** Generated from the .lr: the computed fields of {@code " + r.name() + "}, one typed method each. */\n"
        + "@SuppressWarnings(\"unused\")\n"
        + "public interface " + typeName(r.name()) + "Fields<C> extends FieldResolver<C> {\n"
        + "  String RESOURCE = \"" + r.name() + "\";\n\n"
        + "  /** The computed fields of {@code " + r.name() + "}, in .lr order. */\n"
        + "  enum Field {\n"
        + (constants.isEmpty() ? "    ;\n" : String.join(",\n", constants) + ";\n")
        + "\n    private final String lrName;\n\n"
        + "    Field(String lrName) {\n      this.lrName = lrName;\n    }\n\n"
        + "    /** The field's name in the .lr and on the wire. */\n"
        + "    public String lrName() {\n      return lrName;\n    }\n  }\n\n"
        + "  /** A new {@code " + r.name() + "} with every static field of the .lr set (null: not known). */\n"
        + "  static ResourceInstance instance(" + String.join(", ", prepend("String instanceId", params)) + ") {\n"
        + "    return new ResourceInstance(RESOURCE, instanceId)" + sets + ";\n"
        + "  }\n\n"
        + methods
        + "  @Override\n"
        + "  default Object resolveField(C connection, ResourceInstance self, String field) {\n"
        + (cases.length() == 0 ? "    throw FieldResolver.notImplemented(RESOURCE, field);\n"
            : "    return switch (field) {\n" + cases
            + "      default -> throw FieldResolver.notImplemented(RESOURCE, field);\n" + "    };\n")
        + "  }\n"
        + "}\n";
  }

  /** The Java type a resolver returns for an llx type; null is always allowed (not set, or not applicable). */
  static String javaType(String type) {
    if (Types.isArray(type)) {
      String child = Types.child(type);
      return Types.isResource(child) ? "List<ResourceInstance>" : "List<" + boxed(child) + ">";
    }
    if (Types.isMap(type)) return "Map<String, " + boxed(Types.mapValue(type)) + ">";
    return boxed(type);
  }

  private static String boxed(String type) {
    if (Types.isResource(type)) return "ResourceInstance";
    if (Types.isArray(type)) return javaType(type);
    if (Types.isMap(type)) return javaType(type);
    return switch (type) {
      case Types.BOOL -> "Boolean";
      case Types.INT, Types.FLOAT -> "Number";
      case Types.STRING, Types.REGEX, Types.VERSION -> "String";
      case Types.TIME -> "Instant";
      default -> "Object"; // dict, any: a JSON-like tree
    };
  }

  /** {@code docsExposed} → {@code DOCS_EXPOSED}. */
  static String constant(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> out = new ArrayList<>(List.of(first));
    out.addAll(rest);
    return out;
  }

  /** {@code vllm.model.permission} → {@code VllmModelPermission}. */
  static String typeName(String resource) {
    StringBuilder out = new StringBuilder();
    for (String part : resource.split("\\.")) {
      out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return out.toString();
  }

  /** {@code vllm.model.permission} → {@code modelPermission}; the root resource is {@code root}. */
  static String member(String resource) {
    int dot = resource.indexOf('.');
    if (dot < 0) return "root";
    String t = typeName(resource.substring(dot + 1));
    return t.substring(0, 1).toLowerCase(Locale.ROOT) + t.substring(1);
  }

  private BindingsGenerator() {}
}

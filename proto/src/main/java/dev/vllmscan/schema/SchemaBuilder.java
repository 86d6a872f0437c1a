package dev.vllmscan.schema;

import dev.vllmscan.llx.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns parsed .lr resources into the schema a host loads: provider id on every resource and field,
 * implicit parent resources and the implicit child fields that let the compiler resolve
 * {@code vllm.server} as a path.
 */
public final class SchemaBuilder {
  private SchemaBuilder() {}

  public static Schema build(LrParser.LrFile file, String providerId) {
    Map<String, Resource> out = new LinkedHashMap<>();
    for (Resource r : file.resources()) {
      Map<String, Field> fields = new LinkedHashMap<>();
      r.fields().forEach((name, f) -> fields.put(name, withProvider(f, providerId)));
      out.put(r.name(), new Resource(r.name(), r.title(), r.desc(), fields, r.init(), r.listType(),
          r.isPrivate(), r.defaults(), providerId, false));
    }
    for (Resource child : List.copyOf(out.values())) {
      String name = child.name();
      int dot;
      while ((dot = name.lastIndexOf('.')) > 0) {
        String parentName = name.substring(0, dot);
        String last = name.substring(dot + 1);
        Resource parent = out.computeIfAbsent(parentName, p ->
            new Resource(p, null, null, new LinkedHashMap<>(), null, null, false, null, null, true));
        Resource described = out.get(name);
        parent.fields().putIfAbsent(last, new Field(last, Types.resource(name), false, List.of(),
            described.title(), described.desc(), true, providerId));
        name = parentName;
      }
    }
    return new Schema(out);
  }

  private static Field withProvider(Field f, String providerId) {
    return new Field(f.name(), f.type(), f.mandatory(), f.refs(), f.title(), f.desc(),
        f.implicitResource(), providerId);
  }
}

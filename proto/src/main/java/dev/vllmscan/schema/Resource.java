package dev.vllmscan.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One resource of the schema: its fields, init arguments and display defaults. */
public record Resource(
    String name,
    String title,
    String desc,
    Map<String, Field> fields,
    List<InitArg> init,
    String listType,
    boolean isPrivate,
    String defaults,
    String provider,
    boolean extension) {

  public Resource {
    fields = fields == null ? new LinkedHashMap<>() : fields;
    init = init == null ? List.of() : List.copyOf(init);
  }

  public Field field(String fieldName) {
    return fields.get(fieldName);
  }

  /** The {@code @defaults} field names, in order. */
  public List<String> defaultFields() {
    if (defaults == null || defaults.isBlank()) {
      return List.of();
    }
    return List.of(defaults.trim().split("\\s+"));
  }
}

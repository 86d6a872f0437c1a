package dev.vllmscan.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <name>.resources.json} in the host's format: snake_case protobuf names, empty values left out
 * (Go's omitempty), type strings as llx bytes.
 */
public final class SchemaJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private SchemaJson() {}

  public static String write(Schema schema) {
    Map<String, Object> resources = new LinkedHashMap<>();
    schema.resources().forEach((name, r) -> resources.put(name, resource(r)));
    try {
      return MAPPER.writeValueAsString(Map.of("resources", resources)) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Schema read(String json) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    JsonNode resources = root.path("resources");
    if (!resources.isObject()) throw new IOException("resources.json has no 'resources' object");
    Map<String, Resource> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : resources.properties()) {
      JsonNode r = e.getValue();
      Map<String, Field> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : r.path("fields").properties()) {
        JsonNode fn = f.getValue();
        List<String> refs = new ArrayList<>();
        fn.path("refs").forEach(x -> refs.add(x.asText()));
        fields.put(f.getKey(), new Field(f.getKey(), fn.path("type").asText(""), fn.path("is_mandatory").asBoolean(),
            refs, text(fn, "title"), text(fn, "desc"), fn.path("is_implicit_resource").asBoolean(), text(fn, "provider")));
      }
      List<InitArg> init = new ArrayList<>();
      r.path("init").path("args").forEach(a ->
          init.add(new InitArg(a.path("name").asText(), a.path("type").asText(), a.path("optional").asBoolean())));
      out.put(e.getKey(), new Resource(e.getKey(), text(r, "title"), text(r, "desc"), fields, init,
          text(r, "list_type"), r.path("private").asBoolean(), text(r, "defaults"), text(r, "provider"),
          r.path("is_extension").asBoolean()));
    }
    return new Schema(out);
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Map<String, Object> resource(Resource r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.name());
    if (!r.extension()) m.put("name", r.name());
    Map<String, Object> fields = new LinkedHashMap<>();
    r.fields().forEach((name, f) -> fields.put(name, field(f)));
    m.put("fields", fields);
    if (!r.init().isEmpty()) {
      List<Map<String, Object>> args = new ArrayList<>();
      for (InitArg a : r.init()) {
        Map<String, Object> am = new LinkedHashMap<>();
        am.put("name", a.name());
        am.put("type", a.type());
        if (a.optional()) am.put("optional", true);
        args.add(am);
      }
      m.put("init", Map.of("args", args));
    }
    put(m, "list_type", r.listType());
    put(m, "title", r.title());
    put(m, "desc", r.desc());
    if (r.isPrivate()) m.put("private", true);
    put(m, "defaults", r.defaults());
    put(m, "provider", r.provider());
    if (r.extension()) m.put("is_extension", true);
    return m;
  }

  private static Map<String, Object> field(Field f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("type", f.type());
    if (f.mandatory()) m.put("is_mandatory", true);
    if (!f.refs().isEmpty()) m.put("refs", f.refs());
    put(m, "title", f.title());
    put(m, "desc", f.desc());
    if (f.implicitResource()) m.put("is_implicit_resource", true);
    put(m, "provider", f.provider());
    return m;
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) m.put(key, value);
  }
}

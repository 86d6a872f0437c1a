package dev.vllmscan.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.llx.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrParserTest {
  private static final String SOURCE = String.join("\n",
      "option provider = \"dev.example/p\"",
      "option name = \"vllm\"",
      "",
      "// Root resource",
      "// spanning two lines",
      "vllm {",
      "  // Server roll-up",
      "  server() vllm.server",
      "  endpoints() []vllm.endpoint",
      "}",
      "",
      "// Server",
      "vllm.server @defaults(\"baseUrl reachable\") {",
      "  // Base URL",
      "  baseUrl string",
      "  reachable(baseUrl) bool",
      "  labels() map[string]string",
      "}",
      "",
      "// One route",
      "vllm.endpoint {",
      "  init(path string, method? string)",
      "  path string",
      "}",
      "",
      "// A permission",
      "private vllm.model.permission {",
      "  id string",
      "}",
      "");

  @Test
  void parsesResourcesFieldsAndDocs() {
    LrParser.LrFile file = new LrParser().parse(SOURCE);
    assertEquals("dev.example/p", file.options().get("provider"));
    assertEquals(4, file.resources().size());
    Resource root = file.resources().get(0);
    assertEquals("Root resource", root.title());
    assertEquals("spanning two lines", root.desc());
    Resource server = file.resources().get(1);
    assertEquals(List.of("baseUrl", "reachable"), server.defaultFields());
    assertTrue(server.field("baseUrl").mandatory());
    assertFalse(server.field("reachable").mandatory());
    assertEquals(List.of("\"baseUrl\""), server.field("reachable").refs());
    assertEquals(Types.map(Types.STRING, Types.STRING), server.field("labels").type());
    Resource endpoint = file.resources().get(2);
    assertEquals(2, endpoint.init().size());
    assertTrue(endpoint.init().get(1).optional());
    assertTrue(file.resources().get(3).isPrivate());
  }

  @Test
  void schemaAddsImplicitParentsAndProviderIds() throws Exception {
    Schema schema = SchemaBuilder.build(new LrParser().parse(SOURCE), "dev.example/p");
    Field implicit = schema.resource("vllm").field("endpoint");
    assertTrue(implicit.implicitResource());
    assertEquals(Types.resource("vllm.endpoint"), implicit.type());
    assertEquals("One route", implicit.title());
    assertFalse(schema.resource("vllm").field("server").implicitResource());
    Resource model = schema.resource("vllm.model");
    assertTrue(model.extension());
    assertNull(model.provider());
    assertEquals(Types.resource("vllm.model.permission"), model.field("permission").type());
    schema.resources().values().stream().filter(r -> !r.extension()).forEach(r -> {
      assertEquals("dev.example/p", r.provider());
      r.fields().values().forEach(f -> assertEquals("dev.example/p", f.provider(), r.name() + "." + f.name()));
    });

    String json = SchemaJson.write(schema);
    assertTrue(json.contains("\"is_mandatory\" : true"));
    assertTrue(json.contains("\"is_implicit_resource\" : true"));
    assertTrue(json.contains("\\u0019\\u001Bvllm.endpoint"), json);
    assertFalse(json.contains("isMandatory"));
    Schema back = SchemaJson.read(json);
    assertEquals(schema.resources().keySet(), back.resources().keySet());
    assertEquals(schema.resource("vllm.server").field("labels"), back.resource("vllm.server").field("labels"));
  }

  @Test
  void reportsErrorsWithLineNumbers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LrParser().parse("vllm {\n  what is this\n}\n"));
    assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
  }
}

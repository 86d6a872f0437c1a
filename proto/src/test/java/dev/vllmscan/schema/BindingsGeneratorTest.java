package dev.vllmscan.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BindingsGeneratorTest {
  private static final String SOURCE = """
      option name = "demo"
      demo.server {
        baseUrl string
        reachable() bool
        docsExposed() bool
        port int
        evidence() map[string][]string
      }
      """;

  private static String generated() {
    LrParser.LrFile file = new LrParser().parse(SOURCE);
    return BindingsGenerator.fields("p", file.resources().get(0));
  }

  @Test
  void listsTheComputedFieldsAsConstantsInLrOrder() {
    String java = generated();
    assertTrue(java.contains("""
          enum Field {
            REACHABLE("reachable"),
            DOCS_EXPOSED("docsExposed"),
            EVIDENCE("evidence");
        """), java);
    assertFalse(java.contains("BASE_URL"), "a static field is not resolved, so it is no Field: " + java);
  }

  @Test
  void makesInstancesWithOneTypedArgumentPerStaticField() {
    String java = generated();
    assertTrue(java.contains("""
          static ResourceInstance instance(String instanceId, String baseUrl, Number port) {
            return new ResourceInstance(RESOURCE, instanceId)
                .set("baseUrl", baseUrl)
                .set("port", port);
          }
        """), java);
  }
}

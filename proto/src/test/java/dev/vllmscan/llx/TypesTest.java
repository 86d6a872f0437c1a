package dev.vllmscan.llx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypesTest {
  @ParameterizedTest
  @CsvSource({"string", "bool", "int", "time", "dict", "[]string", "map[string]string", "vllm.server",
      "[]vllm.endpoint", "map[string][]string"})
  void labelsRoundTrip(String label) {
    assertEquals(label, Types.label(Types.parseLabel(label)));
  }

  @org.junit.jupiter.api.Test
  void typeBytes() {
    assertEquals("\u0019\u0007", Types.parseLabel("[]string"));
    assertEquals("\u001a\u0007\u0007", Types.parseLabel("map[string]string"));
    assertEquals("\u001bvllm.server", Types.parseLabel("vllm.server"));
  }
}

package dev.vllmscan.launcher.mql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vllmscan.llx.ResourceRef;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field reads are the memo's keys: equal exactly when resource, id and field are. */
class FieldReadTest {
  @Test
  void equalWhenResourceIdAndFieldAre() {
    DataSource.FieldRead a = new DataSource.FieldRead(new ResourceRef("vllm.endpoint", "GET /health"), "requiresAuth");
    DataSource.FieldRead b = new DataSource.FieldRead(new ResourceRef("vllm.endpoint", "GET /health"), "requiresAuth");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new DataSource.FieldRead(new ResourceRef("vllm.endpoint", "GET /health"), "status"));
    assertNotEquals(a, new DataSource.FieldRead(new ResourceRef("vllm.endpoint", "GET /metrics"), "requiresAuth"));
    assertNotEquals(a, new DataSource.FieldRead(new ResourceRef("vllm.model", "GET /health"), "requiresAuth"));
  }

  @Test
  void partsNeverRunTogether() {
    // The joined string key this replaced made these two one entry.
    Map<DataSource.FieldRead, String> memo = new HashMap<>();
    memo.put(new DataSource.FieldRead(new ResourceRef("r", "a\u0000b"), "c"), "one");
    memo.put(new DataSource.FieldRead(new ResourceRef("r", "a"), "b\u0000c"), "two");
    assertEquals(2, memo.size());
  }
}

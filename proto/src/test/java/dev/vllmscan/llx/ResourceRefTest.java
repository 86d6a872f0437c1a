package dev.vllmscan.llx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** ResourceRef's written-out equals and hashCode keep the record contract: both components, and nulls. */
class ResourceRefTest {
  @Test
  void equalByNameAndIdOnly() {
    ResourceRef a = new ResourceRef("vllm.endpoint", "/v1/models");
    ResourceRef b = new ResourceRef(new String("vllm.endpoint"), new String("/v1/models"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new ResourceRef("vllm.model", "/v1/models"));
    assertNotEquals(a, new ResourceRef("vllm.endpoint", "/v1/chat"));
    assertNotEquals(a, null);
    assertNotEquals(a, "vllm.endpoint#/v1/models");
    assertEquals(new ResourceRef("vllm", null), new ResourceRef("vllm", null));
    assertNotEquals(new ResourceRef("vllm", null), new ResourceRef("vllm", ""));
    assertEquals(new ResourceRef(null, "x").hashCode(), new ResourceRef(null, "x").hashCode());
  }
}

package dev.vllmscan.sdk.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ResourceCacheTest {
  @Test
  void oneInstancePerNameAndId() {
    ResourceCache cache = new ResourceCache();
    ResourceInstance a = cache.getOrCreate("vllm.endpoint", "GET /health", () -> new ResourceInstance("vllm.endpoint", "GET /health"));
    assertSame(a, cache.getOrCreate("vllm.endpoint", "GET /health", () -> new ResourceInstance("x", "y")));
    assertSame(a, cache.get("vllm.endpoint", "GET /health"));
    assertSame(a, cache.register(new ResourceInstance("vllm.endpoint", "GET /health")), "the first one stays");
    assertNull(cache.get("vllm.endpoint", "GET /metrics"));
    assertNull(cache.get("vllm.model", "GET /health"));
    assertEquals(1, cache.size());
  }

  @Test
  void namesAndIdsNeverRunTogether() {
    // A key joined from both strings made ("a\0b", "c") and ("a", "b\0c") the same resource.
    ResourceCache cache = new ResourceCache();
    ResourceInstance one = cache.register(new ResourceInstance("a\u0000b", "c"));
    ResourceInstance two = cache.register(new ResourceInstance("a", "b\u0000c"));
    assertNotSame(one, two);
    assertSame(two, cache.get("a", "b\u0000c"));
    assertEquals(2, cache.size());
  }
}

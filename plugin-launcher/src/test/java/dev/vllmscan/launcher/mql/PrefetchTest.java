package dev.vllmscan.launcher.mql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.llx.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a policy's prefetch asks the source for: its resources together, then all their fields together. */
class PrefetchTest {
  static final class Recording implements DataSource {
    final List<List<String>> creates = new CopyOnWriteArrayList<>();
    final List<List<FieldRead>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch read = new CountDownLatch(1);

    @Override
    public ResourceRef create(String resource, Map<String, Object> args) {
      creates.add(List.of(resource));
      return new ResourceRef(resource, "id");
    }

    @Override
    public Map<String, ResourceRef> createAll(List<String> resources) {
      creates.add(List.copyOf(resources));
      Map<String, ResourceRef> out = new java.util.LinkedHashMap<>();
      // One of them cannot be created: it is left out, and its fields are not read.
      for (String r : resources) if (!r.equals("vllm.metrics")) out.put(r, new ResourceRef(r, "id"));
      return out;
    }

    @Override
    public Object field(ResourceRef ref, String field) {
      return null;
    }

    @Override
    public List<CompletableFuture<Object>> fieldsAsync(List<FieldRead> reads) {
      batches.add(List.copyOf(reads));
      read.countDown();
      List<CompletableFuture<Object>> out = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) out.add(CompletableFuture.completedFuture(null));
      return out;
    }

    @Override
    public Map<String, Object> asset() {
      return Map.of();
    }
  }

  @Test
  void resourcesInOneCallThenTheirFieldsInOneBatch() throws Exception {
    Recording source = new Recording();
    try (Executor e = new Executor(ExecutorTest.SCHEMA, source)) {
      e.prefetch(List.of(
          Query.compile("vllm.server.docsExposed == false", ExecutorTest.SCHEMA).expr(),
          Query.compile("vllm.metrics.prometheusExposed == false", ExecutorTest.SCHEMA).expr(),
          Query.compile("vllm.server.apiKeyRequired == true", ExecutorTest.SCHEMA).expr()));
      assertTrue(source.read.await(10, TimeUnit.SECONDS), "the prefetch read nothing");
      Thread.sleep(100); // nothing more may follow
    }
    assertEquals(List.of(List.of("vllm.server", "vllm", "vllm.metrics")), source.creates, "one call for all three");
    assertEquals(1, source.batches.size(), "one batch for every prefetched field: " + source.batches);
    Set<String> read = new TreeSet<>();
    for (DataSource.FieldRead r : source.batches.get(0)) read.add(r.ref().name() + "." + r.field());
    assertTrue(read.containsAll(Set.of("vllm.server.docsExposed", "vllm.server.apiKeyRequired")), read.toString());
    assertTrue(read.stream().noneMatch(f -> f.startsWith("vllm.metrics.")), "a resource not created is not read: " + read);
  }
}

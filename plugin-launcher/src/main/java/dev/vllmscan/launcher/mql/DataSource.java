package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.ResourceRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Where the executor gets resources and fields: the provider over gRPC, or a fake in tests. */
public interface DataSource {
  ResourceRef create(String resource, Map<String, Object> args);

  /**
   * Creates these argument-less resources; the ones that could not be created are left out (whoever reads them asks
   * again and reports why). Sources that can send them in one round trip (the provider over gRPC) override it.
   */
  default Map<String, ResourceRef> createAll(List<String> resources) {
    Map<String, ResourceRef> out = new LinkedHashMap<>();
    for (String r : resources) {
      try {
        out.put(r, create(r, Map.of()));
      } catch (RuntimeException e) {
        // left out: the check that reads it reports the error
      }
    }
    return out;
  }

  /** The field value; throws {@link QueryError} for a provider field error. */
  Object field(ResourceRef ref, String field);

  /**
   * Starts reading a field without waiting; the future fails with the {@link QueryError} {@link #field} would
   * throw. Sources that can pipeline requests (the provider over gRPC) override it.
   */
  default CompletableFuture<Object> fieldAsync(ResourceRef ref, String field) {
    try {
      return CompletableFuture.completedFuture(field(ref, field));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Many reads at once (one round trip where the source can); one future per read, in order. */
  default List<CompletableFuture<Object>> fieldsAsync(List<FieldRead> reads) {
    return reads.stream().map(r -> fieldAsync(r.ref(), r.field())).toList();
  }

  /** One field of one resource; also the key its memoised value is kept under. */
  record FieldRead(ResourceRef ref, String field) {
    // Written out: a record's own equals/hashCode are bootstrapped through invokedynamic on first use in every start.
    @Override
    public boolean equals(Object o) {
      return o instanceof FieldRead r && Objects.equals(ref, r.ref) && Objects.equals(field, r.field);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(ref) + Objects.hashCode(field);
    }
  }

  /** Fields of the host-served {@code asset} resource. */
  Map<String, Object> asset();
}

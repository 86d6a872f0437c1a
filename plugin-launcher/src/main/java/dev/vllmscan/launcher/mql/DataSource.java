package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.ResourceRef;
import java.util.Map;

/** Where the executor gets resources and fields: the provider over gRPC, or a fake in tests. */
public interface DataSource {
  ResourceRef create(String resource, Map<String, Object> args);

  /** The field value; throws {@link QueryError} for a provider field error. */
  Object field(ResourceRef ref, String field);

  /** Fields of the host-served {@code asset} resource. */
  Map<String, Object> asset();
}

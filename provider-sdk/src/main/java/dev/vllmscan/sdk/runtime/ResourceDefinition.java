package dev.vllmscan.sdk.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How one resource is created and how each of its computed fields resolves. Subclasses only wire
 * fields to domain code; the runtime handles caching, typing and errors.
 */
public abstract class ResourceDefinition<C extends ProviderConnection> {
  private final String name;
  private final Map<String, BiFunction<C, ResourceInstance, Object>> resolvers = new HashMap<>();

  protected ResourceDefinition(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  protected final void field(String field, BiFunction<C, ResourceInstance, Object> resolver) {
    resolvers.put(field, resolver);
  }

  /** Creates (or finds) the instance for these init arguments and registers it in the cache. */
  public abstract ResourceInstance create(C connection, Map<String, Object> args);

  public Object resolve(C connection, ResourceInstance self, String field) {
    BiFunction<C, ResourceInstance, Object> resolver = resolvers.get(field);
    if (resolver == null) {
      throw new FieldError("field '" + field + "' of " + name + " is not implemented yet");
    }
    return resolver.apply(connection, self);
  }
}

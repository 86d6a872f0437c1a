package dev.vllmscan.sdk.runtime;

import java.util.Map;

/**
 * How one resource is created and how each of its computed fields resolves. A subclass implements the
 * {@link FieldResolver} generated from the provider's {@code .lr}, so every field is bound to a typed method at
 * compile time; the runtime handles caching, typing and errors.
 */
public abstract class ResourceDefinition<C extends ProviderConnection> {
  private final String name;

  protected ResourceDefinition(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Creates (or finds) the instance for these init arguments and registers it in the cache. */
  public abstract ResourceInstance create(C connection, Map<String, Object> args);

  @SuppressWarnings("unchecked")
  public Object resolve(C connection, ResourceInstance self, String field) {
    if (this instanceof FieldResolver<?> bound) return ((FieldResolver<C>) bound).resolveField(connection, self, field);
    throw FieldResolver.notImplemented(name, field);
  }
}

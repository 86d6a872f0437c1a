package dev.vllmscan.sdk.runtime;

import dev.vllmscan.llx.ResourceRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One resource in a connection's cache. Fields are memoised: each is computed at most once, and
 * concurrent reads of the same field wait for the one computation while other fields proceed.
 */
public final class ResourceInstance {
  private final String name;
  private final String id;
  private final Map<String, Memo> fields = new ConcurrentHashMap<>();
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();

  public ResourceInstance(String name, String id) {
    this.name = name;
    this.id = id;
  }

  public String name() {
    return name;
  }

  public String id() {
    return id;
  }

  public ResourceRef ref() {
    return new ResourceRef(name, id);
  }

  /** Sets a field's value (static fields at creation, StoreData later). */
  public ResourceInstance set(String field, Object value) {
    fields.put(field, new Memo(FieldResult.of(value)));
    return this;
  }

  public void store(String field, FieldResult result) {
    fields.put(field, new Memo(result));
  }

  /** Provider-private data carried by the instance (not a schema field). */
  public ResourceInstance attach(String key, Object value) {
    attributes.put(key, value);
    return this;
  }

  @SuppressWarnings("unchecked")
  public <T> T attachment(String key) {
    return (T) attributes.get(key);
  }

  public FieldResult read(String field, Supplier<FieldResult> compute) {
    return fields.computeIfAbsent(field, f -> new Memo(null)).get(compute);
  }

  /** A field's result when it is already set or computed (nothing is computed here), else null. */
  public FieldResult known(String field) {
    Memo m = fields.get(field);
    return m == null ? null : m.result;
  }

  /** The value of a field already set, or null. */
  public Object value(String field) {
    Memo m = fields.get(field);
    FieldResult r = m == null ? null : m.result;
    return r == null ? null : r.value();
  }

  private static final class Memo {
    private volatile FieldResult result;

    Memo(FieldResult result) {
      this.result = result;
    }

    FieldResult get(Supplier<FieldResult> compute) {
      FieldResult r = result;
      if (r != null) return r;
      synchronized (this) {
        if (result == null) result = compute.get();
        return result;
      }
    }
  }
}

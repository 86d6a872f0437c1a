package dev.vllmscan.sdk.runtime;

import dev.vllmscan.llx.ResourceRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A connection's resources, addressable by (name, id). Child connections may share their parent's. */
public final class ResourceCache {
  // Keyed by reference, not by a string joined from both: a fleet's provider looks resources up ~600 times per target.
  private final Map<ResourceRef, ResourceInstance> instances = new ConcurrentHashMap<>();

  private static ResourceRef key(String name, String id) {
    return new ResourceRef(name, id);
  }

  public ResourceInstance get(String name, String id) {
    return instances.get(key(name, id));
  }

  /** Returns the cached instance with this identity, or registers the one the supplier makes. */
  public ResourceInstance getOrCreate(String name, String id, Supplier<ResourceInstance> create) {
    return instances.computeIfAbsent(key(name, id), k -> create.get());
  }

  public ResourceInstance register(ResourceInstance instance) {
    ResourceInstance prior = instances.putIfAbsent(key(instance.name(), instance.id()), instance);
    return prior == null ? instance : prior;
  }

  public int size() {
    return instances.size();
  }
}

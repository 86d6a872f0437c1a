package dev.vllmscan.schema;

import java.util.Map;
import java.util.TreeMap;

/** A provider's resource schema: resource name → resource. */
public final class Schema {
  private final Map<String, Resource> resources;

  public Schema(Map<String, Resource> resources) {
    this.resources = new TreeMap<>(resources);
  }

  public Map<String, Resource> resources() {
    return resources;
  }

  public Resource resource(String name) {
    return resources.get(name);
  }
}

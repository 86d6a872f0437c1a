package dev.vllmscan.llx;

import java.util.Objects;

/** A reference to a provider resource: its name and the opaque id the provider chose. */
public record ResourceRef(String name, String id) {
  // equals and hashCode written out: a record's own are bootstrapped through invokedynamic, which generates classes on
  // first use in every JVM start; references are cache keys in every evaluation.
  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceRef r && Objects.equals(name, r.name) && Objects.equals(id, r.id);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(name) + Objects.hashCode(id);
  }

  @Override
  public String toString() {
    return name + "#" + id;
  }
}

package dev.vllmscan.llx;

/** A reference to a provider resource: its name and the opaque id the provider chose. */
public record ResourceRef(String name, String id) {
  @Override
  public String toString() {
    return name + "#" + id;
  }
}

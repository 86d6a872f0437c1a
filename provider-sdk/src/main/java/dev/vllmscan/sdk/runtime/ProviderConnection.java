package dev.vllmscan.sdk.runtime;

/** State every connection has: the host-assigned id and the resource cache. */
public abstract class ProviderConnection {
  private final int id;
  private final ResourceCache cache;

  protected ProviderConnection(int id, ResourceCache cache) {
    this.id = id;
    this.cache = cache;
  }

  public int id() {
    return id;
  }

  public ResourceCache cache() {
    return cache;
  }

  /** Releases what the connection holds (HTTP clients, threads). */
  public abstract void close();
}

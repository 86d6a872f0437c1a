package dev.vllmscan.provider.connection;

import dev.vllmscan.sdk.runtime.ProviderConnection;
import dev.vllmscan.sdk.runtime.ResourceCache;

/** One connected target: its config, its posture (and through it the one HTTP client), its resources. */
public final class VllmConnection extends ProviderConnection {
  private final Posture posture;

  public VllmConnection(int id, ResourceCache cache, Posture posture) {
    super(id, cache);
    this.posture = posture;
  }

  public Posture posture() {
    return posture;
  }

  public String baseUrl() {
    return posture.config().baseUrl();
  }

  @Override
  public void close() {
    posture.close();
  }
}

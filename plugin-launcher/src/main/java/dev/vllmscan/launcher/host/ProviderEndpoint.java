package dev.vllmscan.launcher.host;

import java.util.Optional;

/** Where a provider answers: a plugin subprocess (the normal case) or the built-in provider in this JVM. */
public interface ProviderEndpoint {
  Handshake handshake();

  boolean alive();

  String exitDescription();

  /** Lets the provider end on its own for up to {@code graceMillis}, then ends it; true when it ended by itself. */
  boolean stop(long graceMillis);

  /** The operating-system process, when the provider has its own. */
  Optional<ProcessHandle> processHandle();
}

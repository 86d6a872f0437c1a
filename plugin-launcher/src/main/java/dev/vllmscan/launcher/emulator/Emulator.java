package dev.vllmscan.launcher.emulator;

import java.util.List;

/** A running emulated vLLM: HTTP ({@link VllmEmulator}) or the gRPC frontend ({@link GrpcEmulator}), per profile. */
public interface Emulator extends AutoCloseable {
  /** The URL a scan takes: {@code http(s)://127.0.0.1:P} or {@code grpc://127.0.0.1:P}. */
  String url();

  Profile profile();

  /** State-changing handlers (or RPCs) that ran; the scanner must leave this empty. */
  List<String> invocations();

  /** The profile's ports beside the API (none for most profiles). */
  SidePortListeners sidePorts();

  /**
   * The flags that point a scan of this emulator at its own side ports: {@code --side-ports} with the ports it
   * opened, or {@code --no-side-ports} when it opened none (the loopback's default ports belong to this machine).
   */
  default List<String> sidePortFlags() {
    return sidePorts().isEmpty() ? List.of("--no-side-ports") : List.of("--side-ports", sidePorts().flagValue());
  }

  /** The PEM of the private CA that signed this emulator's certificate, or null (no TLS, or a self-signed one). */
  default String caCertificatePem() {
    return null;
  }

  @Override
  void close();

  static Emulator start(Profile profile, int port) {
    return profile.grpc() ? GrpcEmulator.start(profile, port) : VllmEmulator.start(profile, port);
  }
}

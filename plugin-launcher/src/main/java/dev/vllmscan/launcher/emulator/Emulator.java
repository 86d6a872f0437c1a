package dev.vllmscan.launcher.emulator;

/** A running emulated vLLM: HTTP ({@link VllmEmulator}) or the gRPC frontend ({@link GrpcEmulator}), per profile. */
public interface Emulator extends AutoCloseable {
  /** The URL a scan takes: {@code http(s)://127.0.0.1:P} or {@code grpc://127.0.0.1:P}. */
  String url();

  Profile profile();

  /** State-changing handlers (or RPCs) that ran; the scanner must leave this empty. */
  java.util.List<String> invocations();

  @Override
  void close();

  static Emulator start(Profile profile, int port) {
    return profile.grpc() ? GrpcEmulator.start(profile, port) : VllmEmulator.start(profile, port);
  }
}

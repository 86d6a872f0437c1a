package dev.vllmscan.provider.probe.grpc;

import io.grpc.Status;
import java.util.List;

/**
 * Everything one look at a gRPC frontend saw, immutable: the judging is in {@code verdict.GrpcVerdict}.
 *
 * @param noAnswer why nothing answered as a gRPC server (connection refused, timeout, not HTTP/2), null when something did
 * @param reflection what reflection said (null when nothing answered)
 * @param methods the engine's methods: from reflection's descriptor, else the known names (see {@code methodsSource})
 * @param methodsSource {@code reflection}, {@code known-names}, or null when the engine was not asked
 * @param health {@code grpc.health.v1.Health/Check} (null when not sent)
 * @param engine the engine's read-only calls made anonymously
 * @param keyed the one call made with the key, when anonymous calls were refused and a key was given; else null
 * @param skipped read-only methods not called, with why (not listed, or not unary in the server's descriptor)
 * @param sent every RPC the allow-list let through, in order
 */
public record GrpcObservation(GrpcTarget target, String noAnswer, ReflectionClient.Reflection reflection,
    List<MethodInfo> methods, String methodsSource, Rpc health, List<Rpc> engine, Rpc keyed, List<String> skipped,
    List<String> sent) {

  public GrpcObservation {
    methods = methods == null ? List.of() : List.copyOf(methods);
    engine = engine == null ? List.of() : List.copyOf(engine);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
    sent = sent == null ? List.of() : List.copyOf(sent);
  }

  /** A method of the engine as listed: name, streaming, and whether the scanner may call it. */
  public record MethodInfo(String name, boolean clientStreaming, boolean serverStreaming, boolean allowListed) {
    public String line() {
      String kind = clientStreaming && serverStreaming ? "bidi stream" : serverStreaming ? "server stream"
          : clientStreaming ? "client stream" : "unary";
      return GrpcAllowList.ENGINE + "/" + name + " (" + kind + (allowListed ? ", read-only" : "") + ")";
    }
  }

  public boolean answered() {
    return noAnswer == null;
  }

  /** The anonymous call of one engine method, or null when it was not made. */
  public Rpc engineCall(String shortName) {
    return engine.stream().filter(r -> r.shortName().equals(shortName)).findFirst().orElse(null);
  }

  /**
   * Status codes only a gRPC server sends (the others may come from the client's own transport). A code grpc-java
   * made up from a plain HTTP/2 error is UNKNOWN by then ({@link PlainHttpAnswers}), so it never counts here.
   */
  static boolean fromServer(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, CANCELLED -> false;
      default -> true;
    };
  }
}

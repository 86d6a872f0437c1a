package dev.vllmscan.provider.probe.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The only place that decides what the scanner may send over gRPC. Installed on the one channel of a connection,
 * it refuses every other method (and any method whose type is not the one expected: no server-streaming call is
 * ever opened) before a byte reaches the wire, gives every call a deadline, and records what it let through.
 * The engine's methods it lets through are the catalogue's read-only rows ({@link KnownMethods}, one list for the
 * allow-list and the fallback names); reflection and health are protocol methods, named here. Widening the list
 * takes a catalogue row marked read-only, and GrpcAllowListTest pins the set, so it cannot happen unnoticed.
 */
public final class GrpcAllowList implements ClientInterceptor {
  public static final String ENGINE = "vllm.grpc.engine.VllmEngine";
  public static final String REFLECTION_V1ALPHA = "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
  public static final String REFLECTION_V1 = "grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
  public static final String HEALTH = "grpc.health.v1.Health/Check";
  /** VllmEngine's read-only unary methods (their requests carry no field the scanner sets): the catalogue's read-only rows. */
  public static final List<String> ENGINE_READ_ONLY = readOnly(KnownMethods.all());

  /** Reflection is a bidirectional stream by definition; it is the one stream opened (a few requests, then half-close). */
  private static final Set<String> STREAMS = Set.of(REFLECTION_V1ALPHA, REFLECTION_V1);
  private static final Set<String> UNARY = unary(ENGINE_READ_ONLY);

  private final long deadlineMillis;
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();

  public GrpcAllowList(long deadlineMillis) {
    if (deadlineMillis <= 0) throw new IllegalArgumentException("a gRPC deadline must be positive");
    this.deadlineMillis = deadlineMillis;
  }

  /** Whether a method of this name and type may be sent at all. */
  public static boolean allows(String fullMethodName, MethodDescriptor.MethodType type) {
    return allows(UNARY, fullMethodName, type);
  }

  /** The engine's method names a catalogue marks read-only, in its order. */
  static List<String> readOnly(List<KnownMethods.Method> catalogue) {
    return catalogue.stream().filter(KnownMethods.Method::readOnly).map(KnownMethods.Method::name).toList();
  }

  /** The full names of the unary methods that may be sent: health, and the engine's read-only methods. */
  static Set<String> unary(List<String> engineReadOnly) {
    Set<String> out = new LinkedHashSet<>();
    out.add(HEALTH);
    engineReadOnly.forEach(m -> out.add(ENGINE + "/" + m));
    return Set.copyOf(out);
  }

  static boolean allows(Set<String> unary, String fullMethodName, MethodDescriptor.MethodType type) {
    if (STREAMS.contains(fullMethodName)) return type == MethodDescriptor.MethodType.BIDI_STREAMING;
    return unary.contains(fullMethodName) && type == MethodDescriptor.MethodType.UNARY;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    String name = method.getFullMethodName();
    if (!allows(name, method.getType())) {
      refused.add(name + " (" + method.getType() + ")");
      return new Refused<>(Status.PERMISSION_DENIED.withDescription(
          "vllmscan never sends " + name + " (" + method.getType() + "): not on the read-only allow-list"));
    }
    sent.add(name);
    Deadline latest = Deadline.after(deadlineMillis, TimeUnit.MILLISECONDS);
    // A caller may shorten the deadline, never lengthen or drop it.
    CallOptions bounded = options.getDeadline() == null || latest.isBefore(options.getDeadline())
        ? options.withDeadline(latest) : options;
    return next.newCall(method, bounded);
  }

  /** Method names let through, in order (one entry per call). */
  public List<String> sent() {
    return List.copyOf(sent);
  }

  /** Calls refused here (never on the wire); the scanner's own code should leave this empty. */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  /** A call that never starts: its listener is closed with the refusal as soon as it is started. */
  private static final class Refused<Q, R> extends ClientCall<Q, R> {
    private final Status status;

    Refused(Status status) {
      this.status = status;
    }

    @Override
    public void start(Listener<R> listener, Metadata headers) {
      listener.onClose(status, new Metadata());
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void halfClose() {}

    @Override
    public void sendMessage(Q message) {}
  }
}

package dev.vllmscan.provider.probe.grpc;

import com.google.protobuf.Descriptors;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.google.common.util.concurrent.ListenableFuture;

/**
 * One look at a gRPC frontend, in at most three rounds, each bounded by the deadline: reflection; then health and
 * the engine's read-only methods side by side (anonymously); then, only when those were refused and a key was
 * given, one call with the key. Everything goes through the connection's one channel and its allow-list.
 */
public final class GrpcProber implements AutoCloseable {
  private final GrpcTarget target;
  private final GrpcChannel channel;

  public GrpcProber(GrpcTarget target) {
    this.target = target;
    this.channel = new GrpcChannel(target);
  }

  public GrpcTarget target() {
    return target;
  }

  /** RPCs the allow-list refused (the scanner's own code never asks for one; tests assert this stays empty). */
  public List<String> refused() {
    return channel.allowList().refused();
  }

  /** RPCs let through the allow-list so far. */
  public int sentCount() {
    return channel.allowList().sent().size();
  }

  public GrpcObservation observe() {
    long deadline = target.deadlineMillis();
    ReflectionClient.Reflection reflection = new ReflectionClient(channel.channel(), deadline).read();
    if (!reflection.answered() && !GrpcObservation.fromServer(reflection.code())) {
      return new GrpcObservation(target, "no gRPC answer from " + target.address() + ": " + reflection.problem(), null,
          null, null, null, null, null, null, channel.allowList().sent());
    }
    List<GrpcObservation.MethodInfo> methods = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Call> calls = new ArrayList<>();
    String source = null;
    EngineCaller caller = new EngineCaller(channel.channel(), deadline);
    boolean askEngine = !reflection.listed() || reflection.engineListed();
    if (askEngine && reflection.engine() != null) {
      source = "reflection";
      for (Descriptors.MethodDescriptor m : reflection.engine().getMethods()) {
        boolean readOnly = GrpcAllowList.ENGINE_READ_ONLY.contains(m.getName());
        methods.add(new GrpcObservation.MethodInfo(m.getName(), m.isClientStreaming(), m.isServerStreaming(), readOnly));
      }
      for (String name : GrpcAllowList.ENGINE_READ_ONLY) {
        Descriptors.MethodDescriptor m = reflection.engine().findMethodByName(name);
        if (m == null) skipped.add(name + ": not listed by the server");
        else if (m.isClientStreaming() || m.isServerStreaming()) skipped.add(name + ": a stream on this server, never opened");
        else calls.add(new Call(name, m));
      }
    } else if (askEngine) {
      // No descriptor: the known names (data), each call with an empty request.
      source = "known-names";
      for (KnownMethods.Method m : KnownMethods.all()) {
        methods.add(new GrpcObservation.MethodInfo(m.name(), false, m.kind().equals("stream"), m.readOnly()));
      }
      for (String name : GrpcAllowList.ENGINE_READ_ONLY) calls.add(new Call(name, null));
    }
    var health = ClientCalls.futureUnaryCall(channel.channel().newCall(HealthGrpc.getCheckMethod(),
        CallOptions.DEFAULT.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)), HealthCheckRequest.getDefaultInstance());
    List<EngineCaller.Pending> pending = calls.stream()
        .map(c -> caller.start(GrpcAllowList.ENGINE + "/" + c.name(), c.descriptor(), false)).toList();
    Rpc healthRpc = health(health, deadline);
    List<Rpc> engine = pending.stream().map(caller::finish).toList();
    Rpc keyed = null;
    if (target.hasKey() && !engine.isEmpty() && engine.stream().allMatch(Rpc::refused)) {
      Call first = calls.stream().filter(c -> c.name().equals("GetModelInfo")).findFirst().orElse(calls.get(0));
      keyed = caller.finish(caller.start(GrpcAllowList.ENGINE + "/" + first.name(), first.descriptor(), true))
          .redacted(target.apiKey());
    }
    return new GrpcObservation(target, null, reflection, methods, source, healthRpc, engine, keyed, skipped,
        channel.allowList().sent());
  }

  private static Rpc health(ListenableFuture<HealthCheckResponse> f, long deadline) {
    String method = HealthGrpc.getCheckMethod().getFullMethodName();
    try {
      HealthCheckResponse r = f.get(deadline + 2000, TimeUnit.MILLISECONDS);
      return new Rpc(method, "anonymous", Status.Code.OK, null, Map.of("status", r.getStatus().name()), r.getSerializedSize());
    } catch (ExecutionException e) {
      Status s = Status.fromThrowable(e.getCause());
      return new Rpc(method, "anonymous", s.getCode(), Rpc.text(s), Map.of(), -1);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Rpc(method, "anonymous", Status.Code.DEADLINE_EXCEEDED, "no answer in time", Map.of(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new Rpc(method, "anonymous", Status.Code.CANCELLED, "interrupted", Map.of(), -1);
    }
  }

  private record Call(String name, Descriptors.MethodDescriptor descriptor) {}

  @Override
  public void close() {
    channel.close();
  }
}

package dev.vllmscan.launcher.emulator;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vllmscan.launcher.emulator.grpc.common.FlushCacheRequest;
import dev.vllmscan.launcher.emulator.grpc.common.FlushCacheResponse;
import dev.vllmscan.launcher.emulator.grpc.common.GetTokenizerChunk;
import dev.vllmscan.launcher.emulator.grpc.common.GetTokenizerRequest;
import dev.vllmscan.launcher.emulator.grpc.common.KvEventBatch;
import dev.vllmscan.launcher.emulator.grpc.common.ProfileResponse;
import dev.vllmscan.launcher.emulator.grpc.common.StartProfileRequest;
import dev.vllmscan.launcher.emulator.grpc.common.StopProfileRequest;
import dev.vllmscan.launcher.emulator.grpc.common.SubscribeKvEventsRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.AbortRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.AbortResponse;
import dev.vllmscan.launcher.emulator.grpc.engine.EmbedRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.EmbedResponse;
import dev.vllmscan.launcher.emulator.grpc.engine.GenerateRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.GenerateResponse;
import dev.vllmscan.launcher.emulator.grpc.engine.GetLoadsRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.GetLoadsResponse;
import dev.vllmscan.launcher.emulator.grpc.engine.GetModelInfoRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.GetModelInfoResponse;
import dev.vllmscan.launcher.emulator.grpc.engine.GetServerInfoRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.GetServerInfoResponse;
import dev.vllmscan.launcher.emulator.grpc.engine.HealthCheckRequest;
import dev.vllmscan.launcher.emulator.grpc.engine.HealthCheckResponse;
import dev.vllmscan.launcher.emulator.grpc.engine.RankLoad;
import dev.vllmscan.launcher.emulator.grpc.engine.VllmEngineGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.grpc.BindableService;
import io.grpc.HandlerRegistry;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * vLLM 0.32's gRPC frontend as the scanner sees it ({@code vllm serve --grpc}): plaintext HTTP/2 on loopback,
 * server reflection (v1alpha, as vLLM registers it), {@code grpc.health.v1.Health} serving, and
 * {@code vllm.grpc.engine.VllmEngine} whose read-only methods answer with the profile's model and server info and
 * whose other methods only record that they were called. Every call it receives is recorded by name, including
 * calls to methods it does not serve, so tests can prove what the scanner sent.
 */
public final class GrpcEmulator implements Emulator {
  /** What the scanner may call (kept here independently of the provider's own list, so a test compares two). */
  public static final Set<String> READ_ONLY = Set.of(
      "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
      "grpc.health.v1.Health/Check", "vllm.grpc.engine.VllmEngine/HealthCheck", "vllm.grpc.engine.VllmEngine/GetModelInfo",
      "vllm.grpc.engine.VllmEngine/GetServerInfo", "vllm.grpc.engine.VllmEngine/GetLoads");
  /** A scan of the http:// form sends HTTP/1.1 first; the server's per-connection INFO stack trace for it is noise. */
  private static final Logger TRANSPORT_LOG = quiet("io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport");
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Profile profile;
  private final Server server;
  private final SidePortListeners sidePorts;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> invocations = new CopyOnWriteArrayList<>();

  private GrpcEmulator(Profile profile, int port) {
    this.profile = profile;
    this.sidePorts = SidePortListeners.open(profile.sidePorts());
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.SERVING);
    ServerInterceptor record = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        calls.add(call.getMethodDescriptor().getFullMethodName());
        return next.startCall(call, headers);
      }
    };
    this.server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
        .addService(ServerInterceptors.intercept(new Engine(), record, new KeyCheck()))
        .addService(ServerInterceptors.intercept(health.getHealthService(), record))
        .addService(ServerInterceptors.intercept(reflection(), record))
        .fallbackHandlerRegistry(new Unserved())
        .build();
  }

  private static Logger quiet(String name) {
    Logger l = Logger.getLogger(name);
    l.setLevel(Level.WARNING);
    return l;
  }

  @SuppressWarnings("deprecation") // v1alpha is what vLLM's Python server registers
  private static BindableService reflection() {
    return ProtoReflectionService.newInstance();
  }

  public static GrpcEmulator start(Profile profile, int port) {
    GrpcEmulator e = new GrpcEmulator(profile, port);
    try {
      e.server.start();
    } catch (IOException ex) {
      e.sidePorts.close();
      throw new IllegalStateException("cannot start the vLLM gRPC emulator: " + ex.getMessage(), ex);
    }
    return e;
  }

  @Override
  public String url() {
    return "grpc://127.0.0.1:" + port();
  }

  /** The same port named as HTTP: what a user who does not know it is gRPC would scan. */
  public String httpUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public Profile profile() {
    return profile;
  }

  /**
   * Every call outside the read-only set, served or not ("vllm.grpc.engine.VllmEngine/FlushCache"): the scanner
   * must leave this empty.
   */
  @Override
  public List<String> invocations() {
    return forbiddenCalls();
  }

  /** Engine methods outside the read-only set whose handler ran (a subset of {@link #invocations()}). */
  public List<String> handlersRun() {
    return List.copyOf(invocations);
  }

  /** Every call received, by full method name, served or not. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** Calls received that the scanner must never send. */
  public List<String> forbiddenCalls() {
    return calls.stream().filter(c -> !READ_ONLY.contains(c)).toList();
  }

  @Override
  public SidePortListeners sidePorts() {
    return sidePorts;
  }

  @Override
  public void close() {
    sidePorts.close();
    server.shutdownNow();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The profile's answer fields set on a message by name (data, not code). */
  private static <B extends Message.Builder> B fill(B b, Map<String, Object> values) {
    values.forEach((name, value) -> {
      FieldDescriptor f = b.getDescriptorForType().findFieldByName(name);
      if (f == null) throw new IllegalArgumentException("emulator profile: no field " + name + " in " + b.getDescriptorForType().getName());
      if (f.isRepeated()) {
        for (Object v : (List<?>) value) b.addRepeatedField(f, convert(f, v));
      } else {
        b.setField(f, convert(f, value));
      }
    });
    return b;
  }

  private static Object convert(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case INT -> ((Number) v).intValue();
      case LONG -> ((Number) v).longValue();
      case BOOLEAN -> (Boolean) v;
      default -> String.valueOf(v);
    };
  }

  /** A profile with an API key stands for a proxy that demands it in front of the engine (vLLM itself does not). */
  private final class KeyCheck implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (profile.apiKey() != null && !("Bearer " + profile.apiKey()).equals(headers.get(AUTHORIZATION))) {
        call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong bearer token"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }
  }

  /** Methods nobody serves here: recorded, then UNIMPLEMENTED (as any gRPC server answers them). */
  private final class Unserved extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      calls.add(methodName);
      return null;
    }
  }

  private final class Engine extends VllmEngineGrpc.VllmEngineImplBase {
    private void record(String method, StreamObserver<?> out) {
      invocations.add("vllm.grpc.engine.VllmEngine/" + method);
      out.onError(Status.FAILED_PRECONDITION.withDescription("emulator: " + method + " recorded, not performed").asRuntimeException());
    }

    @Override
    public void healthCheck(HealthCheckRequest r, StreamObserver<HealthCheckResponse> out) {
      out.onNext(HealthCheckResponse.newBuilder().setHealthy(true).setMessage("Health").build());
      out.onCompleted();
    }

    @Override
    public void getModelInfo(GetModelInfoRequest r, StreamObserver<GetModelInfoResponse> out) {
      out.onNext(fill(GetModelInfoResponse.newBuilder(), profile.modelInfo()).build());
      out.onCompleted();
    }

    @Override
    public void getServerInfo(GetServerInfoRequest r, StreamObserver<GetServerInfoResponse> out) {
      out.onNext(fill(GetServerInfoResponse.newBuilder(), profile.serverInfo()).build());
      out.onCompleted();
    }

    @Override
    public void getLoads(GetLoadsRequest r, StreamObserver<GetLoadsResponse> out) {
      out.onNext(GetLoadsResponse.newBuilder().addLoads(RankLoad.newBuilder().setDpRank(0)).build());
      out.onCompleted();
    }

    @Override
    public void generate(GenerateRequest r, StreamObserver<GenerateResponse> out) {
      record("Generate", out);
    }

    @Override
    public void embed(EmbedRequest r, StreamObserver<EmbedResponse> out) {
      record("Embed", out);
    }

    @Override
    public void flushCache(FlushCacheRequest r, StreamObserver<FlushCacheResponse> out) {
      record("FlushCache", out);
    }

    @Override
    public void startProfile(StartProfileRequest r, StreamObserver<ProfileResponse> out) {
      record("StartProfile", out);
    }

    @Override
    public void stopProfile(StopProfileRequest r, StreamObserver<ProfileResponse> out) {
      record("StopProfile", out);
    }

    @Override
    public void abort(AbortRequest r, StreamObserver<AbortResponse> out) {
      record("Abort", out);
    }

    @Override
    public void getTokenizer(GetTokenizerRequest r, StreamObserver<GetTokenizerChunk> out) {
      record("GetTokenizer", out);
    }

    @Override
    public void subscribeKvEvents(SubscribeKvEventsRequest r, StreamObserver<KvEventBatch> out) {
      record("SubscribeKvEvents", out);
    }
  }
}

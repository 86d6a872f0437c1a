package dev.vllmscan.launcher.host;

import com.google.protobuf.Empty;
import dev.vllmscan.proto.goplugin.ConnInfo;
import dev.vllmscan.proto.goplugin.GRPCBrokerGrpc;
import dev.vllmscan.proto.goplugin.GRPCStdioGrpc;
import dev.vllmscan.proto.goplugin.StdioData;
import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.ConnectReq;
import dev.vllmscan.proto.providers.ConnectRes;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.DisconnectReq;
import dev.vllmscan.proto.providers.HeartbeatReq;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.proto.providers.ProviderPluginGrpc;
import dev.vllmscan.proto.providers.ShutdownReq;
import dev.vllmscan.proto.providers.StoreReq;
import dev.vllmscan.proto.llx.Primitive;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.google.common.util.concurrent.ListenableFuture;
import dev.vllmscan.launcher.text.Timeline;
import dev.vllmscan.proto.batch.DataBatchGrpc;
import dev.vllmscan.proto.batch.DataBatchItem;
import dev.vllmscan.proto.batch.DataBatchReq;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Drives one provider process over gRPC exactly as a Mondoo host does: broker and stdio streams open
 * from the start, a heartbeat now and every 2 s, ParseCLI → Connect (with a broker ConnInfo) →
 * GetData/StoreData, and Disconnect → Shutdown → controller shutdown → 2 s grace → kill on close.
 * The only class that knows gRPC stubs.
 */
public final class HostClient implements AutoCloseable {
  public static final long HEARTBEAT_INTERVAL_NANOS = 5_000_000_000L;

  private final ProviderEndpoint process;
  private final ManagedChannel channel;
  private final NioEventLoopGroup loop;
  private final ProviderPluginGrpc.ProviderPluginBlockingStub plugin;
  private final ProviderPluginGrpc.ProviderPluginFutureStub futures;
  private final DataBatchGrpc.DataBatchFutureStub batchStub;
  private final StreamObserver<ConnInfo> broker;
  private final ScheduledExecutorService heartbeats;
  private final AtomicInteger brokerIds = new AtomicInteger();
  private final AtomicInteger connectionIds = new AtomicInteger();
  private final CompletableFuture<CallbackServer> callbacks;
  private volatile boolean closed;

  public HostClient(ProviderEndpoint process) {
    this(process, CompletableFuture.supplyAsync(CallbackServer::new));
  }

  /**
   * Starts a provider process and connects to it. The host's callback listener opens while the provider's JVM boots
   * (launcher start-up work off the critical path); only Connect waits for it. A self-call to warm this JVM's gRPC
   * client path was measured too and dropped: on two cores it competed with the provider's start for no gain.
   */
  public static HostClient spawn(Supplier<ProviderEndpoint> start) {
    CompletableFuture<CallbackServer> callbacks =
        CompletableFuture.supplyAsync(CallbackServer::new);
    ProviderEndpoint process;
    try {
      process = start.get();
    } catch (RuntimeException e) {
      callbacks.thenAccept(CallbackServer::close);
      throw e;
    }
    return new HostClient(process, callbacks);
  }

  /** {@code callbacks}: the host's listener, still opening; only Connect needs its address. */
  private HostClient(ProviderEndpoint process, CompletableFuture<CallbackServer> callbacks) {
    this.process = process;
    Handshake hs = process.handshake();
    Timeline.mark("provider handshake line read");
    if (hs.network().equals(Handshake.IN_PROCESS)) {
      loop = null;
      channel = InProcessChannelBuilder.forName(hs.address()).maxInboundMessageSize(Integer.MAX_VALUE).build();
    } else {
      // Its own event loop, ended on close: grpc's shared one outlives the channel, and the JVM's exit waits up to
      // 300 ms for any thread still in epoll_wait. NIO for both networks (the JDK's own unix sockets for go-plugin's
      // default), so this JVM never loads Netty's native library.
      loop = new NioEventLoopGroup(1, r -> {
        Thread t = new Thread(r, "provider-channel");
        t.setDaemon(true);
        return t;
      });
      NettyChannelBuilder builder;
      if (hs.network().equals("unix")) {
        builder = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(hs.address()))
            .channelType(NioDomainSocketChannel.class, UnixDomainSocketAddress.class);
      } else {
        String[] hp = hs.address().split(":");
        builder = NettyChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).channelType(NioSocketChannel.class);
      }
      // No retries: the provider is a local child process, and gRPC's retry layer buffers every message of every
      // call in case it must resend it (a few percent of a fleet's launcher CPU). A failed call is an error.
      channel = builder.eventLoopGroup(loop).disableRetry()
          .overrideAuthority("unused").usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE).build();
    }
    plugin = ProviderPluginGrpc.newBlockingStub(channel);
    futures = ProviderPluginGrpc.newFutureStub(channel);
    batchStub = DataBatchGrpc.newFutureStub(channel);
    broker = GRPCBrokerGrpc.newStub(channel).startStream(new StreamObserver<>() {
      @Override
      public void onNext(ConnInfo value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    GRPCStdioGrpc.newStub(channel).streamStdio(Empty.getDefaultInstance(), new StreamObserver<>() {
      @Override
      public void onNext(StdioData value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    Timeline.mark("channel built");
    this.callbacks = callbacks;
    heartbeat();
    Timeline.mark("first heartbeat answered");
    heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "host-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeats.scheduleAtFixedRate(() -> {
      try {
        heartbeat();
      } catch (RuntimeException e) {
        // The data call that notices the dead provider reports it.
      }
    }, 2, 2, TimeUnit.SECONDS);
  }

  /** A heartbeat is trivial work; a generous deadline keeps a busy machine from reading as a dead provider. */
  static final long HEARTBEAT_DEADLINE_SECONDS = 30;

  private volatile long dataDeadlineSeconds = 0;

  /**
   * The longest one data call may legitimately take: the reachability check, both probe waves, one back-off
   * retry (at most 5 s), the content reads and the TLS look, each up to the HTTP timeout, plus the pacing of
   * about 300 requests at the given rate, plus headroom for a loaded machine.
   */
  public static long dataDeadlineSeconds(int timeoutSeconds, int ratePerSecond) {
    long pacing = ratePerSecond > 0 ? 300L / ratePerSecond + 1 : 0;
    return 6L * Math.max(1, timeoutSeconds) + 5 + pacing + 30;
  }

  /** Raises (never lowers) the deadline of data calls, so one client can serve targets with different timeouts. */
  public synchronized void allowDataCallsUpTo(long seconds) {
    dataDeadlineSeconds = Math.max(dataDeadlineSeconds, seconds);
  }

  private ProviderPluginGrpc.ProviderPluginBlockingStub data() {
    long d = dataDeadlineSeconds;
    return d > 0 ? plugin.withDeadlineAfter(d, TimeUnit.SECONDS) : plugin;
  }

  private void heartbeat() {
    call(() -> plugin.withDeadlineAfter(HEARTBEAT_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .heartbeat(HeartbeatReq.newBuilder().setInterval(HEARTBEAT_INTERVAL_NANOS).build()));
  }

  public ProviderEndpoint endpoint() {
    return process;
  }

  public Asset parseCli(String connector, List<String> args, Map<String, Primitive> flags) {
    return call(() -> plugin.parseCLI(parseCliRequest(connector, args, flags))).getAsset();
  }

  public static ParseCLIReq parseCliRequest(String connector, List<String> args, Map<String, Primitive> flags) {
    return ParseCLIReq.newBuilder().setConnector(connector).addAllArgs(args).putAllFlags(flags).build();
  }

  private CallbackServer callbacks() {
    try {
      return callbacks.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new HostException(String.valueOf(e.getCause()));
    }
  }

  public ConnectRes connect(Asset asset) {
    int brokerId = brokerIds.incrementAndGet();
    int connectionId = connectionIds.incrementAndGet();
    synchronized (broker) {
      broker.onNext(ConnInfo.newBuilder().setServiceId(brokerId).setNetwork("tcp").setAddress(callbacks().address()).build());
    }
    Asset withId = asset.toBuilder()
        .setConnections(0, asset.getConnections(0).toBuilder().setId(connectionId)).build();
    return call(() -> data().connect(ConnectReq.newBuilder().setAsset(withId).setCallbackServer(brokerId).build()));
  }

  public DataRes getData(DataReq req) {
    return call(() -> data().getData(req));
  }

  /** Whether the provider serves vllmscan's DataBatch extension; null until the first batch tells. */
  private volatile Boolean batches;

  /**
   * Many GetData requests in one round trip through vllmscan's DataBatch extension ({@code databatch.proto}); a
   * provider without it (UNIMPLEMENTED) gets them as single GetData calls, in flight together. Each answer is what
   * GetData would give: a DataRes, or the status it failed with.
   */
  public CompletableFuture<List<BatchAnswer>> getDataBatchAsync(List<DataReq> reqs) {
    if (Boolean.FALSE.equals(batches)) return singly(reqs);
    long d = dataDeadlineSeconds;
    var stub = d > 0 ? batchStub.withDeadlineAfter(d, TimeUnit.SECONDS) : batchStub;
    return completable(stub.getDataBatch(DataBatchReq.newBuilder().addAllRequests(reqs).build()))
        .handle((res, err) -> {
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if (cause instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
            batches = false;
            return singly(reqs);
          }
          if (cause != null) return CompletableFuture.<List<BatchAnswer>>failedFuture(cause);
          batches = true;
          if (res.getItemsCount() != reqs.size()) {
            // A read without its answer would be a value nobody observed: fail them all instead.
            return CompletableFuture.<List<BatchAnswer>>failedFuture(new HostException(
                "the provider answered " + res.getItemsCount() + " of " + reqs.size() + " batched field reads"));
          }
          List<BatchAnswer> answers = new ArrayList<>();
          for (var item : res.getItemsList()) answers.add(answer(item));
          return CompletableFuture.completedFuture(answers);
        }).thenCompose(x -> x);
  }

  /** An item with neither a value nor a status is a failure, never the empty value its defaults would decode to. */
  private static BatchAnswer answer(DataBatchItem item) {
    if (item.getStatusCode() != 0) {
      return new BatchAnswer(null, Status.fromCodeValue(item.getStatusCode()).withDescription(item.getStatusMessage())
          .asRuntimeException());
    }
    if (!item.hasRes()) {
      return new BatchAnswer(null, Status.INTERNAL.withDescription("the provider answered a batched read with nothing")
          .asRuntimeException());
    }
    return new BatchAnswer(item.getRes(), null);
  }

  private CompletableFuture<List<BatchAnswer>> singly(List<DataReq> reqs) {
    List<CompletableFuture<BatchAnswer>> each = new ArrayList<>();
    for (DataReq r : reqs) {
      each.add(getDataAsync(r).handle((res, err) -> {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause == null) return new BatchAnswer(res, null);
        if (cause instanceof RuntimeException re) return new BatchAnswer(null, re);
        return new BatchAnswer(null, new HostException(String.valueOf(cause)));
      }));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
  }

  /** One request's answer in a batch: the DataRes, or the failure GetData would have thrown. */
  public record BatchAnswer(DataRes res, RuntimeException failure) {}

  /**
   * GetData without blocking a thread: many reads share the connection at once, so a burst of field reads costs
   * about one round trip instead of one each. Failures arrive as {@link #call} would throw them.
   */
  public CompletableFuture<DataRes> getDataAsync(DataReq req) {
    long d = dataDeadlineSeconds;
    return completable((d > 0 ? futures.withDeadlineAfter(d, TimeUnit.SECONDS) : futures).getData(req));
  }

  /** A gRPC future as a CompletableFuture whose failures are what {@link #call} would throw. */
  private <T> CompletableFuture<T> completable(ListenableFuture<T> pending) {
    CompletableFuture<T> out = new CompletableFuture<>();
    pending.addListener(() -> {
      try {
        out.complete(pending.get());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        out.completeExceptionally(cause instanceof StatusRuntimeException sre ? translate(sre) : cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.completeExceptionally(e);
      }
    }, Runnable::run);
    return out;
  }

  public void storeData(StoreReq req) {
    call(() -> plugin.storeData(req));
  }

  public void disconnect(int connection) {
    call(() -> plugin.disconnect(DisconnectReq.newBuilder().setConnection(connection).build()));
  }

  private volatile long shutdownGraceMillis = 2000;

  /** How long close() lets the provider exit on its own before killing it (the hosts' rule: 2 s). */
  public void shutdownGrace(long millis) {
    this.shutdownGraceMillis = millis;
  }


  /** Whether the provider process is still running. */
  public boolean alive() {
    return process.alive();
  }

  /** The provider's operating-system process (for measurements); empty for the built-in provider. */
  public Optional<ProcessHandle> processHandle() {
    return process.processHandle();
  }

  /** Runs an RPC; a dead provider becomes one clear {@link HostException}. */
  public <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  /** A dead or silent provider becomes one clear {@link HostException}; other statuses stay as they are. */
  private RuntimeException translate(StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE || !process.alive()) {
      return new HostException("the 'vllm' provider crashed or stopped answering (" + process.exitDescription() + ")", e);
    }
    if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return new HostException("the provider did not answer within " + Math.max(dataDeadlineSeconds, HEARTBEAT_DEADLINE_SECONDS)
          + " s (slow target or overloaded machine; raise --timeout)", e);
    }
    return e;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    heartbeats.shutdownNow();
    try {
      plugin.withDeadlineAfter(2, TimeUnit.SECONDS).shutdown(ShutdownReq.getDefaultInstance());
    } catch (RuntimeException ignored) {
      // Shutdown errors are only logged by real hosts too.
    }
    try {
      synchronized (broker) {
        broker.onCompleted();
      }
    } catch (RuntimeException ignored) {
      // already closed
    }
    try {
      GoPluginControllerClient.shutdown(channel, 2, TimeUnit.SECONDS);
    } catch (RuntimeException ignored) {
      // the process may already be gone
    }
    channel.shutdownNow();
    callbacks.thenAccept(CallbackServer::close).exceptionally(e -> null).join();
    try {
      // The event loop is ended only once the channel has: a call still draining on grpc's executor would
      // otherwise hand work to a terminated loop, and its RejectedExecutionException reaches stderr as a stack
      // trace (seen on a loaded machine after a usage error). A loop left running is a daemon thread.
      boolean terminated = channel.awaitTermination(300, TimeUnit.MILLISECONDS)
          || channel.awaitTermination(1500, TimeUnit.MILLISECONDS);
      if (terminated && loop != null) loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Waited for: the provider exits in tens of milliseconds once its transport is down, and a provider still
    // running at this JVM's exit would keep the process reaper and pipe readers in native calls, which the exit
    // waits up to 300 ms for.
    process.stop(shutdownGraceMillis);
  }
}

package dev.vllmscan.sdk.plugin;

import dev.vllmscan.proto.providers.ConnectReq;
import dev.vllmscan.proto.providers.ConnectRes;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.DisconnectReq;
import dev.vllmscan.proto.providers.DisconnectRes;
import dev.vllmscan.proto.providers.HeartbeatReq;
import dev.vllmscan.proto.providers.HeartbeatRes;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.proto.providers.ParseCLIRes;
import dev.vllmscan.proto.providers.ProviderPluginGrpc;
import dev.vllmscan.proto.providers.ShutdownReq;
import dev.vllmscan.proto.providers.ShutdownRes;
import dev.vllmscan.proto.providers.StoreReq;
import dev.vllmscan.proto.providers.StoreRes;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Thin gRPC adapter over a {@link Provider}. The server calls it on the transport thread: cheap RPCs (heartbeat,
 * ParseCLI, field values already in memory) answer there, saving two thread hand-offs per call, which is most
 * of a local field read's cost; anything that may wait on the target (Connect, a field that probes) moves to
 * {@code work}, so a heartbeat never waits behind a slow data call.
 */
public final class ProviderService extends ProviderPluginGrpc.ProviderPluginImplBase {
  private final Provider provider;
  private final Watchdog watchdog;
  private final Executor work;

  public ProviderService(Provider provider, Watchdog watchdog, Executor work) {
    this.provider = provider;
    this.watchdog = watchdog;
    this.work = work;
  }

  @Override
  public void heartbeat(HeartbeatReq req, StreamObserver<HeartbeatRes> out) {
    if (req.getInterval() == 0) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("heartbeat failed, requested interval is 0").asRuntimeException());
      return;
    }
    watchdog.beat(req.getInterval());
    out.onNext(HeartbeatRes.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void parseCLI(ParseCLIReq req, StreamObserver<ParseCLIRes> out) {
    answer(out, () -> ParseCLIRes.newBuilder().setAsset(provider.parseCli(req)).build());
  }

  @Override
  public void connect(ConnectReq req, StreamObserver<ConnectRes> out) {
    work.execute(() -> answer(out, () -> provider.connect(req)));
  }

  @Override
  public void mockConnect(ConnectReq req, StreamObserver<ConnectRes> out) {
    out.onError(Status.UNIMPLEMENTED
        .withDescription("the " + provider.name() + " provider does not support recordings (MockConnect)").asRuntimeException());
  }

  @Override
  public void disconnect(DisconnectReq req, StreamObserver<DisconnectRes> out) {
    work.execute(() -> answer(out, () -> {
      provider.disconnect(req.getConnection());
      return DisconnectRes.getDefaultInstance();
    }));
  }

  @Override
  public void shutdown(ShutdownReq req, StreamObserver<ShutdownRes> out) {
    work.execute(() -> answer(out, () -> {
      provider.shutdown();
      return ShutdownRes.getDefaultInstance();
    }));
  }

  @Override
  public void getData(DataReq req, StreamObserver<DataRes> out) {
    DataRes known;
    try {
      known = provider.answerFromMemory(req);
    } catch (RuntimeException e) {
      known = null; // the full path below reports it
    }
    if (known != null) {
      out.onNext(known);
      out.onCompleted();
      return;
    }
    work.execute(() -> answer(out, () -> provider.getData(req)));
  }

  @Override
  public void storeData(StoreReq req, StreamObserver<StoreRes> out) {
    work.execute(() -> answer(out, () -> {
      provider.storeData(req);
      return StoreRes.getDefaultInstance();
    }));
  }

  private <T> void answer(StreamObserver<T> out, Supplier<T> call) {
    try {
      T result = call.get();
      out.onNext(result);
      out.onCompleted();
    } catch (ProviderException e) {
      out.onError(Status.fromCode(e.code()).withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      Log.error("internal error: " + e);
      out.onError(Status.INTERNAL.withDescription("internal provider error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())).asRuntimeException());
    }
  }
}

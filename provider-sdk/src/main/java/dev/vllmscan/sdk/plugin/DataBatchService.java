package dev.vllmscan.sdk.plugin;

import dev.vllmscan.proto.batch.DataBatchGrpc;
import dev.vllmscan.proto.batch.DataBatchItem;
import dev.vllmscan.proto.batch.DataBatchReq;
import dev.vllmscan.proto.batch.DataBatchRes;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * vllmscan's batch extension ({@code databatch.proto}): each item is what {@code GetData} would answer for the same
 * request. Values already in memory answer on the transport thread; the others are computed on
 * {@link #WORKERS_PER_BATCH} of {@code work}'s threads at once, since one may wait on the target (a TLS look, a
 * metrics scrape) while the rest are ready.
 */
public final class DataBatchService extends DataBatchGrpc.DataBatchImplBase {
  /** A host asking for more than this in one call is told so, instead of holding the provider's memory. */
  static final int MAX_ITEMS = 10_000;
  /**
   * Reads of one batch computed at once: as many may wait on the target side by side. A provider's reads wait on a
   * few shared probes, not one each (vllm's: the catalogue run, the TLS, metrics and gRPC looks, the side-port scan).
   */
  static final int WORKERS_PER_BATCH = 8;

  private final Provider provider;
  private final Executor work;

  public DataBatchService(Provider provider, Executor work) {
    this.provider = provider;
    this.work = work;
  }

  @Override
  public void getDataBatch(DataBatchReq req, StreamObserver<DataBatchRes> out) {
    if (req.getRequestsCount() > MAX_ITEMS) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("at most " + MAX_ITEMS + " reads per batch").asRuntimeException());
      return;
    }
    List<DataBatchItem> ready = new ArrayList<>(req.getRequestsCount());
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < req.getRequestsCount(); i++) {
      DataRes known = fromMemory(req.getRequests(i));
      ready.add(known == null ? null : DataBatchItem.newBuilder().setRes(known).build());
      if (known == null) pending.add(i);
    }
    if (pending.isEmpty()) {
      reply(out, ready);
      return;
    }
    // A few workers take the pending reads in turn: one waiting on the target holds only its own worker, while a
    // task per read cost a thread hand-off for each of a fleet target's ~600 reads.
    AtomicInteger next = new AtomicInteger();
    Runnable drain = () -> {
      for (int k; (k = next.getAndIncrement()) < pending.size(); ) {
        int i = pending.get(k);
        ready.set(i, compute(req.getRequests(i)));
      }
    };
    List<CompletableFuture<Void>> computing = new ArrayList<>();
    for (int w = 0; w < Math.min(WORKERS_PER_BATCH, pending.size()); w++) computing.add(CompletableFuture.runAsync(drain, work));
    CompletableFuture.allOf(computing.toArray(CompletableFuture[]::new)).whenComplete((ok, err) -> reply(out, ready));
  }

  private DataRes fromMemory(DataReq r) {
    try {
      return provider.answerFromMemory(r);
    } catch (RuntimeException e) {
      return null; // computed below, which reports it
    }
  }

  private DataBatchItem compute(DataReq r) {
    try {
      return DataBatchItem.newBuilder().setRes(provider.getData(r)).build();
    } catch (ProviderException e) {
      return failed(Status.fromCode(e.code()), e.getMessage());
    } catch (RuntimeException e) {
      Log.error("internal error: " + e);
      return failed(Status.INTERNAL, "internal provider error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  private static DataBatchItem failed(Status status, String message) {
    return DataBatchItem.newBuilder().setStatusCode(status.getCode().value())
        .setStatusMessage(message == null ? "" : message).build();
  }

  private static void reply(StreamObserver<DataBatchRes> out, List<DataBatchItem> items) {
    // The futures that filled `items` completed before this runs: their writes are visible here. An item still
    // empty means its computation died with an Error; it is answered as a failure rather than leaving the call hanging.
    DataBatchRes.Builder res = DataBatchRes.newBuilder();
    for (DataBatchItem item : items) {
      res.addItems(item != null ? item : failed(Status.INTERNAL, "internal provider error: the read did not complete"));
    }
    out.onNext(res.build());
    out.onCompleted();
  }
}

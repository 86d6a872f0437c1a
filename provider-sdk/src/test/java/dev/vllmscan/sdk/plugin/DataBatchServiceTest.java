package dev.vllmscan.sdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.proto.batch.DataBatchReq;
import dev.vllmscan.proto.batch.DataBatchRes;
import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.ConnectReq;
import dev.vllmscan.proto.providers.ConnectRes;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.proto.providers.StoreReq;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataBatchServiceTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger handedOff = new AtomicInteger();
  private final Executor work = task -> {
    handedOff.incrementAndGet();
    threads.execute(task);
  };

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** A fleet target's batch of ~600 reads costs a few thread hand-offs, not one per read, and keeps its order. */
  @Test
  void manyReadsAreComputedByAFewWorkersInOrder() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    DataBatchService service = new DataBatchService(provider(r -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        return DataRes.newBuilder().setId(r.getField()).build();
      } finally {
        now.decrementAndGet();
      }
    }), work);
    DataBatchReq.Builder req = DataBatchReq.newBuilder();
    for (int i = 0; i < 600; i++) req.addRequests(DataReq.newBuilder().setResource("r").setResourceId("1").setField("f" + i));

    DataBatchRes res = call(service, req.build()).get(10, TimeUnit.SECONDS);

    assertEquals(600, res.getItemsCount());
    for (int i = 0; i < 600; i++) assertEquals("f" + i, res.getItems(i).getRes().getId(), "item " + i);
    assertEquals(DataBatchService.WORKERS_PER_BATCH, handedOff.get(), "hand-offs for 600 reads");
    assertTrue(most.get() <= DataBatchService.WORKERS_PER_BATCH, most.get() + " reads at once");
  }

  /** A read that waits on the target holds one worker: the rest of its batch is computed meanwhile. */
  @Test
  void aWaitingReadDoesNotHoldTheOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger computed = new AtomicInteger();
    DataBatchService service = new DataBatchService(provider(r -> {
      if (r.getField().equals("slow")) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        computed.incrementAndGet();
      }
      return DataRes.newBuilder().setId(r.getField()).build();
    }), work);
    DataBatchReq.Builder req = DataBatchReq.newBuilder().addRequests(DataReq.newBuilder().setField("slow"));
    for (int i = 0; i < 50; i++) req.addRequests(DataReq.newBuilder().setField("f" + i));

    CompletableFuture<DataBatchRes> answer = call(service, req.build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (computed.get() < 50 && System.nanoTime() < deadline) Thread.sleep(5);
    assertEquals(50, computed.get(), "the other reads were computed while the slow one waited");
    assertFalse(answer.isDone(), "the batch answers when every read has");
    release.countDown();
    DataBatchRes res = answer.get(10, TimeUnit.SECONDS);
    assertEquals("slow", res.getItems(0).getRes().getId());
    assertEquals("f49", res.getItems(50).getRes().getId());
  }

  private static CompletableFuture<DataBatchRes> call(DataBatchService service, DataBatchReq req) {
    CompletableFuture<DataBatchRes> answer = new CompletableFuture<>();
    service.getDataBatch(req, new StreamObserver<>() {
      @Override
      public void onNext(DataBatchRes value) {
        answer.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    return answer;
  }

  private static Provider provider(Function<DataReq, DataRes> data) {
    return new Provider() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public Asset parseCli(ParseCLIReq req) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ConnectRes connect(ConnectReq req) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void disconnect(int connection) {}

      @Override
      public void shutdown() {}

      @Override
      public DataRes getData(DataReq req) {
        return data.apply(req);
      }

      @Override
      public void storeData(StoreReq req) {}
    };
  }
}

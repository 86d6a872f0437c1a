package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.ProviderPluginGrpc;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** vllmscan's DataBatch extension answers exactly what GetData answers, and hosts fall back without it. */
class BatchReadsTest {
  @Test
  void aBatchAnswersWhatSingleGetDataCallsAnswerThroughTheRealPluginProcess() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.11-dev-lora"), 0);
        Session s = Session.open(InstalledProvider.load(Installer.locate(null, System.err::println)), e.url(), Session.flags(null, false, 5), "warn", null)) {
      ResourceRef root = s.create("vllm", Map.of());
      ResourceRef server = s.create("vllm.server", Map.of());
      List<Map.Entry<ResourceRef, String>> reads = new ArrayList<>();
      for (String f : List.of("assessable", "version", "docsExposed", "corsAllowsAnyOrigin", "certificateValid", "evidence", "noSuchField")) {
        reads.add(Map.entry(server, f));
      }
      List<?> endpoints = (List<?>) s.field(root, "endpoints");
      for (Object ep : endpoints) {
        for (String f : List.of("path", "present", "anonymousAccessible", "requiresAuth")) reads.add(Map.entry((ResourceRef) ep, f));
      }
      reads.add(Map.entry(new ResourceRef("vllm.endpoint", "GET /not-created"), "path"));

      int before = s.roundTrips();
      List<CompletableFuture<Object>> batch = s.fieldsAsync(reads);
      assertEquals(before + 1, s.roundTrips(), "one round trip for " + reads.size() + " reads");
      for (int i = 0; i < reads.size(); i++) {
        Object single;
        try {
          single = s.field(reads.get(i).getKey(), reads.get(i).getValue());
        } catch (StatusRuntimeException ex) {
          single = ex.getStatus().getCode();
        }
        Object batched;
        try {
          batched = batch.get(i).join();
        } catch (java.util.concurrent.CompletionException ex) {
          batched = assertInstanceOf(StatusRuntimeException.class, ex.getCause()).getStatus().getCode();
        }
        assertEquals(single, batched, "read " + reads.get(i));
      }
      assertInstanceOf(Session.FieldFailure.class, batch.get(6).join(), "a missing field is a field error, as in GetData");
      assertEquals(io.grpc.Status.Code.NOT_FOUND, assertInstanceOf(StatusRuntimeException.class,
          org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
              () -> batch.get(reads.size() - 1).join()).getCause()).getStatus().getCode());
    }
  }

  @Test
  void theGrpcFrontendsFieldsAnswerTheSameInABatchAndInSingleGetDataCalls() throws Exception {
    try (dev.vllmscan.launcher.emulator.GrpcEmulator e = dev.vllmscan.launcher.emulator.GrpcEmulator.start(Profile.load("grpc-0.32"), 0);
        Session s = Session.open(InstalledProvider.load(Installer.locate(null, System.err::println)), e.url(), Session.flags(null, false, 5), "warn", null)) {
      ResourceRef grpc = s.create("vllm.grpc", Map.of());
      ResourceRef server = s.create("vllm.server", Map.of());
      List<Map.Entry<ResourceRef, String>> reads = new ArrayList<>();
      for (String f : List.of("address", "present", "usesTls", "services", "methods", "methodsSource", "reflectionExposed",
          "healthExposed", "anonymousAccess", "apiKeyAccepted", "stateChangingMethods", "modelInfo", "serverInfo", "rpcsSent", "evidence")) {
        reads.add(Map.entry(grpc, f));
      }
      for (String f : List.of("frontend", "assessable", "assessmentScope", "usesTls", "docsExposed")) reads.add(Map.entry(server, f));
      List<CompletableFuture<Object>> batch = s.fieldsAsync(reads);
      for (int i = 0; i < reads.size(); i++) {
        Object single = s.field(reads.get(i).getKey(), reads.get(i).getValue());
        Object batched = batch.get(i).join();
        assertEquals(String.valueOf(single), String.valueOf(batched), "read " + reads.get(i));
      }
      assertEquals(true, batch.get(2 - 1).join(), "present");
      assertEquals("grpc", batch.get(15).join());
      assertInstanceOf(Session.FieldFailure.class, batch.get(18).join(), "an HTTP field of a gRPC target is an error, never a value");
      assertTrue(String.valueOf(batch.get(18).join()).contains(e.url()), String.valueOf(batch.get(18).join()));
      assertEquals(List.of(), e.forbiddenCalls());
    }
  }

  @Test
  void aProviderWithoutTheExtensionGetsTheSameReadsAsSingleGetDataCalls() throws Exception {
    // A provider that serves only cnquery's ProviderPlugin, as a third-party provider would.
    AtomicInteger getData = new AtomicInteger();
    String name = "no-batch-" + System.nanoTime();
    Server server = InProcessServerBuilder.forName(name).directExecutor().addService(new ProviderPluginGrpc.ProviderPluginImplBase() {
      @Override
      public void heartbeat(dev.vllmscan.proto.providers.HeartbeatReq req, StreamObserver<dev.vllmscan.proto.providers.HeartbeatRes> out) {
        out.onNext(dev.vllmscan.proto.providers.HeartbeatRes.getDefaultInstance());
        out.onCompleted();
      }

      @Override
      public void getData(DataReq req, StreamObserver<DataRes> out) {
        getData.incrementAndGet();
        out.onNext(DataRes.newBuilder().setData(dev.vllmscan.llx.Values.encode(dev.vllmscan.llx.Types.STRING,
            req.getResourceId() + "/" + req.getField())).build());
        out.onCompleted();
      }
    }).build().start();
    ProviderEndpoint endpoint = inProcess(server, name);
    try (HostClient client = new HostClient(endpoint)) {
      List<DataReq> reqs = List.of(
          DataReq.newBuilder().setResource("vllm.endpoint").setResourceId("a").setField("path").build(),
          DataReq.newBuilder().setResource("vllm.endpoint").setResourceId("b").setField("method").build());
      List<HostClient.BatchAnswer> answers = client.getDataBatchAsync(reqs).join();
      assertEquals("a/path", dev.vllmscan.llx.Values.decode(answers.get(0).res().getData()));
      assertEquals("b/method", dev.vllmscan.llx.Values.decode(answers.get(1).res().getData()));
      assertEquals(2, getData.get(), "each read went out as its own GetData");
      client.getDataBatchAsync(reqs).join();
      assertEquals(4, getData.get(), "and later batches go straight to GetData");
      assertTrue(answers.stream().allMatch(a -> a.failure() == null));
    }
  }

  @Test
  void aBatchAnswerMissingAnItemOrItsValueIsAFailureNeverAnEmptyValue() throws Exception {
    // A provider whose batch answers drop an item, or send one with neither a value nor a status.
    String name = "short-batch-" + System.nanoTime();
    DataRes value = DataRes.newBuilder().setData(dev.vllmscan.llx.Values.encode(dev.vllmscan.llx.Types.BOOL, true)).build();
    Server server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new dev.vllmscan.proto.batch.DataBatchGrpc.DataBatchImplBase() {
          @Override
          public void getDataBatch(dev.vllmscan.proto.batch.DataBatchReq req,
              StreamObserver<dev.vllmscan.proto.batch.DataBatchRes> out) {
            var res = dev.vllmscan.proto.batch.DataBatchRes.newBuilder()
                .addItems(dev.vllmscan.proto.batch.DataBatchItem.newBuilder().setRes(value))
                .addItems(dev.vllmscan.proto.batch.DataBatchItem.getDefaultInstance());
            if (req.getRequestsCount() == 3) {
              res.addItems(dev.vllmscan.proto.batch.DataBatchItem.newBuilder().setStatusCode(5).setStatusMessage("no such resource"));
            }
            out.onNext(res.build());
            out.onCompleted();
          }
        })
        .addService(new ProviderPluginGrpc.ProviderPluginImplBase() {
          @Override
          public void heartbeat(dev.vllmscan.proto.providers.HeartbeatReq req, StreamObserver<dev.vllmscan.proto.providers.HeartbeatRes> out) {
            out.onNext(dev.vllmscan.proto.providers.HeartbeatRes.getDefaultInstance());
            out.onCompleted();
          }
        }).build().start();
    try (HostClient client = new HostClient(inProcess(server, name))) {
      DataReq r = DataReq.newBuilder().setResource("vllm.server").setResourceId("s").setField("docsExposed").build();
      CompletableFuture<List<HostClient.BatchAnswer>> shortAnswer = client.getDataBatchAsync(List.of(r, r, r, r, r));
      Throwable err = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
          shortAnswer::join).getCause();
      assertInstanceOf(HostException.class, err);
      assertTrue(err.getMessage().contains("2 of 5"), err.getMessage());

      List<HostClient.BatchAnswer> answers = client.getDataBatchAsync(List.of(r, r, r)).join();
      assertEquals(true, dev.vllmscan.llx.Values.decode(answers.get(0).res().getData()));
      assertInstanceOf(StatusRuntimeException.class, answers.get(1).failure(), "an empty item is not an empty value");
      assertEquals(io.grpc.Status.Code.INTERNAL, ((StatusRuntimeException) answers.get(1).failure()).getStatus().getCode());
      assertEquals(io.grpc.Status.Code.NOT_FOUND, ((StatusRuntimeException) answers.get(2).failure()).getStatus().getCode());
    }
  }

  /** A handshake endpoint for a provider served in this JVM by {@code server}. */
  private static ProviderEndpoint inProcess(Server server, String name) {
    return new ProviderEndpoint() {
      @Override
      public Handshake handshake() {
        return new Handshake(Handshake.IN_PROCESS, name, "");
      }

      @Override
      public boolean alive() {
        return !server.isShutdown();
      }

      @Override
      public String exitDescription() {
        return "test provider";
      }

      @Override
      public boolean stop(long graceMillis) {
        server.shutdownNow();
        return true;
      }

      @Override
      public Optional<ProcessHandle> processHandle() {
        return Optional.empty();
      }
    };
  }
}

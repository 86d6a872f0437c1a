package dev.vllmscan.provider.probe.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServiceResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Asks the server's reflection service what it serves, on one bidirectional stream: the service list, then (when
 * vLLM's engine is listed) the file that defines it and the files that one imports; then half-close. The stream
 * is bounded in requests, in files, in time (the call's deadline) and in size (the channel's inbound cap).
 */
public final class ReflectionClient {
  /** Names of services kept for the report; the rest are counted. */
  static final int SERVICES_KEPT = 1000;
  /** Files asked for at most (the engine's file and its imports). */
  static final int FILES_MAX = 16;

  private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1ALPHA =
      ServerReflectionGrpc.getServerReflectionInfoMethod();
  // v1 is v1alpha under a new name: same messages, same field numbers, so the same classes marshal it.
  private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1 =
      V1ALPHA.toBuilder().setFullMethodName(GrpcAllowList.REFLECTION_V1).build();

  private final Channel channel;
  private final long deadlineMillis;

  public ReflectionClient(Channel channel, long deadlineMillis) {
    this.channel = channel;
    this.deadlineMillis = deadlineMillis;
  }

  /** What reflection said: v1alpha first (what vLLM's Python server registers), v1 when that is unimplemented. */
  public Reflection read() {
    Reflection first = read(V1ALPHA);
    if (first.code() != Status.Code.UNIMPLEMENTED) return first;
    Reflection second = read(V1);
    return second.code() == Status.Code.UNIMPLEMENTED ? first : second;
  }

  private Reflection read(MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
    Stream stream = new Stream();
    StreamObserver<ServerReflectionRequest> requests = ClientCalls.asyncBidiStreamingCall(
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)), stream);
    String name = method.getFullMethodName();
    try {
      requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
      Object first = stream.next(end);
      if (first instanceof Status s) {
        cancel(requests); // a local timeout or interrupt: the stream is still open on the target
        return Reflection.failed(name, s, stream.messages > 0 || tooLarge(s));
      }
      ServerReflectionResponse listed = (ServerReflectionResponse) first;
      if (!listed.hasListServicesResponse()) {
        cancel(requests);
        return Reflection.failed(name, Status.UNKNOWN.withDescription("the first answer was not a service list"
            + errorText(listed)), true);
      }
      List<ServiceResponse> all = listed.getListServicesResponse().getServiceList();
      List<String> services = new ArrayList<>();
      for (ServiceResponse s : all) {
        if (services.size() == SERVICES_KEPT) break;
        services.add(s.getName());
      }
      boolean engineListed = all.stream().anyMatch(s -> s.getName().equals(GrpcAllowList.ENGINE));
      Descriptors.ServiceDescriptor engine = null;
      String problem = null;
      if (engineListed) {
        try {
          engine = engine(requests, stream, end);
        } catch (DescriptorProblem e) {
          problem = e.getMessage();
        }
      }
      // done asking: half-close after a full answer; cancel when we stopped short (nothing is awaited any more)
      if (problem == null) halfClose(requests);
      else cancel(requests);
      return new Reflection(name, Status.Code.OK, problem, services, all.size(), engineListed, engine, true);
    } catch (DescriptorProblem e) {
      cancel(requests);
      return Reflection.failed(name, Status.UNKNOWN.withDescription(e.getMessage()), stream.messages > 0);
    } catch (RuntimeException e) {
      cancel(requests);
      throw e;
    }
  }

  /**
   * Cancels the stream (RST_STREAM to the target) whenever we stop reading it before the server ended it: our own
   * wait ran out, the thread was interrupted, or the answers made no sense. Without this the stream would stay open
   * on the target until the call's deadline, or for ever on a transport whose deadline never fires. Cancelling a
   * call that is already closed does nothing.
   */
  private static void cancel(StreamObserver<ServerReflectionRequest> requests) {
    requests.onError(Status.CANCELLED.withDescription("vllmscan: reflection stream ended").asRuntimeException());
  }

  /** The engine's service descriptor, from its file and the files that file imports (asked one by one). */
  private Descriptors.ServiceDescriptor engine(StreamObserver<ServerReflectionRequest> requests, Stream stream, long end) {
    Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
    requests.onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol(GrpcAllowList.ENGINE).build());
    addFiles(files, stream.nextResponse(end));
    String root = files.values().stream().filter(f -> f.getServiceList().stream()
            .anyMatch(s -> (f.getPackage().isEmpty() ? "" : f.getPackage() + ".").concat(s.getName()).equals(GrpcAllowList.ENGINE)))
        .map(FileDescriptorProto::getName).findFirst()
        .orElseThrow(() -> new DescriptorProblem("reflection did not return the file defining " + GrpcAllowList.ENGINE));
    for (int asked = 1; ; asked++) {
      String missing = files.values().stream().flatMap(f -> f.getDependencyList().stream())
          .filter(d -> !files.containsKey(d)).findFirst().orElse(null);
      if (missing == null) break;
      if (asked >= FILES_MAX) throw new DescriptorProblem("the engine's proto imports more than " + FILES_MAX + " files");
      requests.onNext(ServerReflectionRequest.newBuilder().setFileByFilename(missing).build());
      int before = files.size();
      addFiles(files, stream.nextResponse(end));
      if (!files.containsKey(missing) || files.size() == before) {
        throw new DescriptorProblem("reflection did not return " + missing + ", which the engine's proto imports");
      }
    }
    Descriptors.FileDescriptor file = build(root, files, new HashMap<>(), 0);
    Descriptors.ServiceDescriptor service = file.findServiceByName(GrpcAllowList.ENGINE.substring(GrpcAllowList.ENGINE.lastIndexOf('.') + 1));
    if (service == null) throw new DescriptorProblem("the engine's file does not define " + GrpcAllowList.ENGINE);
    return service;
  }

  /** Ends our side of the stream; the server may have ended it already, which is fine. */
  private static void halfClose(StreamObserver<ServerReflectionRequest> requests) {
    try {
      requests.onCompleted();
    } catch (IllegalStateException e) {
      // the call is already closed
    }
  }

  private static void addFiles(Map<String, FileDescriptorProto> files, ServerReflectionResponse r) {
    if (!r.hasFileDescriptorResponse()) throw new DescriptorProblem("reflection answered without files" + errorText(r));
    for (ByteString bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      try {
        FileDescriptorProto f = FileDescriptorProto.parseFrom(bytes);
        files.putIfAbsent(f.getName(), f);
      } catch (InvalidProtocolBufferException e) {
        throw new DescriptorProblem("reflection returned an unreadable file descriptor");
      }
      if (files.size() > FILES_MAX) throw new DescriptorProblem("reflection returned more than " + FILES_MAX + " files");
    }
  }

  private static Descriptors.FileDescriptor build(String name, Map<String, FileDescriptorProto> files,
      Map<String, Descriptors.FileDescriptor> built, int depth) {
    if (built.containsKey(name)) return built.get(name);
    if (depth > FILES_MAX) throw new DescriptorProblem("the engine's proto imports form a cycle");
    FileDescriptorProto proto = files.get(name);
    List<Descriptors.FileDescriptor> deps = new ArrayList<>();
    for (String d : proto.getDependencyList()) deps.add(build(d, files, built, depth + 1));
    try {
      Descriptors.FileDescriptor f = Descriptors.FileDescriptor.buildFrom(proto, deps.toArray(Descriptors.FileDescriptor[]::new));
      built.put(name, f);
      return f;
    } catch (Descriptors.DescriptorValidationException e) {
      throw new DescriptorProblem("reflection returned an invalid descriptor for " + name);
    }
  }

  private static String errorText(ServerReflectionResponse r) {
    return r.hasErrorResponse() ? " (error " + r.getErrorResponse().getErrorCode() + ")" : "";
  }

  static boolean tooLarge(Status s) {
    return s.getCode() == Status.Code.RESOURCE_EXHAUSTED;
  }

  /**
   * The responses of one stream, in order, then its terminal status. Inbound flow control is manual: one message is
   * asked for each time one is awaited, so a server that streams answers nobody asked for fills nothing.
   */
  private static final class Stream implements ClientResponseObserver<ServerReflectionRequest, ServerReflectionResponse> {
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<ServerReflectionRequest> call;
    volatile int messages;

    @Override
    public void beforeStart(ClientCallStreamObserver<ServerReflectionRequest> requestStream) {
      requestStream.disableAutoRequestWithInitial(0);
      this.call = requestStream;
    }

    @Override
    public void onNext(ServerReflectionResponse value) {
      messages++;
      queue.add(value);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      queue.add(Status.UNKNOWN.withDescription("the server ended the stream without answering"));
    }

    Object next(long end) {
      call.request(1);
      try {
        Object o = queue.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        return o != null ? o : Status.DEADLINE_EXCEEDED.withDescription("no reflection answer in time");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Status.CANCELLED.withDescription("interrupted");
      }
    }

    ServerReflectionResponse nextResponse(long end) {
      Object o = next(end);
      if (o instanceof Status s) {
        throw new DescriptorProblem("reflection stream ended: " + Rpc.describe(s));
      }
      return (ServerReflectionResponse) o;
    }
  }

  private static final class DescriptorProblem extends RuntimeException {
    DescriptorProblem(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What reflection said.
   *
   * @param code OK when the service list was read (even if resolving the engine's methods then failed: {@code problem})
   * @param answered the server sent at least one reflection message (even one over the size cap)
   * @param engine the engine's descriptor when it was listed and its files resolved; null otherwise
   */
  public record Reflection(String method, Status.Code code, String problem, List<String> services, int servicesTotal,
      boolean engineListed, Descriptors.ServiceDescriptor engine, boolean answered) {
    public Reflection {
      services = List.copyOf(services);
    }

    static Reflection failed(String method, Status s, boolean answered) {
      return new Reflection(method, s.getCode(), Rpc.describe(s), List.of(), 0, false, null, answered);
    }

    public boolean listed() {
      return code == Status.Code.OK;
    }
  }
}

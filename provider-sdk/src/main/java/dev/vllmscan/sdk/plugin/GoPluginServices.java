package dev.vllmscan.sdk.plugin;

import com.google.protobuf.Empty;
import dev.vllmscan.proto.goplugin.ConnInfo;
import dev.vllmscan.proto.goplugin.GRPCBrokerGrpc;
import dev.vllmscan.proto.goplugin.GRPCStdioGrpc;
import dev.vllmscan.proto.goplugin.StdioData;
import dev.vllmscan.proto.health.HealthCheckRequest;
import dev.vllmscan.proto.health.HealthCheckResponse;
import dev.vllmscan.proto.health.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The go-plugin side services: broker, stdio, health (the controller is {@link GoPluginController}: its
 * {@code Empty} is go-plugin's, not protobuf's). */
public final class GoPluginServices {
  private GoPluginServices() {}

  /** Records ConnInfo by service id; this provider needs no callbacks, so nothing is dialled. */
  public static final class Broker extends GRPCBrokerGrpc.GRPCBrokerImplBase {
    private final Map<Integer, ConnInfo> connections = new ConcurrentHashMap<>();

    public Map<Integer, ConnInfo> connections() {
      return connections;
    }

    @Override
    public StreamObserver<ConnInfo> startStream(StreamObserver<ConnInfo> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(ConnInfo info) {
          connections.put(info.getServiceId(), info);
        }

        @Override
        public void onError(Throwable t) {
          // The host closed the stream: normal on shutdown.
        }

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }

  /** Held open and silent: the provider logs to its real stderr, which hosts already read. */
  public static final class Stdio extends GRPCStdioGrpc.GRPCStdioImplBase {
    @Override
    public void streamStdio(Empty request, StreamObserver<StdioData> out) {
      // Intentionally never completed until the server stops.
    }
  }

  public static final class Health extends HealthGrpc.HealthImplBase {
    @Override
    public void check(HealthCheckRequest req, StreamObserver<HealthCheckResponse> out) {
      HealthCheckResponse.ServingStatus status = req.getService().isEmpty() || req.getService().equals("plugin")
          ? HealthCheckResponse.ServingStatus.SERVING
          : HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
      out.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
      out.onCompleted();
    }
  }
}

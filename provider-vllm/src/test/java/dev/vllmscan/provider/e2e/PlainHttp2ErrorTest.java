package dev.vllmscan.provider.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An HTTP/2 server that is not a gRPC server (a reverse proxy, a web server speaking h2c) answers every call with a
 * plain HTTP error and no grpc-status. grpc-java turns 404/401/403 into UNIMPLEMENTED/UNAUTHENTICATED/
 * PERMISSION_DENIED; those are not the server's gRPC answer, so nothing about reflection, health or anonymous
 * access is settled by them: every field that depends on them is unknown, with the HTTP status as the reason.
 */
class PlainHttp2ErrorTest {
  @ParameterizedTest
  @ValueSource(ints = {404, 401, 403})
  void aPlainHttp2ErrorWithoutGrpcStatusIsUnknownNotAnAnswer(int status) throws Exception {
    try (MockWebServer s = new MockWebServer()) {
      s.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
      s.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          return answer(status);
        }

        // Answer on the headers, as a proxy or web server does: a gRPC stream's body is never ended first.
        @Override
        public MockResponse peek() {
          return answer(status);
        }
      });
      s.start(InetAddress.getLoopbackAddress(), 0);
      try (ProviderHarness h = new ProviderHarness("grpc://127.0.0.1:" + s.getPort(), null, false, 5)) {
        Map<String, Object> f = h.fields(h.create("vllm.grpc", Map.of()));
        for (String field : List.of("present", "reflectionExposed", "healthExposed", "anonymousAccess", "services")) {
          assertTrue(f.get(field) instanceof ProviderHarness.FieldError e
                  && e.message().contains("HTTP/2 " + status + " without grpc-status: not a gRPC server?"),
              field + " must be unknown with the reason, was " + f.get(field));
        }
        assertTrue(s.getRequestCount() > 0, "the calls reached the HTTP/2 server");
        Map<String, Object> server = h.server();
        assertEquals(false, server.get("assessable"), String.valueOf(server.get("assessableReason")));
        assertTrue(String.valueOf(server.get("assessableReason")).contains("without grpc-status"),
            String.valueOf(server.get("assessableReason")));
      }
    }
  }

  private static MockResponse answer(int status) {
    return new MockResponse().setResponseCode(status).setHeader("content-type", "text/plain").setBody("no such page")
        .setSocketPolicy(SocketPolicy.DO_NOT_READ_REQUEST_BODY);
  }
}

package dev.vllmscan.provider.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** Loopback targets for the prober's tests, and a prober aimed at one. */
final class ProbeTargets {
  private ProbeTargets() {}

  /** A target on loopback that answers every request with what {@code answer} makes of it. */
  static MockWebServer serving(Function<RecordedRequest, MockResponse> answer) throws IOException {
    MockWebServer s = new MockWebServer();
    s.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return answer.apply(r);
      }
    });
    s.start(InetAddress.getLoopbackAddress(), 0);
    return s;
  }

  /** Without a key or TLS, {@code timeoutSeconds} per probe, {@code concurrency} probes in flight. */
  static HttpProber prober(MockWebServer s, int timeoutSeconds, int concurrency) {
    String base = "http://" + s.getHostName() + ":" + s.getPort();
    return new HttpProber(base, null, false, timeoutSeconds, new Pace(concurrency, 0),
        new SafetyGuard(RouteCatalogue.builtIn(), "canary"));
  }
}

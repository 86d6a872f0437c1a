package dev.vllmscan.provider.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** TLS posture comes from the real handshake, also under --insecure, which only stops verification failing. */
class TlsTargetTest {
  @Test
  void selfSignedCertificateWithHstsIsReportedInvalidButAssessedUnderInsecure() throws Exception {
    HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
        .duration(30, java.util.concurrent.TimeUnit.DAYS).build();
    HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(cert).build();
    FakeVllm vllm = new FakeVllm("0.29.0").era11();
    try (MockWebServer s = new MockWebServer()) {
      s.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
          return vllm.dispatch(r).setHeader("strict-transport-security", "max-age=31536000");
        }
      });
      s.useHttps(server.sslSocketFactory(), false);
      s.start(InetAddress.getLoopbackAddress(), 0);
      String url = "https://127.0.0.1:" + s.getPort();
      try (ProviderHarness h = new ProviderHarness(url, null, true, 5)) {
        Map<String, Object> f = h.server();
        assertEquals(true, f.get("usesTls"));
        assertEquals(true, f.get("reachable"));
        assertEquals(true, f.get("assessable"), String.valueOf(f.get("assessableReason")));
        assertEquals(false, f.get("certificateValid"), "self-signed: not trusted by the platform store");
        assertEquals(true, f.get("certificateValidationSkipped"));
        assertEquals(true, f.get("hstsEnabled"));
        assertTrue(String.valueOf(f.get("tlsVersion")).startsWith("TLSv1."), String.valueOf(f.get("tlsVersion")));
        Instant expires = (Instant) f.get("certificateExpiresAt");
        assertNotNull(expires);
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofDays(29))) && expires.isBefore(Instant.now().plus(Duration.ofDays(31))));
      }
      try (ProviderHarness h = new ProviderHarness(url, null, false, 5)) {
        Map<String, Object> f = h.server();
        assertEquals(false, f.get("assessable"), "without --insecure an untrusted certificate stops the scan");
        String reason = String.valueOf(f.get("assessableReason"));
        assertTrue(reason.contains("--insecure") && reason.contains("certificate not trusted (self-signed"), reason);
        assertTrue(!reason.contains("PKIX") && !reason.contains("Exception"), "no Java internals in the message: " + reason);
        // Whatever host asks, posture fields of an unassessable target are errors, the certificate verdict included.
        assertTrue(f.get("certificateValid") instanceof ProviderHarness.FieldError e
            && e.message().startsWith("target not assessable: "), String.valueOf(f.get("certificateValid")));
      }
    }
  }
}

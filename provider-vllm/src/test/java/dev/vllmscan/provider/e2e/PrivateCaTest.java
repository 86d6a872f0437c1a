package dev.vllmscan.provider.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.sdk.plugin.ProviderException;
import dev.vllmscan.provider.probe.TrustSources;
import io.grpc.Status;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose certificate a private CA issued (made here, as an enterprise CA would be) scans like a public one
 * once that CA is trusted by --ca-cert, SSL_CERT_FILE or SSL_CERT_DIR; a CA file that cannot be used is refused.
 */
class PrivateCaTest {
  @TempDir Path tmp;

  private static final HeldCertificate CA = new HeldCertificate.Builder().certificateAuthority(0).commonName("Example Corp Root CA").build();
  private static final HeldCertificate SERVER = new HeldCertificate.Builder().signedBy(CA).commonName("vllm.internal")
      .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();

  private Path caFile() throws Exception {
    Path ca = tmp.resolve("ca.pem");
    // Text around the block, as `openssl x509 -text` bundles have: only the PEM blocks count.
    Files.writeString(ca, "Example Corp Root CA\n" + CA.certificatePem());
    return ca;
  }

  private static MockWebServer privateCaVllm() throws Exception {
    FakeVllm vllm = new FakeVllm("0.29.0").era11();
    HandshakeCertificates certs = new HandshakeCertificates.Builder().heldCertificate(SERVER, CA.certificate()).build();
    MockWebServer s = new MockWebServer();
    s.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        return vllm.dispatch(r);
      }
    });
    s.useHttps(certs.sslSocketFactory(), false);
    s.start(InetAddress.getLoopbackAddress(), 0);
    return s;
  }

  @Test
  void aPrivateCaGivenWithCaCertVerifiesTheChainAndTheEvidenceNamesIt() throws Exception {
    Path ca = caFile();
    try (MockWebServer s = privateCaVllm();
        ProviderHarness h = new ProviderHarness("https://127.0.0.1:" + s.getPort(), null, false, 5, Map.of("ca-cert", ca.toString()))) {
      Map<String, Object> f = h.server();
      assertEquals(true, f.get("assessable"), String.valueOf(f.get("assessableReason")));
      assertEquals(true, f.get("certificateValid"), String.valueOf(f.get("evidence")));
      assertEquals(false, f.get("certificateValidationSkipped"));
      @SuppressWarnings("unchecked")
      Map<String, List<String>> evidence = (Map<String, List<String>>) f.get("evidence");
      String cert = String.join(" ", evidence.get("certificateValid"));
      assertTrue(cert.contains("trusted by --ca-cert " + ca), cert);
    }
  }

  @Test
  void withoutTheCaTheSameServerIsNotTrustedAndTheReasonSaysHowToTrustIt() throws Exception {
    try (MockWebServer s = privateCaVllm(); ProviderHarness h = new ProviderHarness("https://127.0.0.1:" + s.getPort(), null)) {
      Map<String, Object> f = h.server();
      assertEquals(false, f.get("assessable"));
      assertTrue(String.valueOf(f.get("assessableReason")).contains("--ca-cert"), String.valueOf(f.get("assessableReason")));
    }
  }

  @Test
  void theEnvironmentsCaFileAndDirectoryAreTrustedAfterCaCertAndBeforeTheJdk() throws Exception {
    Path ca = caFile();
    TrustSources fromFile = TrustSources.load(null, true, name -> name.equals("SSL_CERT_FILE") ? ca.toString() : null);
    assertEquals(List.of("SSL_CERT_FILE " + ca, TrustSources.JDK), fromFile.names());
    assertEquals("SSL_CERT_FILE " + ca, fromFile.verify(chain(), "UNKNOWN"));

    TrustSources.BadTrustSource missing = assertThrows(TrustSources.BadTrustSource.class,
        () -> TrustSources.load(null, true, name -> name.equals("SSL_CERT_FILE") ? tmp.resolve("gone.pem").toString() : null));
    assertTrue(missing.getMessage().startsWith("SSL_CERT_FILE=" + tmp.resolve("gone.pem") + ": no such file"), missing.getMessage());
    TrustSources.BadTrustSource noDir = assertThrows(TrustSources.BadTrustSource.class,
        () -> TrustSources.load(null, true, name -> name.equals("SSL_CERT_DIR") ? tmp.resolve("nodir").toString() : null));
    assertTrue(noDir.getMessage().contains("is not a directory"), noDir.getMessage());
  }

  @Test
  void anSslCertDirIsReadAsOpenSslAndGoDoFilesWithoutPemAreSkipped() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("certs"));
    Files.writeString(dir.resolve("README"), "not a certificate");
    Files.writeString(dir.resolve("1a2b3c4d.0"), CA.certificatePem());
    Path ca = caFile();
    HeldCertificate other = new HeldCertificate.Builder().certificateAuthority(0).commonName("Other CA").build();
    Path otherCa = tmp.resolve("other.pem");
    Files.writeString(otherCa, other.certificatePem());
    TrustSources t = TrustSources.load(otherCa.toString(), true, name -> name.equals("SSL_CERT_DIR") ? dir.toString() : null);
    assertEquals(List.of("--ca-cert " + otherCa, "SSL_CERT_DIR " + dir, TrustSources.JDK), t.names(), "in this order");
    assertEquals("SSL_CERT_DIR " + dir, t.verify(chain(), "UNKNOWN"), "the first source that verifies is named");
    assertEquals(List.of("--ca-cert " + ca), TrustSources.load(ca.toString(), false, name -> "/ignored").names(),
        "a plain-http scan never reads the environment's CA settings");
  }

  @Test
  void aMissingEmptyOrNonPemCaFileIsAUsageErrorNamingItBeforeAnyRequest() throws Exception {
    Path empty = Files.createFile(tmp.resolve("empty.pem"));
    Path der = tmp.resolve("ca.der");
    Files.write(der, CA.certificate().getEncoded());
    Path key = tmp.resolve("key.pem");
    Files.writeString(key, SERVER.privateKeyPkcs8Pem());
    Path broken = tmp.resolve("broken.pem");
    Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Map<Path, String> expected = Map.of(tmp.resolve("missing.pem"), "no such file", empty, "empty", der, "no PEM certificate",
        key, "no PEM certificate", broken, "cannot be read");
    try (MockWebServer s = new MockWebServer()) {
      s.start(InetAddress.getLoopbackAddress(), 0);
      for (Map.Entry<Path, String> e : expected.entrySet()) {
        ProviderException x = assertThrows(ProviderException.class,
            () -> new ProviderHarness("https://127.0.0.1:" + s.getPort(), null, false, 5, Map.of("ca-cert", e.getKey().toString())));
        assertEquals(Status.Code.INVALID_ARGUMENT, x.code());
        assertTrue(x.getMessage().startsWith("--ca-cert " + e.getKey() + ": ") && x.getMessage().contains(e.getValue()), x.getMessage());
      }
      assertEquals(0, s.getRequestCount(), "refused before any request");
    }
  }

  private static X509Certificate[] chain() {
    return new X509Certificate[] {SERVER.certificate(), CA.certificate()};
  }
}

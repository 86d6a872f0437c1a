package dev.vllmscan.provider.vllm;

import dev.vllmscan.provider.probe.HttpProber;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Handshake;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Looks at the real TLS handshake with verification off, then judges the certificate itself against the
 * platform trust store and the host name, so --insecure never hides a bad certificate.
 */
public final class TlsInspector {
  public record TlsFacts(String tlsVersion, Boolean certificateValid, Instant notAfter, Boolean hsts, String problem,
      String subject) {}

  private TlsInspector() {}

  static TlsFacts inspect(HttpProber prober, String baseUrl, String host) {
    if (!baseUrl.startsWith("https://")) return new TlsFacts(null, null, null, null, null, null);
    List<X509Certificate> chain = new java.util.concurrent.CopyOnWriteArrayList<>();
    OkHttpClient client = prober.inspectionClient(presented -> {
      chain.clear();
      chain.addAll(List.of(presented));
    });
    Request req = new Request.Builder().url(baseUrl + "/health").header("User-Agent", HttpProber.USER_AGENT).build();
    try (Response r = client.newCall(req).execute()) {
      Handshake hs = r.handshake();
      if (hs == null) return new TlsFacts(null, null, null, r.header("strict-transport-security") != null, "no handshake", null);
      Instant notAfter = chain.isEmpty() ? null : chain.get(0).getNotAfter().toInstant();
      String problem = validate(chain, host);
      String subject = chain.isEmpty() ? null : chain.get(0).getSubjectX500Principal().getName();
      return new TlsFacts(hs.tlsVersion().javaName(), problem == null, notAfter,
          r.header("strict-transport-security") != null, problem, subject);
    } catch (Exception e) {
      return new TlsFacts(null, null, null, null, prober.redact(String.valueOf(e.getMessage())), null);
    }
  }

  static String validate(List<X509Certificate> chain, String host) {
    if (chain.isEmpty()) return "no certificate";
    try {
      chain.get(0).checkValidity();
      // Fail closed: without a trust store nothing counts as trusted.
      if (PlatformTrust.MANAGERS.length == 0) return "the platform trust store could not be loaded";
      for (var tm : PlatformTrust.MANAGERS) {
        if (tm instanceof X509TrustManager x) {
          x.checkServerTrusted(chain.toArray(new X509Certificate[0]), "GENERIC");
        }
      }
      if (!okhttp3.internal.tls.OkHostnameVerifier.INSTANCE.verify(host, chain.get(0))) {
        return "certificate does not match host " + host;
      }
      return null;
    } catch (Exception e) {
      return e instanceof java.security.cert.CertificateExpiredException ? "certificate expired"
          : e instanceof java.security.cert.CertificateNotYetValidException ? "certificate not yet valid"
          : "certificate not trusted (self-signed or issued by an unknown CA)";
    }
  }

  /** The platform trust store, loaded once (parsing it costs tens of milliseconds). */
  private static final class PlatformTrust {
    static final javax.net.ssl.TrustManager[] MANAGERS = load();

    private static javax.net.ssl.TrustManager[] load() {
      try {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return tmf.getTrustManagers();
      } catch (java.security.GeneralSecurityException e) {
        return new javax.net.ssl.TrustManager[0];
      }
    }
  }
}

package dev.vllmscan.provider.connection;

import dev.vllmscan.provider.probe.HttpProber;
import dev.vllmscan.provider.probe.TrustSources;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Handshake;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.tls.OkHostnameVerifier;

/**
 * Looks at the real TLS handshake with verification off, then judges the certificate itself against the scan's
 * trust sources (--ca-cert, SSL_CERT_FILE / SSL_CERT_DIR, the JDK store) and the host name, so --insecure never
 * hides a bad certificate.
 *
 * @see TrustSources
 */
public final class TlsInspector {
  /** @param trustSource the trust source that verified the chain (null when it was not verified) */
  public record TlsFacts(String tlsVersion, Boolean certificateValid, Instant notAfter, Boolean hsts, String problem,
      String subject, String trustSource) {}

  /** A chain's verdict: {@code problem} null when valid, then {@code trustSource} names who vouched for it. */
  record Judgement(String problem, String trustSource) {}

  private TlsInspector() {}

  static TlsFacts inspect(HttpProber prober, String baseUrl, String host, TrustSources trust) {
    if (!baseUrl.startsWith("https://")) return new TlsFacts(null, null, null, null, null, null, null);
    List<X509Certificate> chain = new CopyOnWriteArrayList<>();
    OkHttpClient client = prober.inspectionClient(presented -> {
      chain.clear();
      chain.addAll(List.of(presented));
    });
    Request req = new Request.Builder().url(baseUrl + "/health").header("User-Agent", HttpProber.USER_AGENT).build();
    try (Response r = client.newCall(req).execute()) {
      Handshake hs = r.handshake();
      if (hs == null) {
        return new TlsFacts(null, null, null, r.header("strict-transport-security") != null, "no handshake", null, null);
      }
      Instant notAfter = chain.isEmpty() ? null : chain.get(0).getNotAfter().toInstant();
      Judgement j = validate(chain, host, trust);
      String subject = chain.isEmpty() ? null : chain.get(0).getSubjectX500Principal().getName();
      return new TlsFacts(hs.tlsVersion().javaName(), j.problem() == null, notAfter,
          r.header("strict-transport-security") != null, j.problem(), subject, j.trustSource());
    } catch (Exception e) {
      return new TlsFacts(null, null, null, null, prober.redact(String.valueOf(e.getMessage())), null, null);
    }
  }

  static Judgement validate(List<X509Certificate> chain, String host, TrustSources trust) {
    if (chain.isEmpty()) return new Judgement("no certificate", null);
    try {
      chain.get(0).checkValidity();
      // Fail closed: a chain no source verifies is not trusted, whatever else holds.
      // "UNKNOWN" is the auth type JSSE itself passes for TLS 1.3: no key-exchange-specific key-usage check
      // (an unknown name such as "GENERIC" fails every chain).
      String source = trust.verify(chain.toArray(new X509Certificate[0]), "UNKNOWN");
      if (!OkHostnameVerifier.INSTANCE.verify(host, chain.get(0))) {
        return new Judgement("certificate does not match host " + host, null);
      }
      return new Judgement(null, source);
    } catch (Exception e) {
      return new Judgement(e instanceof CertificateExpiredException ? "certificate expired"
          : e instanceof CertificateNotYetValidException ? "certificate not yet valid"
          : "certificate not trusted (self-signed or issued by a CA not in " + String.join(", ", trust.names()) + ")", null);
    }
  }
}

package dev.vllmscan.provider.probe;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * TLS without verification, for --insecure and for inspecting a certificate we then judge ourselves: the chain
 * the server presented is handed to {@code presented}, so skipping verification never hides a bad certificate.
 */
final class TrustAll {
  private TrustAll() {}

  static void install(OkHttpClient.Builder b, Consumer<X509Certificate[]> presented) {
    try {
      X509TrustManager trustAll = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
          presented.accept(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      b.sslSocketFactory(ctx.getSocketFactory(), trustAll).hostnameVerifier((h, s) -> true);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up TLS without verification", e);
    }
  }
}

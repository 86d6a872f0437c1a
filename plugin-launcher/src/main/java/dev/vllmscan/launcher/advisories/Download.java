package dev.vllmscan.launcher.advisories;

import dev.vllmscan.launcher.text.SafeText;
import dev.vllmscan.provider.api.advisory.AdvisoryStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The one network read of an import: a URL fetched into a temporary file, bounded in size and in time, every
 * failure turned into words (timeout after N s, connection refused, HTTP status, too large).
 */
final class Download {
  /** A finished download: the file, and the content type it was served with (for "not OSV JSON" messages). */
  record Fetched(Path file, String contentType) {}

  private Download() {}

  static Fetched fetch(String url, long max, Duration timeout) {
    String shown = display(url);
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) throw ImportFailure.input(shown + ": not a valid URL");
    OkHttpClient client = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
    Path file;
    try {
      file = Files.createTempFile("vllmscan-advisories-", ".download");
    } catch (IOException e) {
      throw ImportFailure.input("cannot create a temporary file for the download: " + e.getMessage());
    }
    try (Response r = client.newCall(new Request.Builder().url(parsed).build()).execute()) {
      if (!r.isSuccessful()) throw ImportFailure.remote(shown + ": HTTP " + r.code() + "; nothing was stored");
      String type = r.header("Content-Type", "none");
      BufferedSource src = r.body().source();
      long total = 0;
      try (OutputStream out = Files.newOutputStream(file)) {
        // Only a zip may be large: anything else is one OSV document, so an endless answer stops after one document's limit.
        boolean zip = src.request(2) && src.getBuffer().getByte(0) == 'P' && src.getBuffer().getByte(1) == 'K';
        long limit = zip ? max : AdvisoryStore.MAX_DOCUMENT_BYTES;
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = src.read(buf)) != -1) {
          total += n;
          if (total > limit) {
            throw ImportFailure.remote(shown + ": too large (more than " + AdvisoryStore.describe(limit)
                + (zip ? ", the download limit" : ", the limit for one OSV document") + "); nothing was stored");
          }
          out.write(buf, 0, n);
        }
      }
      return new Fetched(file, SafeText.of(type, 60));
    } catch (ImportFailure e) {
      AdvisoryImport.deleteQuietly(file);
      throw e;
    } catch (IOException e) {
      AdvisoryImport.deleteQuietly(file);
      throw ImportFailure.remote(shown + ": " + why(e, timeout) + "; nothing was stored");
    }
  }

  /** A URL as shown in messages and recorded in the store: never its user info (a password may sit there). */
  static String display(String from) {
    HttpUrl u = HttpUrl.parse(from);
    if (u == null) return SafeText.of(from, 200);
    return u.newBuilder().username("").password("").build().toString();
  }

  private static String why(IOException e, Duration timeout) {
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return "timeout after " + timeout.toSeconds() + " s";
    }
    if (e instanceof ConnectException) return "connection refused";
    if (e instanceof UnknownHostException) return "unknown host";
    if (e instanceof SSLException) return "TLS failed (" + SafeText.of(e.getMessage(), 120) + ")";
    return "download failed (" + SafeText.of(String.valueOf(e.getMessage()), 120) + ")";
  }
}

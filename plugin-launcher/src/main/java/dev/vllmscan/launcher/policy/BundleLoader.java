package dev.vllmscan.launcher.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Loads bundles from a file, an http(s) URL (with a timeout) or the embedded default policy. */
public final class BundleLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  public static final String DEFAULT = "/policy/vllmscan-default.mql.yaml";

  private BundleLoader() {}

  public static Bundle parse(String yaml, String origin) {
    try {
      Bundle b = YAML.readValue(yaml, Bundle.class);
      if (b == null || b.policies().isEmpty()) throw new PolicyException(origin + ": no policies in the bundle");
      return b;
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
      throw new PolicyException(origin + ": not a policy bundle (" + msg + ")");
    }
  }

  public static Bundle embeddedDefault() {
    try (InputStream in = BundleLoader.class.getResourceAsStream(DEFAULT)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "embedded default policy");
    } catch (IOException e) {
      throw new PolicyException("embedded default policy missing: " + e.getMessage());
    }
  }

  public static Bundle load(String location) {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(15)).followRedirects(true).build();
      try (Response r = client.newCall(new Request.Builder().url(location).build()).execute()) {
        if (!r.isSuccessful()) throw new PolicyException("cannot fetch policy bundle " + location + ": HTTP " + r.code());
        byte[] body = r.body().source().readByteArray(Math.min(8L * 1024 * 1024, Math.max(0, r.body().contentLength() < 0
            ? 8L * 1024 * 1024 : r.body().contentLength())));
        return parse(new String(body, StandardCharsets.UTF_8), location);
      } catch (IOException e) {
        throw new PolicyException("cannot fetch policy bundle " + location + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new PolicyException("bad policy bundle URL " + location);
      }
    }
    Path p = Path.of(location);
    if (!Files.isRegularFile(p)) throw new PolicyException("policy bundle " + location + " not found");
    try {
      return parse(Files.readString(p), location);
    } catch (IOException e) {
      throw new PolicyException("cannot read policy bundle " + location + ": " + e.getMessage());
    }
  }
}

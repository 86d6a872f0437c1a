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
import org.yaml.snakeyaml.LoaderOptions;

/** Loads bundles from a file, an http(s) URL (with a timeout) or the embedded default policy. */
public final class BundleLoader {
  /** A bundle larger than this is refused before it is parsed (files and URLs alike). */
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(limits()).build());
  public static final String DEFAULT = "/policy/vllmscan-default.mql.yaml";

  /** The YAML reader's own limits: size, nesting and alias expansion (a "billion laughs" bundle stays small). */
  private static LoaderOptions limits() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(MAX_BYTES);
    o.setNestingDepthLimit(64);
    o.setMaxAliasesForCollections(20);
    o.setAllowDuplicateKeys(false);
    return o;
  }

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

  private static PolicyException tooLarge(String location) {
    return new PolicyException("policy bundle " + location + " is larger than " + (MAX_BYTES >> 20)
        + " MiB; split it into smaller bundles");
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
        okio.Buffer body = new okio.Buffer();
        okio.BufferedSource src = r.body().source();
        while (body.size() <= MAX_BYTES && src.read(body, 64 * 1024) != -1) {
          // read up to one byte past the cap, no further
        }
        if (body.size() > MAX_BYTES) throw tooLarge(location);
        return parse(body.readString(StandardCharsets.UTF_8), location);
      } catch (IOException e) {
        throw new PolicyException("cannot fetch policy bundle " + location + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new PolicyException("bad policy bundle URL " + location);
      }
    }
    Path p = Path.of(location);
    if (!Files.isRegularFile(p)) throw new PolicyException("policy bundle " + location + " not found");
    try {
      if (Files.size(p) > MAX_BYTES) throw tooLarge(location);
      return parse(Files.readString(p), location);
    } catch (IOException e) {
      throw new PolicyException("cannot read policy bundle " + location + ": " + e.getMessage());
    }
  }
}

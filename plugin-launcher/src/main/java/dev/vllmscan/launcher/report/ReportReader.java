package dev.vllmscan.launcher.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vllmscan.launcher.text.SafeText;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON reports back (the current envelope, or the older per-target object or array) so shards can be merged.
 * A report is read as a stream, one target at a time, from at most {@link #MAX_BYTES}: a huge file, a fifo that never
 * ends or {@code /dev/zero} stops at the limit instead of growing memory.
 */
public final class ReportReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Largest report read (a 10,000-target fleet report is about 100 MiB). */
  public static final long MAX_BYTES = 256L << 20;

  /** An input that is no report (exit 3); an input that cannot be read at all is an {@link IllegalArgumentException} (exit 2). */
  public static final class NotAReport extends RuntimeException {
    NotAReport(String message) {
      super(message);
    }
  }

  private ReportReader() {}

  public static List<Report> read(Path file) {
    return read(file, MAX_BYTES);
  }

  static List<Report> read(Path file, long maxBytes) {
    if (Files.isDirectory(file)) throw new IllegalArgumentException("cannot read " + file + ": it is a directory");
    try (InputStream in = new Bounded(Files.newInputStream(file), maxBytes, file);
        JsonParser p = JSON.getFactory().createParser(in)) {
      return read(file, p);
    } catch (TooLarge e) {
      throw new IllegalArgumentException(e.getMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot read " + file + " as a vllmscan JSON report: "
          + String.valueOf(e.getOriginalMessage()).split("\n")[0]);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A list of target reports up to its end: an element that is not a report is refused, never skipped with the rest. */
  private static void targets(Path file, JsonParser p, List<Report> out) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) out.add(report(file, p.readValueAsTree()));
    if (t != JsonToken.END_ARRAY) {
      throw new NotAReport(file + " lists something that is not a target report (" + t + ") after " + out.size()
          + " target(s); make it with `scan -o json`");
    }
  }

  private static List<Report> read(Path file, JsonParser p) throws IOException {
    List<Report> out = new ArrayList<>();
    JsonToken first = p.nextToken();
    if (first == JsonToken.START_ARRAY) {
      // Before schema version 2: a bare array of target reports (fleets) ...
      targets(file, p, out);
      return out;
    }
    if (first != JsonToken.START_OBJECT) throw new NotAReport(file + " is not a vllmscan JSON report (make it with `scan -o json`)");
    // ... the envelope {schemaVersion, targets: [...]}, each target read and converted on its own ...
    ObjectNode rest = JSON.createObjectNode();
    boolean envelope = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("targets") && value == JsonToken.START_ARRAY) {
        envelope = true;
        targets(file, p, out);
      } else {
        rest.set(name, p.readValueAsTree());
      }
    }
    if (envelope) {
      String version = rest.path("schemaVersion").asText("");
      if (!version.equals(Renderers.JSON_SCHEMA_VERSION)) {
        throw new NotAReport(file + " has JSON report schema version '" + version + "'; this vllmscan reads "
            + Renderers.JSON_SCHEMA_VERSION + " (and the older per-target objects); rescan with this version");
      }
      return out;
    }
    // ... or one target report object.
    out.add(report(file, rest));
    return out;
  }

  /** Thrown by {@link Bounded} past the limit; an IOException so Jackson passes it through. */
  private static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  private static final class Bounded extends FilterInputStream {
    private final long max;
    private final Path file;
    private long read;

    Bounded(InputStream in, long max, Path file) {
      super(in);
      this.max = max;
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count(n);
      return n;
    }

    private void count(long n) throws TooLarge {
      read += n;
      if (read > max) {
        throw new TooLarge("cannot read " + file + ": too large (more than " + (max >> 20) + " MiB, the limit for one report)");
      }
    }
  }

  private static Report report(Path file, JsonNode n) {
    if (n == null || !n.path("asset").isObject() || !n.path("policies").isArray()) {
      throw new NotAReport(file + " is not a vllmscan JSON report (make it with `scan -o json`)");
    }
    JsonNode a = n.get("asset");
    Map<String, String> labels = new LinkedHashMap<>();
    a.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Report.Asset asset = new Report.Asset(a.path("name").asText(), a.path("baseUrl").asText(), a.path("platform").asText(),
        a.path("version").isTextual() ? a.get("version").asText() : null, a.path("assessable").asBoolean(false),
        a.path("reason").isTextual() ? a.get("reason").asText() : null, labels,
        a.path("scope").isTextual() ? a.get("scope").asText() : null);
    List<Report.PolicyResult> policies = new ArrayList<>();
    for (JsonNode p : n.get("policies")) {
      List<Report.CheckResult> checks = new ArrayList<>();
      for (JsonNode c : p.path("checks")) {
        checks.add(new Report.CheckResult(c.path("uid").asText(), c.path("title").asText(), c.path("impact").asInt(),
            outcome(file, c.path("result").asText("error")),
            text(c, "message"), text(c, "remediation"), strings(c.path("evidence")),
            c.path("docs").isObject() ? new Report.CheckDocs(text(c.get("docs"), "description"), text(c.get("docs"), "audit"),
                text(c.get("docs"), "url")) : null, tags(c.path("tags"))));
      }
      policies.add(new Report.PolicyResult(p.path("uid").asText(), p.path("name").asText(), checks));
    }
    return new Report(asset, policies, n.path("riskScore").isInt() ? n.get("riskScore").asInt() : null,
        n.at("/stats/startedAt").isTextual()
            ? new Report.Stats(n.at("/stats/requests").asInt(), n.at("/stats/durationMs").asLong(), n.at("/stats/startedAt").asText())
            : new Report.Stats(n.at("/stats/requests").asInt(), n.at("/stats/durationMs").asLong()));
  }

  private static Report.Outcome outcome(Path file, String result) {
    for (Report.Outcome o : Report.Outcome.values()) {
      if (o.word().equals(result.toLowerCase(Locale.ROOT))) return o;
    }
    throw new NotAReport(file + " is not a vllmscan JSON report: a check's result is '"
        + SafeText.of(result, 40) + "' (pass, fail, error or skip)");
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static String text(JsonNode n, String field) {
    return n.path(field).isTextual() ? n.get(field).asText() : null;
  }

  /** A check's framework tags (reports written before tags existed have none). */
  private static Map<String, String> tags(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n.isObject()) n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}

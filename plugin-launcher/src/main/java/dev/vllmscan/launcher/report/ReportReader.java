package dev.vllmscan.launcher.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads JSON reports back (the current envelope, or the older per-target object or array) so shards can be merged. */
public final class ReportReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportReader() {}

  public static List<Report> read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + " as a vllmscan JSON report: "
          + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    List<Report> out = new ArrayList<>();
    if (root != null && root.path("targets").isArray()) {
      String version = root.path("schemaVersion").asText("");
      if (!version.equals(Renderers.JSON_SCHEMA_VERSION)) {
        throw new IllegalArgumentException(file + " has JSON report schema version '" + version + "'; this vllmscan reads "
            + Renderers.JSON_SCHEMA_VERSION + " (and the older per-target objects); rescan with this version");
      }
      for (JsonNode n : root.get("targets")) out.add(report(file, n));
    } else if (root != null && root.isArray()) {
      // Before schema version 2: a bare array of target reports (fleets) ...
      for (JsonNode n : root) out.add(report(file, n));
    } else {
      // ... or one target report object.
      out.add(report(file, root));
    }
    return out;
  }

  private static Report report(Path file, JsonNode n) {
    if (n == null || !n.path("asset").isObject() || !n.path("policies").isArray()) {
      throw new IllegalArgumentException(file + " is not a vllmscan JSON report (make it with `scan -o json`)");
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
            Report.Outcome.valueOf(c.path("result").asText("error").toUpperCase(Locale.ROOT)),
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
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (n.isObject()) n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}

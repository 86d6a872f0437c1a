package dev.vllmscan.launcher.report;

import dev.vllmscan.contract.Contract;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.vllmscan.launcher.text.SafeText;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Human, JSON, JUnit XML and SARIF 2.1.0 renderings of reports. */
public final class Renderers {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Renderers() {}

  /**
   * -o cyclonedx (scans only, not in {@link #FORMATS}: it needs what the scan observed beyond the checks, which a
   * JSON report does not keep, so `report merge` cannot make one).
   */
  public static final String CYCLONEDX = "cyclonedx";

  /** How one -o format writes reports. */
  @FunctionalInterface
  public interface ReportWriter {
    void write(List<Report> reports, boolean color, Writer out) throws IOException;
  }

  /**
   * Every -o format and its writer, the one place a format is added: ours and cnspec's ({@code full} is the human
   * report, {@code human} its old name). JSON and SARIF are streamed one target at a time, so a fleet's report never
   * exists as one string in memory (10,000 targets are about 250 MB of JSON); the others are rendered, then written.
   */
  private static final Map<String, ReportWriter> WRITERS = writers();

  /** Every -o value a report can be written in (all but {@link #CYCLONEDX}). */
  public static final Set<String> FORMATS =
      WRITERS.keySet().stream().filter(f -> !f.equals(CYCLONEDX)).collect(Collectors.toUnmodifiableSet());

  private static Map<String, ReportWriter> writers() {
    Map<String, ReportWriter> w = new LinkedHashMap<>();
    ReportWriter human = (r, color, out) -> out.write(human(r, color));
    w.put("human", human);
    w.put("full", human);
    w.put("compact", (r, color, out) -> out.write(TextFormats.compact(r)));
    w.put("summary", (r, color, out) -> out.write(TextFormats.summary(r)));
    // The caller owns the writer (it may be stdout): Jackson must not close it.
    w.put("json", (r, color, out) -> {
      JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, jsonEnvelope(r));
      out.write("\n");
    });
    w.put("yaml", (r, color, out) -> out.write(TextFormats.yaml(r)));
    w.put("csv", (r, color, out) -> out.write(TextFormats.csv(r)));
    w.put("junit", (r, color, out) -> out.write(junit(r)));
    w.put("sarif", (r, color, out) -> SarifReport.write(r, out));
    w.put(CYCLONEDX, (r, color, out) -> out.write(cyclonedx(r)));
    return Collections.unmodifiableMap(w);
  }

  /** An AI bill of materials (CycloneDX 1.6 JSON) of reports scanned with their inventory. */
  public static String cyclonedx(List<Report> reports) {
    return CycloneDxReport.render(reports);
  }

  /** Writes the reports in {@code format} (an unknown one as the human report) to {@code out}. */
  public static void write(String format, List<Report> reports, boolean color, Writer out) throws IOException {
    WRITERS.getOrDefault(format, WRITERS.get("human")).write(reports, color, out);
    out.flush();
  }

  public static String render(String format, List<Report> reports, boolean color) {
    StringWriter out = new StringWriter();
    try {
      write(format, reports, color, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  // --- human -----------------------------------------------------------------------------------

  public static String human(List<Report> reports, boolean color) {
    StringBuilder sb = new StringBuilder();
    for (Report r : reports) {
      sb.append(bold("Asset: ", color)).append(safe(r.asset().name()));
      if (r.asset().version() != null && !r.asset().version().isEmpty()) sb.append(" (vLLM ").append(safe(r.asset().version())).append(")");
      sb.append("\n");
      if (!r.asset().assessable()) {
        sb.append(paint("! Not assessable: ", "33", color)).append(safe(r.asset().reason())).append("\n")
            .append("  Every check below ended in error: nothing about this target was judged, so nothing passed.\n");
      } else if (r.asset().reason() != null) {
        sb.append(paint("! Scope: ", "33", color)).append(safe(r.asset().reason())).append("\n");
      }
      for (Report.PolicyResult p : r.policies()) {
        sb.append("\n").append(bold(safe(p.name()), color)).append("\n");
        for (Report.CheckResult c : p.checks()) check(sb, c, r.asset().assessable(), color);
      }
      sb.append("\nSummary: ").append(r.count(Report.Outcome.PASS)).append(" passed, ")
          .append(r.count(Report.Outcome.FAIL)).append(" failed, ").append(r.count(Report.Outcome.ERROR)).append(" errors, ")
          .append(r.count(Report.Outcome.SKIP)).append(" skipped")
          .append(" (").append(r.stats().requests()).append(" requests, ").append(r.stats().durationMs()).append(" ms)\n");
      sb.append(bold("Risk score: " + (r.riskScore() == null ? "unknown (not assessable)" : r.riskScore()), color));
      Map<String, Long> sev = r.failedBySeverity();
      sb.append("  (failed: ").append(sev.get("critical")).append(" critical, ").append(sev.get("high")).append(" high, ")
          .append(sev.get("medium")).append(" medium, ").append(sev.get("low")).append(" low)\n");
    }
    if (reports.size() > 1) sb.append("\n").append(SummaryTable.render(reports));
    return sb.toString();
  }

  private static final String PAD = "         ";

  private static void check(StringBuilder sb, Report.CheckResult c, boolean assessable, boolean color) {
    switch (c.result()) {
      case PASS -> sb.append(paint("✓ Pass:  ", "32", color)).append(safe(c.title())).append("\n");
      case FAIL -> {
        sb.append(paint("✕ Fail:  ", "31", color)).append(safe(c.title())).append("  (impact ").append(c.impact()).append(")\n");
        evidence(sb, c.evidence());
        if (c.remediation() != null && !c.remediation().isBlank()) {
          for (String line : c.remediation().strip().split("\n")) sb.append(PAD).append("Fix: ").append(safe(line)).append("\n");
        }
      }
      case ERROR -> {
        sb.append(paint("! Error: ", "33", color)).append(safe(c.title())).append("\n");
        if (assessable) sb.append(PAD).append(safe(c.message())).append("\n");
      }
      case SKIP -> {
        sb.append(paint("- Skip:  ", "90", color)).append(safe(c.title())).append("\n");
        // Only the provider's own lines (what was and was not seen), not the bare filter values.
        if (c.evidence().stream().anyMatch(l -> l.startsWith("  "))) evidence(sb, c.evidence());
      }
      default -> { }
    }
  }

  /** Up to {@value #SHOWN} evidence items (a line and its indented details), then "and N more". */
  static final int SHOWN = 5;

  private static void evidence(StringBuilder sb, List<String> lines) {
    int items = 0;
    int hidden = 0;
    for (String line : lines) {
      boolean head = !line.startsWith("  ");
      if (head) items++;
      if (items > SHOWN) {
        if (head) hidden++;
        continue;
      }
      sb.append(PAD).append(head ? "" : "  ").append(safe(line.strip())).append("\n");
    }
    if (hidden > 0) sb.append(PAD).append("and ").append(hidden).append(" more\n");
  }

  /** Everything a target (or a bundle) wrote goes through here before it reaches a terminal. */
  private static String safe(String s) {
    return SafeText.of(s);
  }

  private static String bold(String s, boolean color) {
    return color ? "\u001b[1m" + s + "\u001b[0m" : s;
  }

  private static String paint(String s, String code, boolean color) {
    return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  // --- JSON ------------------------------------------------------------------------------------

  static Map<String, Object> jsonReport(Report r) {
    Map<String, Object> asset = new LinkedHashMap<>();
    asset.put("name", r.asset().name());
    asset.put("baseUrl", r.asset().baseUrl());
    asset.put("platform", r.asset().platform());
    asset.put("version", r.asset().version());
    asset.put("assessable", r.asset().assessable());
    asset.put("scope", r.asset().scope());
    if (r.asset().reason() != null) asset.put("reason", r.asset().reason());
    if (!r.asset().labels().isEmpty()) asset.put("labels", r.asset().labels());
    List<Object> policies = new ArrayList<>();
    for (Report.PolicyResult p : r.policies()) {
      List<Object> checks = new ArrayList<>();
      for (Report.CheckResult c : p.checks()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", c.uid());
        m.put("title", c.title());
        m.put("impact", c.impact());
        m.put("result", c.result().word());
        m.put("message", c.message());
        m.put("evidence", c.evidence());
        m.put("remediation", c.remediation());
        m.put("tags", c.tags());
        if (c.docs() != null) {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("description", c.docs().description());
          d.put("audit", c.docs().audit());
          d.put("url", c.docs().url());
          m.put("docs", d);
        }
        checks.add(m);
      }
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("uid", p.uid());
      pm.put("name", p.name());
      pm.put("checks", checks);
      policies.add(pm);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("asset", asset);
    out.put("policies", policies);
    out.put("riskScore", r.riskScore());
    out.put("score", r.score());
    out.put("failedBySeverity", r.failedBySeverity());
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("requests", r.stats().requests());
    stats.put("durationMs", r.stats().durationMs());
    stats.put("startedAt", r.stats().startedAt());
    out.put("stats", stats);
    return out;
  }

  /** The JSON report's schema version (docs/json-report.schema.json); raised on any incompatible change. */
  public static final String JSON_SCHEMA_VERSION = "2";

  /**
   * One shape for one target, a fleet and a merged report: the tool, the schema version, when the scan started,
   * every target's report and a summary (docs/json-report.md).
   */
  public static String json(List<Report> reports) {
    try {
      return JSON.writeValueAsString(jsonEnvelope(reports)) + "\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> jsonEnvelope(List<Report> reports) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("name", "vllmscan");
    tool.put("version", TOOL_VERSION);
    out.put("tool", tool);
    out.put("schemaVersion", JSON_SCHEMA_VERSION);
    out.put("startedAt", reports.stream().map(r -> r.stats().startedAt()).filter(Objects::nonNull).sorted()
        .findFirst().orElse(null));
    // Built as it is written: one target's map at a time, never the fleet's all at once.
    Iterable<Map<String, Object>> targets = () -> reports.stream().map(Renderers::jsonReport).iterator();
    out.put("targets", targets);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("targets", reports.size());
    summary.put("assessable", reports.stream().filter(r -> r.asset().assessable()).count());
    for (Report.Outcome o : Report.Outcome.values()) {
      summary.put(o.word().equals("pass") ? "passed" : o.word().equals("fail") ? "failed" : o.word().equals("skip") ? "skipped" : "errors",
          reports.stream().mapToLong(r -> r.count(o)).sum());
    }
    Map<String, Long> bySeverity = new LinkedHashMap<>();
    for (Report r : reports) r.failedBySeverity().forEach((k, v) -> bySeverity.merge(k, v, Long::sum));
    summary.put("failedBySeverity", bySeverity);
    summary.put("worstRiskScore", reports.stream().map(Report::riskScore).filter(Objects::nonNull).max(Integer::compare).orElse(null));
    summary.put("worstScore", reports.stream().map(Report::score).filter(Objects::nonNull).min(Integer::compare).orElse(null));
    out.put("summary", summary);
    return out;
  }

  /** This build's version, as `vllmscan --version` prints it. */
  public static final String TOOL_VERSION = Contract.VERSION;

  // --- JUnit -----------------------------------------------------------------------------------

  public static String junit(List<Report> reports) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (Report r : reports) {
      for (Report.PolicyResult p : r.policies()) {
        long failures = p.checks().stream().filter(c -> c.result() == Report.Outcome.FAIL).count();
        long errors = p.checks().stream().filter(c -> c.result() == Report.Outcome.ERROR).count();
        long skipped = p.checks().stream().filter(c -> c.result() == Report.Outcome.SKIP).count();
        sb.append("  <testsuite name=\"").append(xml(p.name() + " @ " + r.asset().baseUrl())).append("\" tests=\"")
            .append(p.checks().size()).append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
            .append("\" skipped=\"").append(skipped).append("\" time=\"")
            .append(String.format(Locale.ROOT, "%.3f", r.stats().durationMs() / 1000.0)).append("\" timestamp=\"")
            .append(xml(r.stats().startedAt())).append("\" hostname=\"").append(xml(Hostname.NAME)).append("\">\n");
        for (Report.CheckResult c : p.checks()) {
          sb.append("    <testcase classname=\"").append(xml(p.uid())).append("\" name=\"").append(xml(c.title())).append("\"");
          if (!c.tags().isEmpty()) {
            // Framework mappings as testcase properties (the convention pytest's record_property also writes).
            sb.append(">\n      <properties>\n");
            c.tags().forEach((k, v) -> sb.append("        <property name=\"").append(xml(k)).append("\" value=\"")
                .append(xml(v)).append("\"/>\n"));
            sb.append("      </properties>\n    ");
          }
          boolean open = !c.tags().isEmpty();
          switch (c.result()) {
            case PASS -> sb.append(open ? "</testcase>\n" : "/>\n");
            case FAIL -> sb.append(open ? "  <failure message=\"" : ">\n      <failure message=\"").append(xml(c.message())).append("\" type=\"impact ")
                .append(c.impact()).append("\">").append(xml(body(c))).append("</failure>\n    </testcase>\n");
            case ERROR -> sb.append(open ? "  <error message=\"" : ">\n      <error message=\"").append(xml(c.message())).append("\">")
                .append(xml(body(c))).append("</error>\n    </testcase>\n");
            // JUnit's skipped element has no body: the reason and what was seen go in its message.
            default -> sb.append(open ? "  " : ">\n      ").append("<skipped message=\"").append(xml(skipReason(c)))
                .append("\"/>\n    </testcase>\n");
          }
        }
        sb.append("  </testsuite>\n");
      }
    }
    return sb.append("</testsuites>\n").toString();
  }

  /**
   * The machine that ran the scan (JUnit's hostname), looked up only when a JUnit report is written: the lookup may
   * ask the resolver, which no other format should wait for.
   */
  private static final class Hostname {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    }
  }

  /** A failure's or error's body: the evidence, then what to do. */
  private static String skipReason(Report.CheckResult c) {
    String message = c.message() == null ? "" : c.message();
    if (c.evidence().isEmpty()) return message;
    return message + ": " + String.join("; ", c.evidence().stream().map(String::strip).toList());
  }

  private static String body(Report.CheckResult c) {
    StringBuilder sb = new StringBuilder();
    for (String line : c.evidence()) sb.append(line).append("\n");
    if (c.result() == Report.Outcome.FAIL && c.remediation() != null) sb.append("Fix: ").append(c.remediation().strip()).append("\n");
    return sb.toString();
  }

  static String xml(String s) {
    if (s == null) return "";
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  // --- SARIF -----------------------------------------------------------------------------------

  public static String sarif(List<Report> reports) {
    return SarifReport.render(reports);
  }
}

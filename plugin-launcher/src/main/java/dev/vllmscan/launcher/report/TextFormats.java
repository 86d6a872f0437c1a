package dev.vllmscan.launcher.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vllmscan.launcher.text.SafeText;
import java.util.List;
import java.util.Map;

/**
 * The cnspec output formats beyond the full human report: {@code compact} (one line per check), {@code summary}
 * (one line per target), {@code csv} (one row per check) and {@code yaml} (the JSON report as YAML).
 */
final class TextFormats {
  private TextFormats() {}

  static String compact(List<Report> reports) {
    StringBuilder sb = new StringBuilder();
    for (Report r : reports) {
      sb.append(SafeText.of(r.asset().name())).append('\n');
      for (Report.PolicyResult p : r.policies()) {
        for (Report.CheckResult c : p.checks()) {
          sb.append("  ").append(String.format("%-5s", c.result().word())).append(' ').append(SafeText.of(c.title()));
          if (c.result() == Report.Outcome.FAIL || c.result() == Report.Outcome.ERROR) {
            sb.append(" — ").append(SafeText.of(c.message()));
          }
          sb.append('\n');
        }
      }
      sb.append(summaryLine(r)).append('\n');
    }
    return sb.toString();
  }

  static String summary(List<Report> reports) {
    StringBuilder sb = new StringBuilder();
    for (Report r : reports) sb.append(SafeText.of(r.asset().baseUrl())).append(": ").append(summaryLine(r)).append('\n');
    return sb.toString();
  }

  private static String summaryLine(Report r) {
    Map<String, Long> s = r.failedBySeverity();
    return (r.asset().assessable() ? "risk " + r.riskScore() : "not assessable: " + SafeText.of(r.asset().reason()))
        + ", " + r.count(Report.Outcome.PASS) + " passed, " + r.count(Report.Outcome.FAIL) + " failed ("
        + s.get("critical") + " critical, " + s.get("high") + " high, " + s.get("medium") + " medium, " + s.get("low")
        + " low), " + r.count(Report.Outcome.ERROR) + " errors, " + r.count(Report.Outcome.SKIP) + " skipped";
  }

  /** Longest CSV cell; a message longer than this is cut, with the count of what was left out. */
  private static final int MAX_CELL = 4000;

  /** RFC 4180: a header row, then one row per check; fields quoted when they need it. */
  static String csv(List<Report> reports) {
    StringBuilder sb = new StringBuilder("target,version,policy,check,title,result,impact,severity,message\n");
    for (Report r : reports) {
      for (Report.PolicyResult p : r.policies()) {
        for (Report.CheckResult c : p.checks()) {
          sb.append(String.join(",", cell(r.asset().baseUrl()), cell(r.asset().version()), cell(p.uid()), cell(c.uid()),
              cell(c.title()), c.result().word(), String.valueOf(c.impact()), Report.severity(c.impact()),
              cell(c.message()))).append("\r\n");
        }
      }
    }
    return sb.toString();
  }

  private static String cell(String s) {
    if (s == null) return "";
    // Neutralised like the terminal formats: a CSV is read in terminals (cat, less) too, where a target's escape codes
    // could retitle the window or forge a line. Newlines become a visible \n, so a row stays one line.
    String v = SafeText.of(s, MAX_CELL);
    // A cell a spreadsheet would run as a formula starts with one of these: keep it text.
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) v = "'" + v;
    return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  static String yaml(List<Report> reports) {
    try {
      ObjectMapper json = new ObjectMapper();
      Object tree = json.readTree(Renderers.json(reports));
      return new ObjectMapper(new YAMLFactory()).writeValueAsString(tree);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

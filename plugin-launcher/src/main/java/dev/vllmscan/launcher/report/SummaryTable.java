package dev.vllmscan.launcher.report;

import java.util.ArrayList;
import java.util.List;
import dev.vllmscan.launcher.text.SafeText;
import java.util.Map;

/** The fleet summary: one row per target, widest columns first, worst risk at the top. */
public final class SummaryTable {
  private SummaryTable() {}

  public static String render(List<Report> reports) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TARGET", "VERSION", "RISK", "FAILED (C/H/M/L)", "RESULT"});
    List<Report> sorted = new ArrayList<>(reports);
    sorted.sort((a, b) -> {
      int c = Integer.compare(rank(b), rank(a));
      return c != 0 ? c : severityKey(b).compareTo(severityKey(a));
    });
    for (Report r : sorted) {
      String result = !r.asset().assessable() ? "not assessable: " + SafeText.of(r.asset().reason())
          : r.failed() > 0 ? "fail" : r.count(Report.Outcome.ERROR) > 0 ? "errors" : "pass";
      rows.add(new String[] {SafeText.of(r.asset().baseUrl()),
          r.asset().version() == null ? "-" : SafeText.of(r.asset().version(), 40),
          r.asset().assessable() ? String.valueOf(r.riskScore()) : "-",
          r.asset().assessable() ? r.failed() + " (" + counts(r) + ")" : "-", result});
    }
    int[] width = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], row[i].length());
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) sb.append(String.format("%-" + width[i] + "s  ", row[i]));
      sb.append(row[4]).append('\n');
    }
    long failing = reports.stream().filter(r -> r.asset().assessable() && r.failed() > 0).count();
    long unassessable = reports.stream().filter(r -> !r.asset().assessable()).count();
    sb.append(reports.size()).append(" targets: ").append(reports.size() - failing - unassessable).append(" passed, ")
        .append(failing).append(" failed, ").append(unassessable).append(" not assessable\n");
    return sb.toString();
  }

  private static String counts(Report r) {
    Map<String, Long> s = r.failedBySeverity();
    return s.get("critical") + "/" + s.get("high") + "/" + s.get("medium") + "/" + s.get("low");
  }

  /** Worst first among equal risk: more critical, then more high, ... failures. */
  private static String severityKey(Report r) {
    Map<String, Long> s = r.failedBySeverity();
    return String.format("%05d%05d%05d%05d", s.get("critical"), s.get("high"), s.get("medium"), s.get("low"));
  }

  /** Not assessable sorts above everything: nobody knows what is exposed there. */
  private static int rank(Report r) {
    return r.asset().assessable() && r.riskScore() != null ? r.riskScore() : 101;
  }
}

package dev.vllmscan.launcher.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CSV report: what a target wrote reaches a spreadsheet neither as a terminal escape nor as a formula. */
class CsvFormatTest {
  static Report report(String url, Report.Outcome outcome, String title, String message) {
    Report.CheckResult c = new Report.CheckResult("check-a", title, 80, outcome, message, "fix it");
    return new Report(new Report.Asset("vLLM " + url, url, "vllm-server", "0.29.0", true, null, Map.of()),
        List.of(new Report.PolicyResult("policy", "Policy", List.of(c))), outcome == Report.Outcome.FAIL ? 80 : 0,
        new Report.Stats(10, 100));
  }

  @Test
  void csvCellsAreEscapedAndCannotRunAsFormulas() {
    Report r = report("http://a:8000", Report.Outcome.FAIL, "\u001b]0;owned\u0007\u001b[32m✓ Pass: FAKE", "=HYPERLINK(\"http://x\")");
    String csv = Renderers.render("csv", List.of(r), false);
    assertFalse(csv.chars().anyMatch(c -> c == 0x1b || c == 0x07), csv);
    assertTrue(csv.contains("\\u001b]0;owned"), csv);
    assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), csv);
    for (String lead : List.of("+", "-", "@")) {
      String row = Renderers.render("csv", List.of(report("http://a:8000", Report.Outcome.FAIL, "t", lead + "1")), false);
      assertTrue(row.contains(",'" + lead + "1"), row);
    }
  }
}

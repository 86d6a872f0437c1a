package dev.vllmscan.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.report.AiInventory;
import dev.vllmscan.launcher.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `report merge` labels the reports of a target listed twice; relabelling is a copy of the report, and a copy keeps
 * everything it does not change: the AI inventory too (it was rebuilt field by field and dropped it).
 */
class ReportMergeKeepsInventoryTest {
  static final AiInventory SEEN = new AiInventory("0.8.5", null, false, true, true, "CN=vllm", false,
      List.of(new AiInventory.Model("m", "/models/m", null, 4096L, "vllm")), null, List.of("lora-a"), List.of(), null);

  static Report report(int risk, AiInventory inventory) {
    Report.Asset asset = new Report.Asset("vLLM a", "https://a.internal:8000", "vllm-server", "0.8.5", true, null,
        Map.of("team", "x"), "full");
    return new Report(asset, List.of(), risk, new Report.Stats(3, 10, "2026-12-05T00:00:00Z"), inventory);
  }

  @Test
  void relabellingATargetsDuplicateReportsKeepsTheirInventory() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<Report> merged = ReportCommand.Merge.flagDuplicates(List.of(report(10, SEEN), report(90, SEEN)), List.of("a.json", "b.json"),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("a.json"), "the relabelling is said: " + err);
    assertEquals(2, merged.size());
    for (Report r : merged) {
      assertEquals(SEEN, r.inventory(), "the inventory survives the relabelling");
      assertTrue(r.asset().labels().containsKey(ReportCommand.DUPLICATE_LABEL), String.valueOf(r.asset().labels()));
      assertEquals("x", r.asset().labels().get("team"));
    }
  }

  @Test
  void eachCopyChangesOnlyWhatItNames() {
    Report r = report(10, SEEN);
    Report.Asset a = r.asset();
    assertEquals(a, a.withName(a.name()).withLabels(a.labels()).withScope(a.scope(), a.reason()));
    Report.Asset renamed = a.withName("other");
    assertEquals("other", renamed.name());
    assertEquals(a, renamed.withName(a.name()), "nothing but the name changed");
    Report.Asset scoped = a.withScope("anonymous-surface", "why");
    assertEquals(a, scoped.withScope(a.scope(), a.reason()), "nothing but scope and reason changed");
    assertNotEquals(a, scoped);
    Report moved = r.withAsset(renamed);
    assertEquals(r, moved.withAsset(a), "a report's copy keeps policies, risk, stats and inventory");
    assertEquals(r.withPolicies(List.of(), 42).withPolicies(r.policies(), r.riskScore()), r);
  }
}

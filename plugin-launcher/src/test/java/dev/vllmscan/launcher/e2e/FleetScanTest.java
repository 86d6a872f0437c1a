package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.scan.Inventory;
import dev.vllmscan.provider.e2e.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scan --inventory-file`: many targets on one provider, a dead one in the middle, shards, and merging. */
class FleetScanTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void aFleetWithADeadAndANonVllmTargetReportsEveryTargetWithErrorsNeverClean() throws Exception {
    Profile hardened = Profile.load("v0.29-hardened");
    try (VllmEmulator stock = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        VllmEmulator keyed = VllmEmulator.start(hardened, 0);
        MockWebServer spa = Targets.serve(Targets.catchAllSpa())) {
      Path inv = tmp.resolve("targets.yaml");
      // The key's variable is unset in this JVM, so the keyed target is scanned anonymously; it still assesses.
      Files.writeString(inv, "targets:\n"
          + "  - url: " + stock.url() + "\n    labels: {env: prod, team: search}\n"
          + "  - url: http://127.0.0.1:9\n    labels: {env: dev}\n"
          + "  - url: " + keyed.url() + "\n    api-key-env: VLLMSCAN_TEST_UNSET_KEY\n"
          + "  - url: " + Targets.url(spa) + "\n");
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "-o", "json",
          "--concurrency", "2", "--timeout", "3");
      assertEquals(1, o.code(), "failed checks at the threshold decide first, then errors: " + o.err());
      JsonNode all = JSON.readTree(o.out()).get("targets");
      assertEquals(4, all.size());
      assertEquals(stock.url(), all.get(0).at("/asset/baseUrl").asText(), "inventory order is kept");
      assertEquals("prod", all.get(0).at("/asset/labels/env").asText());
      assertTrue(all.get(0).at("/asset/assessable").asBoolean());
      assertTrue(all.get(0).get("riskScore").asInt() > 0);
      assertFalse(all.get(1).at("/asset/assessable").asBoolean(true), "the dead target is reported, not fatal");
      assertTrue(all.get(1).get("riskScore").isNull(), "an unscanned target has no risk score, never 0");
      for (JsonNode policy : all.get(1).get("policies")) {
        for (JsonNode check : policy.get("checks")) {
          assertEquals("error", check.get("result").asText(), "every check of a dead target is an error");
          assertTrue(check.get("message").asText().startsWith("target not assessable: not reachable"), check.toString());
        }
      }
      assertTrue(all.get(2).at("/asset/assessable").asBoolean());
      assertFalse(all.get(3).at("/asset/assessable").asBoolean(true), "a catch-all SPA is not vLLM");
      assertTrue(o.err().contains("4 targets: 0 passed, 2 failed, 2 not assessable"), o.err());
      assertTrue(o.err().contains("VLLMSCAN_TEST_UNSET_KEY is not set; scanning " + keyed.url() + " without a key"), o.err());
      assertTrue(stock.invocations().isEmpty() && keyed.invocations().isEmpty());
    }
  }

  @Test
  void shardsSplitTheInventoryAndMergeTurnsShardReportsIntoOne() throws Exception {
    try (VllmEmulator fleet = VllmEmulator.startFleet(Profile.load("stock-0.29"), 5)) {
      StringBuilder yaml = new StringBuilder("targets:\n");
      for (int i = 0; i < 5; i++) yaml.append("  - url: ").append(fleet.url(i)).append("\n");
      Path inv = tmp.resolve("fleet.yaml");
      Files.writeString(inv, yaml.toString());
      List<String> shards = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        Path out = tmp.resolve("shard-" + s + ".json");
        EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "--shard", s + "/2",
            "-o", "json", "--output-file", out.toString());
        assertEquals(1, o.code(), o.err());
        shards.add(out.toString());
      }
      JsonNode first = JSON.readTree(Files.readString(Path.of(shards.get(0)))).get("targets");
      JsonNode second = JSON.readTree(Files.readString(Path.of(shards.get(1)))).get("targets");
      assertEquals(3, first.size(), "shard 0/2 takes targets 0, 2, 4");
      assertEquals(2, second.size());
      assertEquals(fleet.url(1), second.get(0).at("/asset/baseUrl").asText());

      List<String> args = new ArrayList<>(List.of("report", "merge"));
      args.addAll(shards);
      args.addAll(List.of("-o", "sarif"));
      EndToEndTest.Outcome merged = EndToEndTest.cli(args.toArray(String[]::new));
      assertEquals(1, merged.code(), merged.err());
      ScanReportsTest.validSarif(merged.out());
      List<String> jsonArgs = new ArrayList<>(args.subList(0, args.size() - 2));
      jsonArgs.addAll(List.of("-o", "json"));
      EndToEndTest.Outcome mergedJson = EndToEndTest.cli(jsonArgs.toArray(String[]::new));
      ScanReportsTest.validJson("json-report.schema.json", mergedJson.out());
      assertEquals(5, JSON.readTree(mergedJson.out()).at("/summary/targets").asInt(), "both shards, one envelope");
      assertTrue(merged.err().contains("5 targets: 0 passed, 5 failed, 0 not assessable"), merged.err());
      List<String> mergeHuman = new ArrayList<>(List.of("report", "merge"));
      mergeHuman.addAll(shards);
      mergeHuman.addAll(List.of("-o", "human"));
      EndToEndTest.Outcome human = EndToEndTest.cli(mergeHuman.toArray(String[]::new));
      assertTrue(human.out().contains("TARGET") && human.out().contains(fleet.url(3)), human.out());
    }
  }

  @Test
  void aShardPastTheInventorysEndSaysWhyItExitsThree() throws Exception {
    Path inv = tmp.resolve("two.yaml");
    // Never contacted: the shard selects neither.
    Files.writeString(inv, "targets:\n  - url: http://127.0.0.1:9/a\n  - url: http://127.0.0.1:9/b\n");
    EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "--shard", "3/4", "-o", "json");
    assertEquals(3, o.code(), o.err());
    assertEquals(0, JSON.readTree(o.out()).path("targets").size(), "an empty report, as before: " + o.out());
    List<String> why = o.err().lines().filter(l -> l.contains("--shard")).toList();
    assertEquals(List.of("vllmscan: --shard 3/4 selects none of the inventory's 2 targets, so nothing was scanned;"
        + " use at most 2 shards (--shard 0/2 to 1/2)"), why, o.err());
  }

  @Test
  void inventoryAndShardMistakesAreUsageErrors() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "targets:\n  - labels: {a: b}\n");
    for (List<String> args : List.of(
        List.of("scan", "--inventory-file", bad.toString()),
        List.of("scan", "--inventory-file", tmp.resolve("none.yaml").toString()),
        List.of("scan", "--inventory-file", bad.toString(), "--shard", "2/2"),
        List.of("report", "merge", bad.toString()))) {
      EndToEndTest.Outcome o = EndToEndTest.cli(args.toArray(String[]::new));
      assertEquals(2, o.code(), args + ": " + o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
    }
    assertEquals(List.of(0, 3), List.of(Inventory.parseShard("0/3")[0], Inventory.parseShard("0/3")[1]));
  }
}

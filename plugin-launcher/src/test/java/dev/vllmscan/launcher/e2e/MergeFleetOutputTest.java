package dev.vllmscan.launcher.e2e;

import dev.vllmscan.launcher.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.ProviderFixture;
import dev.vllmscan.launcher.report.Renderers;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's cases for `report merge`, fleets and output files: nothing lost, nothing silently weaker (CSV escaping:
 * report.CsvFormatTest; a fleet out of memory: scan.FleetScanOutOfMemoryTest).
 */
class MergeFleetOutputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  static Report report(String url, Report.Outcome outcome, String title, String message) {
    Report.CheckResult c = new Report.CheckResult("check-a", title, 80, outcome, message, "fix it");
    return new Report(new Report.Asset("vLLM " + url, url, "vllm-server", "0.29.0", true, null, Map.of()),
        List.of(new Report.PolicyResult("policy", "Policy", List.of(c))), outcome == Report.Outcome.FAIL ? 80 : 0,
        new Report.Stats(10, 100));
  }

  Path saved(String name, Report... reports) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, Renderers.json(List.of(reports)));
    return f;
  }

  @Test
  void mergingZeroTargetsIsAnErrorAndItsSarifIsUnsuccessful() throws Exception {
    Path empty = tmp.resolve("empty.json");
    Files.writeString(empty, "{\"schemaVersion\":\"" + Renderers.JSON_SCHEMA_VERSION + "\",\"targets\":[]}");
    EndToEndTest.Outcome o = EndToEndTest.cli("report", "merge", empty.toString(), "-o", "sarif");
    assertEquals(3, o.code(), "an empty merge never opens the gate: " + o.err());
    assertTrue(o.err().contains("no target report"), o.err());
    JsonNode sarif = JSON.readTree(o.out());
    assertFalse(sarif.at("/runs/0/invocations/0/executionSuccessful").asBoolean(true), o.out());
    assertTrue(sarif.at("/runs/0/invocations/0/toolExecutionNotifications/0/message/text").asText().contains("no target"));
  }

  @Test
  void anInputThatIsNotAReportIsExit3AndAnUnreadableOneExit2() throws Exception {
    Path good = saved("good.json", report("http://a:8000", Report.Outcome.PASS, "ok", null));
    Path notReport = tmp.resolve("other.json");
    Files.writeString(notReport, "{\"hello\":\"world\"}");
    EndToEndTest.Outcome o = EndToEndTest.cli("report", "merge", good.toString(), notReport.toString(), "-o", "sarif");
    assertEquals(3, o.code(), o.err());
    assertEquals("", o.out(), "nothing written that could be uploaded as a clean run");
    assertTrue(o.err().contains("other.json is not a vllmscan JSON report"), o.err());
    Path badResult = tmp.resolve("bad-result.json");
    Files.writeString(badResult, Files.readString(good).replace("\"result\" : \"pass\"", "\"result\" : \"great\""));
    assertEquals(3, EndToEndTest.cli("report", "merge", badResult.toString()).code());
    for (String unreadable : List.of(tmp.resolve("missing.json").toString(), "/dev/zero", tmp.toString())) {
      EndToEndTest.Outcome u = EndToEndTest.cli("report", "merge", unreadable);
      assertEquals(2, u.code(), unreadable + ": " + u.err());
      assertEquals(1, u.err().strip().lines().count(), u.err());
    }
  }

  /** A target list with something else in it is refused whole: the targets after it are never silently dropped. */
  @Test
  void aTargetListWithANonReportInItIsRefusedNotCutShort() throws Exception {
    Path good = saved("good.json", report("http://a:8000", Report.Outcome.FAIL, "CORS", "wide open"));
    String target = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(good)).at("/targets/0").toString();
    Path holed = tmp.resolve("holed.json");
    Files.writeString(holed, Files.readString(good).replaceFirst("\"targets\"\\s*:\\s*\\[", "\"targets\" : [ " + target + ", null, "));
    EndToEndTest.Outcome o = EndToEndTest.cli("report", "merge", holed.toString(), "-o", "json");
    assertEquals(3, o.code(), o.err());
    assertTrue(o.err().contains("holed.json lists something that is not a target report"), o.err());
    Path bare = tmp.resolve("bare.json");
    Files.writeString(bare, "[" + target + ", \"x\", " + target + "]");
    assertEquals(3, EndToEndTest.cli("report", "merge", bare.toString()).code());
  }

  @Test
  void twoReportsForOneTargetAreBothKeptFlaggedAndGated() throws Exception {
    Path failing = saved("shard-0.json", report("http://vllm-a:8000", Report.Outcome.FAIL, "CORS", "wide open"));
    Path clean = saved("shard-0-rerun.json", report("HTTP://VLLM-A:8000/", Report.Outcome.PASS, "CORS", null));
    EndToEndTest.Outcome o = EndToEndTest.cli("report", "merge", failing.toString(), clean.toString(), "-o", "json");
    assertEquals(1, o.code(), "the earlier failing report still fails the gate: " + o.err());
    JsonNode targets = JSON.readTree(o.out()).get("targets");
    assertEquals(2, targets.size(), "both kept");
    for (JsonNode t : targets) assertTrue(t.at("/asset/labels/vllmscan-merge-duplicate").asText().contains("of 2"), t.toString());
    assertTrue(o.err().contains("2 reports for http://vllm-a:8000") && o.err().contains("shard-0.json")
        && o.err().contains("shard-0-rerun.json"), o.err());
  }

  /** An endless fifo (a hostile or stuck producer) stops at the 256 MiB cap, read as a stream in bounded memory. */
  @Test
  void anEndlessInputStopsAtTheCapInBoundedMemory() throws Exception {
    Path fifo = tmp.resolve("endless.json");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Thread writer = new Thread(() -> {
      byte[] spaces = new byte[1 << 16];
      java.util.Arrays.fill(spaces, (byte) ' ');
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write("{\"targets\":[".getBytes(StandardCharsets.UTF_8));
        while (true) out.write(spaces);
      } catch (Exception e) {
        // the reader closed the fifo: expected
      }
    });
    writer.setDaemon(true);
    writer.start();
    long before = AdvisoryStoreTest.allocatedByThisThread();
    long t0 = System.nanoTime();
    EndToEndTest.Outcome o = EndToEndTest.cli("report", "merge", fifo.toString());
    long allocated = AdvisoryStoreTest.allocatedByThisThread() - before;
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("too large (more than 256 MiB"), o.err());
    assertTrue(allocated < 64L << 20, "streamed, not buffered: allocated " + (allocated >> 20) + " MiB");
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 60);
  }

  @Test
  void anOutputFileThatCannotBeWrittenIsRefusedBeforeAnyRequest() throws Exception {
    try (MockWebServer s = Targets.serve(new FakeVllm("0.8.5").era08())) {
      Path missing = tmp.resolve("no-such-dir").resolve("report.json");
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(s), "-o", "json", "--output-file", missing.toString());
      assertEquals(2, o.code(), o.err());
      assertTrue(o.err().contains("does not exist"), o.err());
      Path inv = tmp.resolve("inv.yaml");
      Files.writeString(inv, "targets:\n  - url: " + Targets.url(s) + "\n");
      EndToEndTest.Outcome f = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "--output-target", tmp.toString());
      assertEquals(2, f.code(), f.err());
      assertTrue(f.err().contains("is a directory"), f.err());
      assertEquals(0, s.getRequestCount(), "nothing was sent");
    }
  }

  @Test
  void duplicateTargetsAreScannedOnceWithAWarningNamingThem() throws Exception {
    try (MockWebServer once = Targets.serve(new FakeVllm("0.8.5").era08());
        MockWebServer thrice = Targets.serve(new FakeVllm("0.8.5").era08())) {
      Path single = tmp.resolve("single.yaml");
      Files.writeString(single, "targets:\n  - url: " + Targets.url(once) + "\n");
      assertEquals(1, EndToEndTest.cli("scan", "--inventory-file", single.toString(), "-o", "json").code());
      String url = Targets.url(thrice);
      Path inv = tmp.resolve("dup.yaml");
      Files.writeString(inv, "targets:\n  - url: " + url + "\n    labels: {copy: first}\n  - url: " + url.toUpperCase() + "/\n"
          + "  - url: " + url + "\n");
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "-o", "json");
      JsonNode targets = JSON.readTree(o.out()).get("targets");
      assertEquals(1, targets.size(), o.err());
      assertEquals("first", targets.get(0).at("/asset/labels/copy").asText());
      assertTrue(o.err().contains(url + " is listed 3 times (entries 1, 2, 3)"), o.err());
      assertEquals(once.getRequestCount(), thrice.getRequestCount(), "three entries, one scan's requests");
    }
  }

  @Test
  void oneTargetListedWithDifferentSettingsIsRefusedBeforeAnyRequest() throws Exception {
    try (MockWebServer s = Targets.serve(new FakeVllm("0.8.5").era08())) {
      String url = Targets.url(s);
      Path inv = tmp.resolve("conflict.yaml");
      Files.writeString(inv, "targets:\n  - url: " + url + "\n  - url: " + url + "/\n    insecure: true\n    timeout: 3\n");
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "-o", "json");
      assertEquals(2, o.code(), o.err());
      assertEquals("", o.out());
      assertEquals(1, o.err().strip().lines().count(), o.err());
      assertTrue(o.err().contains(url + " 2 times with different settings (entry 1: insecure unset, timeout unset; "
          + "entry 2: insecure true, timeout 3)"), o.err());
      assertEquals(0, s.getRequestCount(), "nothing was sent");
    }
  }

  /** An unset api-key-env: the target is scanned, and its report says it was without a key instead of "full". */
  @Test
  void aTargetWhoseKeyVariableIsUnsetIsReportedAsScannedWithoutAKey() throws Exception {
    try (VllmEmulator stock = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      Path inv = tmp.resolve("unset.yaml");
      Files.writeString(inv, "targets:\n  - url: " + stock.url() + "\n    api-key-env: VLLMSCAN_TEST_UNSET_KEY_20\n");
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "-o", "json", "--in-process");
      JsonNode asset = JSON.readTree(o.out()).at("/targets/0/asset");
      assertTrue(asset.get("assessable").asBoolean(), o.out());
      assertEquals("anonymous-surface", asset.get("scope").asText(), asset.toString());
      assertTrue(asset.get("reason").asText().contains("scanned without a key: VLLMSCAN_TEST_UNSET_KEY_20 is not set"), asset.toString());
      ScanReportsTest.validJson("json-report.schema.json", o.out());
    }
  }

  /** Through real processes: a key named by api-key-env reaches the target over the protocol, never the provider's environment. */
  @Test
  void everyApiKeyEnvVariableIsScrubbedFromTheProvidersEnvironment() throws Exception {
    Profile hardened = Profile.load("v0.29-hardened");
    Path envDump = tmp.resolve("provider.env");
    Path dir = ProviderFixture.wrap(tmp, "env > '" + envDump + "'\nexec java -jar \"$JAR\" \"$@\"");
    try (VllmEmulator e = VllmEmulator.start(hardened, 0)) {
      Path inv = tmp.resolve("keyed.yaml");
      Files.writeString(inv, "targets:\n  - url: " + e.url() + "\n    api-key-env: FLEET_KEY_A\n");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-Dvllmscan.home=" + System.getProperty("vllmscan.home"),
          "-Duser.home=" + System.getProperty("user.home"), Main.class.getName(), "scan", "--inventory-file", inv.toString(),
          "--provider", dir.toString(), "-o", "json");
      pb.environment().put("FLEET_KEY_A", hardened.apiKey());
      Process launcher = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(launcher.waitFor(120, TimeUnit.SECONDS));
      String env = Files.readString(envDump);
      assertTrue(env.contains("PATH="), "the dump is the provider's environment");
      assertFalse(env.contains("FLEET_KEY_A") || env.contains(hardened.apiKey()), "the key variable reached the provider");
      assertEquals("full", JSON.readTree(out).at("/targets/0/asset/scope").asText(), out);
      assertTrue(e.requestsWithTheRightKey() > 0, "the key still reached the target, over the protocol");
    }
  }
}

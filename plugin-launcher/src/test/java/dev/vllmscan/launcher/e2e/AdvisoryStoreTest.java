package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.policy.BundleLoader;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.launcher.scan.TargetScan;
import dev.vllmscan.provider.api.advisory.Advisory;
import dev.vllmscan.provider.api.advisory.AdvisoryDatabase;
import dev.vllmscan.provider.api.advisory.AdvisoryStore;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisory store under hostile and careless input (issue 20): an import adds to the bundled set by id and never
 * shrinks it, every input is bounded before it is inflated, the swap survives a crash, and every failure is a line
 * of words with the right exit code. Fixtures are made here, none stored.
 */
class AdvisoryStoreTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int BUNDLED = AdvisoryDatabase.bundled().advisories().size();
  @TempDir Path tmp;

  static String osv(String id, String modified, String extra, String severity) {
    return osv(id, modified, extra, severity, "0.40.0");
  }

  static String osv(String id, String modified, String extra, String severity, String fixed) {
    return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"" + modified + "\",\"summary\":\"test advisory\""
        + extra + ",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"vllm\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
        + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}],\"database_specific\":{\"severity\":\"" + severity + "\"}}";
  }

  static String osv(String id, String modified) {
    return osv(id, modified, "", "HIGH");
  }

  Path write(String name, String content) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  static EndToEndTest.Outcome update(Path from, Path store) {
    return EndToEndTest.cli("advisories", "update", "--from", from.toString(), "--store", store.toString());
  }

  static JsonNode list(Path store) throws Exception {
    EndToEndTest.Outcome o = EndToEndTest.cli("advisories", "list", "--store", store.toString(), "-o", "json");
    assertEquals(0, o.code(), o.err());
    return JSON.readTree(o.out());
  }

  static void assertOneLine(EndToEndTest.Outcome o, int code, String... words) {
    assertEquals(code, o.code(), o.err());
    List<String> lines = o.err().strip().lines().toList();
    assertEquals(1, lines.size(), o.err());
    for (String w : words) assertTrue(o.err().contains(w), "'" + w + "' in: " + o.err());
    assertFalse(o.err().contains("internal error") || o.err().contains("Exception"), o.err());
  }

  /** The "done when": one new document makes 99, and every bundled advisory reads as before. */
  @Test
  void oneNewDocumentAddsToTheBundledSetAndTheDefaultListShowsBoth() throws Exception {
    Path home = tmp.resolve("home");
    String oldHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    try {
      Path store = AdvisoryDatabase.userStore();
      assertTrue(store.startsWith(home) || System.getenv("XDG_DATA_HOME") != null);
      EndToEndTest.Outcome u = EndToEndTest.cli("advisories", "update", "--from",
          write("one-new.json", osv("TEST-2026-0100", "2026-11-28T00:00:00Z")).toString());
      assertEquals(0, u.code(), u.err());
      assertTrue(u.out().contains("kept 1 for PyPI vllm (1 new, 0 updated"), u.out());
      EndToEndTest.Outcome l = EndToEndTest.cli("advisories", "list", "-o", "json");
      JsonNode listed = JSON.readTree(l.out());
      assertEquals(BUNDLED + 1, listed.get("advisories").size(), "98 bundled + 1: " + l.out());
      assertEquals(99, listed.get("advisories").size());
      Map<String, String> sources = new TreeMap<>();
      listed.get("advisories").forEach(a -> sources.put(a.get("id").asText(), a.get("source").asText()));
      assertEquals("store", sources.get("TEST-2026-0100"));
      assertEquals("bundled", sources.get("CVE-2024-8768"));
      assertEquals(store.toString(), Path.of(listed.at("/store/path").asText()).getParent().toString(), listed.toString());
      assertTrue(listed.at("/store/imported").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), listed.toString());
      EndToEndTest.Outcome human = EndToEndTest.cli("advisories", "list");
      assertTrue(human.out().contains("99 advisories") && human.out().contains("store: ") && human.out().contains("imported "),
          human.out());
    } finally {
      System.setProperty("user.home", oldHome);
    }
  }

  /** Through the real provider process: the advisory evidence of a scan is the same with the store as without it. */
  @Test
  void aScanWithTheStoreKeepsTheBundledEvidenceAndABrokenStoreIsOneLineNotACrash() throws Exception {
    Path data = tmp.resolve("data");
    Path store = data.resolve("vllmscan").resolve("advisories");
    // Fixed long before 0.29, so it adds nothing to this target's evidence: what is left must be the bundled evidence.
    assertEquals(0, update(write("one-new.json", osv("TEST-2026-0100", "2026-11-28T00:00:00Z", "", "HIGH", "0.1.0")), store).code());
    List<String> without = advisoryEvidence(tmp.resolve("empty"), new ArrayList<>());
    List<String> with = advisoryEvidence(data, new ArrayList<>());
    assertFalse(without.isEmpty(), "stock 0.29 has advisories in its evidence");
    assertEquals(without, with, "bundled advisories read the same with a store over them");

    // A store damaged behind vllmscan's back: the provider says so once and scans with the bundled set.
    Path generation = AdvisoryStore.committed(store);
    Files.writeString(generation.resolve("TEST-2026-0100.json"), "{not json");
    List<String> stderr = new ArrayList<>();
    assertEquals(without, advisoryEvidence(data, stderr));
    List<String> warned = stderr.stream().filter(l -> l.contains("advisory store not used")).toList();
    assertEquals(1, warned.size(), String.join("\n", stderr));
    assertTrue(warned.get(0).contains("TEST-2026-0100.json") && warned.get(0).contains("bundled"), warned.get(0));
  }

  private static List<String> advisoryEvidence(Path xdgDataHome, List<String> stderr) {
    InstalledProvider provider = InstalledProvider.load(Installer.locate(null, System.err::println));
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        Session s = Session.open(provider, e.url(), Session.flags(null, false, 10), "warn", line -> {
          synchronized (stderr) {
            stderr.add(line);
          }
        }, Map.of("XDG_DATA_HOME", xdgDataHome.toString()))) {
      Report r = TargetScan.run(s, e.url(), List.of(BundleLoader.embeddedDefault()), Map.of(), System.nanoTime());
      List<String> out = new ArrayList<>();
      for (Report.PolicyResult p : r.policies()) {
        for (Report.CheckResult c : p.checks()) {
          if (c.uid().contains("advisor") || c.uid().contains("vulnerab")) {
            out.add(c.uid() + " " + c.result() + " " + c.message());
            out.addAll(c.evidence());
          }
        }
      }
      return out;
    }
  }

  @Test
  void aStoredDocumentReplacesABundledOneOnlyWhenNewerAndRemovesOneOnlyByWithdrawn() throws Exception {
    Advisory bundled = AdvisoryDatabase.bundled().advisories().stream().filter(a -> a.id().equals("CVE-2024-8768")).findFirst()
        .orElseThrow();
    Path store = tmp.resolve("store");
    assertEquals(0, update(write("older.json", osv("CVE-2024-8768", "2020-01-01T00:00:00Z", "", "LOW")), store).code());
    AdvisoryDatabase db = AdvisoryDatabase.load(store);
    assertEquals(BUNDLED, db.advisories().size());
    assertEquals(bundled, db.advisories().stream().filter(a -> a.id().equals("CVE-2024-8768")).findFirst().orElseThrow(),
        "an older stored copy does not replace the bundled one");

    assertEquals(0, update(write("newer.json", osv("CVE-2024-8768", "2030-01-01T00:00:00Z", "", "LOW")), store).code());
    db = AdvisoryDatabase.load(store);
    assertEquals(BUNDLED, db.advisories().size());
    assertEquals("LOW", db.advisories().stream().filter(a -> a.id().equals("CVE-2024-8768")).findFirst().orElseThrow().severity());
    assertEquals("store (newer than bundled)", db.source("CVE-2024-8768"));

    EndToEndTest.Outcome w = update(write("withdrawn.json", osv("CVE-2024-8768", "2031-01-01T00:00:00Z",
        ",\"withdrawn\":\"2031-01-01T00:00:00Z\"", "LOW")), store);
    assertEquals(0, w.code(), w.err());
    db = AdvisoryDatabase.load(store);
    assertEquals(BUNDLED - 1, db.advisories().size(), "OSV's withdrawn is the one way to remove an advisory");
    assertEquals(List.of("CVE-2024-8768"), db.withdrawn(), "and it is named, not silently gone");
  }

  @Test
  void aDateThatIsNotRfc3339IsRefusedWithTheDocumentsName() throws Exception {
    Path store = tmp.resolve("store");
    for (String field : List.of("modified", "published")) {
      String doc = field.equals("modified") ? osv("TEST-1", "zzzz-not-a-date")
          : osv("TEST-1", "2026-01-01T00:00:00Z", ",\"published\":\"2026-13-45\"", "HIGH");
      Path f = write("bad-" + field + ".json", doc);
      assertOneLine(update(f, store), 2, "bad-" + field + ".json", field, "RFC 3339", "nothing was stored");
    }
    assertFalse(Files.exists(store.resolve(AdvisoryStore.POINTER)), "nothing was stored");
  }

  static long allocatedByThisThread() {
    return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** 256 MiB of valid JSON in one entry (a few hundred KiB zipped): refused after inflating about 1 MiB of it. */
  @Test
  void aZipBombIsRefusedBeforeItIsInflated() throws Exception {
    Path bomb = tmp.resolve("bomb.zip");
    byte[] spaces = new byte[1 << 20];
    Arrays.fill(spaces, (byte) ' ');
    try (OutputStream out = Files.newOutputStream(bomb); ZipOutputStream z = new ZipOutputStream(out)) {
      z.setLevel(Deflater.BEST_SPEED);
      z.putNextEntry(new ZipEntry("skipped.bin"));
      for (int i = 0; i < 64; i++) z.write(spaces);
      z.closeEntry();
      z.putNextEntry(new ZipEntry("GHSA-bomb.json"));
      z.write(("{\"id\":\"GHSA-bomb\",\"modified\":\"2026-01-01T00:00:00Z\",\"pad\":\"").getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 256; i++) z.write(spaces);
      z.write("\"}".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    assertTrue(Files.size(bomb) < 4 << 20, "the fixture is small on disk: " + Files.size(bomb));
    long before = allocatedByThisThread();
    EndToEndTest.Outcome o = update(bomb, tmp.resolve("store"));
    long allocated = allocatedByThisThread() - before;
    assertOneLine(o, 2, "bomb.zip!GHSA-bomb.json", "too large", "1 MiB");
    assertTrue(allocated < 48L << 20, "inflated far less than the 320 MiB inside: allocated " + (allocated >> 20) + " MiB");
  }

  @Test
  void tooManyDocumentsAreRefusedBeforeAnythingIsStored() throws Exception {
    Path many = tmp.resolve("many.zip");
    try (OutputStream out = Files.newOutputStream(many); ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i <= AdvisoryStore.MAX_DOCUMENTS; i++) {
        z.putNextEntry(new ZipEntry("T-" + i + ".json"));
        z.write(osv("T-" + i, "2026-01-01T00:00:00Z").getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    assertOneLine(update(many, tmp.resolve("store")), 2, "many.zip!T-10000.json", "too many vllm advisories", "10000");
    assertFalse(Files.exists(tmp.resolve("store").resolve(AdvisoryStore.POINTER)));
  }

  @Test
  void idsMapToFileNamesOneToOneOrAreRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("collide"));
    Files.writeString(dir.resolve("a.json"), osv("RT/COLLIDE", "2026-01-01T00:00:00Z"));
    Files.writeString(dir.resolve("b.json"), osv("RT_COLLIDE", "2026-01-01T00:00:00Z"));
    assertOneLine(update(dir, tmp.resolve("store")), 2, "a.json", "id 'RT/COLLIDE' cannot be stored");
    Files.writeString(dir.resolve("a.json"), osv("rt_collide", "2026-01-01T00:00:00Z"));
    assertOneLine(update(dir, tmp.resolve("store")), 2, "differ only in case");
    Files.delete(dir.resolve("a.json"));
    Files.writeString(dir.resolve("c.json"), osv("RT-COLLIDE", "2026-01-01T00:00:00Z"));
    EndToEndTest.Outcome ok = update(dir, tmp.resolve("store"));
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("kept 2 for PyPI vllm (2 new"), ok.out());
    assertEquals(2, list(tmp.resolve("store")).get("advisories").size(), "kept 2 means 2 stored");
  }

  /** The swap of earlier versions killed between its renames left only STORE.old: it is read, and the next import keeps it. */
  @Test
  void aHalfDoneSwapIsRepairedByTheNextImportNotDeleted() throws Exception {
    Path store = tmp.resolve("store");
    Path old = Files.createDirectories(tmp.resolve("store.old"));
    Files.writeString(old.resolve("TEST-OLD.json"), osv("TEST-OLD", "2026-01-01T00:00:00Z"));
    assertEquals(1, list(store).get("advisories").size(), "the interrupted swap's documents are still the store");
    assertEquals(0, update(write("n.json", osv("TEST-NEW", "2026-02-01T00:00:00Z")), store).code());
    assertEquals(2, list(store).get("advisories").size(), "old and new: nothing lost");
    assertFalse(Files.exists(old), "repaired: the documents moved into the store");

    // An import that died before its rename: an orphan generation and a temporary pointer. The committed store stands.
    Path committed = AdvisoryStore.committed(store);
    Path orphan = Files.createDirectories(store.resolve("gen-orphan"));
    Files.writeString(orphan.resolve("TEST-HALF.json"), osv("TEST-HALF", "2026-03-01T00:00:00Z"));
    Files.writeString(store.resolve("current.tmp-dead"), "gen-orphan\n");
    assertEquals(committed, AdvisoryStore.committed(store));
    assertEquals(2, list(store).get("advisories").size());
    assertEquals(0, update(write("m.json", osv("TEST-NEXT", "2026-04-01T00:00:00Z")), store).code());
    assertEquals(3, list(store).get("advisories").size());
    try (Stream<Path> left = Files.list(store)) {
      assertEquals(2, left.count(), "the pointer and one generation; the orphans are gone");
    }
  }

  @Test
  void everyFailureIsOneLineNamingTheInputAndTheCause() throws Exception {
    Path store = tmp.resolve("store");
    Path notZip = write("export.zip", "this is not a zip");
    assertOneLine(update(notZip, store), 2, "export.zip", "not a zip");
    assertOneLine(EndToEndTest.cli("advisories", "update", "--from", write("x.json", osv("T-1", "2026-01-01T00:00:00Z")).toString(),
        "--store", "/"), 2, "store path invalid", "/");
    Path file = write("afile", "x");
    assertOneLine(update(write("y.json", osv("T-1", "2026-01-01T00:00:00Z")), file), 2, "store path invalid", "is a file");
    assertOneLine(update(tmp.resolve("missing.json"), store), 2, "missing.json", "no such file");
    assertOneLine(EndToEndTest.cli("advisories", "list", "--store", tmp.resolve("nothing").toString()), 2, "holds no advisory store");

    try (ServerSocket closed = new ServerSocket(0)) {
      int port = closed.getLocalPort();
      closed.close();
      assertOneLine(EndToEndTest.cli("advisories", "update", "--from", "http://127.0.0.1:" + port + "/PyPI.zip", "--store",
          store.toString()), 3, "http://127.0.0.1:" + port + "/PyPI.zip", "connection refused");
    }
    try (MockWebServer s = new MockWebServer()) {
      s.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody("<!doctype html><title>Sign in</title>"));
      s.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      s.enqueue(new MockResponse().setBody("{\"id\":\"" + "x".repeat(2 << 20) + "\"}"));
      s.enqueue(new MockResponse().setResponseCode(404));
      s.start();
      String url = s.url("/PyPI.zip").toString();
      assertOneLine(EndToEndTest.cli("advisories", "update", "--from", url, "--store", store.toString()), 3,
          url, "not OSV JSON", "text/html", "<!doctype html>");
      long t0 = System.nanoTime();
      assertOneLine(EndToEndTest.cli("advisories", "update", "--from", url, "--store", store.toString(), "--timeout", "1"), 3,
          url, "timeout after 1 s");
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10, "bounded by --timeout");
      assertOneLine(EndToEndTest.cli("advisories", "update", "--from", url, "--store", store.toString()), 3,
          url, "too large", "1 MiB");
      assertOneLine(EndToEndTest.cli("advisories", "update", "--from", url, "--store", store.toString()), 3, url, "HTTP 404");
    }
    assertFalse(Files.exists(store.resolve(AdvisoryStore.POINTER)), "no failure stored anything");
    for (String sub : List.of("list", "update")) {
      EndToEndTest.Outcome h = EndToEndTest.cli("advisories", sub, "--help");
      assertEquals(0, h.code(), h.err());
      assertTrue(h.out().contains("Usage: vllmscan advisories " + sub), h.out());
    }
  }

  @Test
  void aRelativeStorePathIsAStoreNotACrash() throws Exception {
    Path rel = Path.of("target", "relstore-" + System.nanoTime());
    try {
      EndToEndTest.Outcome o = update(write("r.json", osv("T-REL", "2026-01-01T00:00:00Z")), rel);
      assertEquals(0, o.code(), o.err());
      assertEquals(1, list(rel).get("advisories").size());
    } finally {
      try (Stream<Path> all = Files.walk(rel)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
  }

  @Test
  void everyListedFieldIsEscapedOnATerminal() throws Exception {
    Path store = tmp.resolve("store");
    String esc = "\\u001b]0;pwned\\u0007\\u001b[32m";
    String doc = "{\"id\":\"T-ESC\",\"modified\":\"2026-01-01T00:00:00Z\",\"summary\":\"" + esc + "summary\","
        + "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"vllm\"},\"database_specific\":{\"specifier\":\"" + esc + "<1\"},"
        + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0\"}]}]}],"
        + "\"database_specific\":{\"severity\":\"" + esc + "high\",\"fixed_in\":\"" + esc + "1.0\"}}";
    assertEquals(0, update(write("esc.json", doc), store).code());
    EndToEndTest.Outcome o = EndToEndTest.cli("advisories", "list", "--store", store.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("T-ESC"), o.out());
    assertFalse(o.out().chars().anyMatch(c -> c == 0x1b || c == 0x07), "no raw escape reaches the terminal: " + o.out());
    assertTrue(o.out().contains("\\u001b"), "shown escaped instead");
  }
}

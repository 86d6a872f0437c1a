package dev.vllmscan.launcher.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docs/vllm-versions.md's release-by-release tables are generated from the recorded facts and the catalogue by
 * testdata/real-vllm/versions_table.py; this holds the committed document to what the generator makes now, so a
 * re-recorded release or a new catalogue row cannot leave the document behind.
 */
class VersionsTableTest {
  @Test
  void theDocumentIsWhatTheRecordedFactsGenerate() throws Exception {
    Path home = RecordedRelease.home();
    Process p;
    try {
      p = new ProcessBuilder("python3", home.resolve("testdata/real-vllm/versions_table.py").toString(), "--check")
          .directory(home.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("python3 is not on PATH, so docs/vllm-versions.md was not checked: " + e.getMessage());
      return;
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "versions_table.py --check did not finish in 60 s");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.exitValue(), out);
  }
}

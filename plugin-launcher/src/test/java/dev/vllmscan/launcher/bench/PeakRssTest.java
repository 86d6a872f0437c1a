package dev.vllmscan.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PeakRssTest {
  @Test
  void readsTheKernelsHighWaterMarkOfThisJvm() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
    long pid = ProcessHandle.current().pid();
    String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM:")).findFirst().orElseThrow();
    long fromText = Long.parseLong(line.replaceAll("\\D", ""));
    Long fromBytes = PeakRss.vmHwmKib(pid);
    assertNotNull(fromBytes);
    // About the same, not "at least as much": the kernel reports VmHWM as the larger of its recorded mark and the RSS
    // of the moment, and reads that RSS from counters it keeps per CPU or per thread and sums only approximately, so
    // a second read can show a little less (seen: 68 KiB less in a test JVM of ~1 GB and hundreds of threads).
    assertTrue(Math.abs(fromBytes - fromText) < 64 * 1024, fromText + " vs " + fromBytes);
    try (PeakRss rss = PeakRss.watch(ProcessHandle.current())) {
      Thread.sleep(50);
      rss.close();
      assertTrue(rss.rootPeakMib() >= fromText / 1024.0 - 64, "this JVM's peak is read at close: " + rss.rootPeakMib());
    }
  }

  @Test
  void namesAChildByTheCommandItExecs() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
    // The shell execs sleep: a sample before the exec sees 'sh -c exec sleep "$0" 30', later ones 'sleep 30'.
    Process child = new ProcessBuilder("sh", "-c", "exec sleep \"$0\"", "30").start();
    try (PeakRss rss = PeakRss.watch(ProcessHandle.current())) {
      long end = System.nanoTime() + 20_000_000_000L;
      while (rss.peakMib("sleep 30") <= 0 && System.nanoTime() < end) Thread.sleep(50);
      assertTrue(rss.peakMib("sleep 30") > 0, "the child's peak under its exec'd command line");
      assertEquals(-1, rss.peakMib("no such command"));
    } finally {
      child.destroy();
    }
  }

  @Test
  void anUnknownProcessHasNoPeak() {
    assertEquals(null, PeakRss.vmHwmKib(Long.MAX_VALUE));
  }
}

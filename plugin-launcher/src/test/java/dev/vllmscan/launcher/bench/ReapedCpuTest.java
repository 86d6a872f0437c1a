package dev.vllmscan.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bench's CPU row: a child's user + system time shows up in this JVM's reaped-children time once it is waited for. */
class ReapedCpuTest {
  @Test
  void aChildsCpuIsCountedOnceItIsReaped() throws Exception {
    double before = Bench.reapedCpuSeconds();
    assertTrue(before >= 0, "no /proc/self/stat here");
    // A shell loop that burns a few tenths of a CPU-second, then exits.
    Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
    p.waitFor();
    double used = Bench.reapedCpuSeconds() - before;
    assertTrue(used >= 0.05, "counted " + used + " CPU-s for the child");
  }
}

package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh clone (no jars built yet) on a machine missing Maven or Java: one line saying what to install, exit 2. */
class FirstRunTest {
  @TempDir Path tmp;

  private record Run(int code, List<String> stderr) {}

  /** Runs the repository's ./vllmscan from a copy of the tree without target/, with only {@code tools} on PATH. */
  private Run vllmscan(Path bin, String... tools) throws Exception {
    Path tree = tmp.resolve("clone");
    Files.createDirectories(tree);
    Files.copy(Path.of(System.getProperty("vllmscan.home"), "vllmscan"), tree.resolve("vllmscan"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(bin);
    for (String tool : tools) {
      Path real = tool.equals("java") ? Path.of(System.getProperty("java.home"), "bin", "java") : Path.of("/usr/bin", tool);
      if (!Files.exists(bin.resolve(tool))) Files.createSymbolicLink(bin.resolve(tool), real);
    }
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", tree.resolve("vllmscan").toString(), "demo");
    pb.environment().put("PATH", bin.toString());
    Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), err.lines().toList());
  }

  @Test
  void withoutMavenItNamesMavenInOneLineAndExitsTwo() throws Exception {
    Run r = vllmscan(tmp.resolve("bin-java"), "dirname", "java");
    assertEquals(2, r.code(), String.valueOf(r.stderr()));
    assertEquals(1, r.stderr().size(), String.valueOf(r.stderr()));
    assertTrue(r.stderr().get(0).contains("Maven 3.8+") && r.stderr().get(0).contains("Prerequisites"), r.stderr().get(0));
  }

  @Test
  void withoutJavaItNamesJavaInOneLineAndExitsTwo() throws Exception {
    Run r = vllmscan(tmp.resolve("bin-none"), "dirname");
    assertEquals(2, r.code(), String.valueOf(r.stderr()));
    assertEquals(1, r.stderr().size(), String.valueOf(r.stderr()));
    assertTrue(r.stderr().get(0).contains("Java 17"), r.stderr().get(0));
  }
}

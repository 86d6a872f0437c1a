package dev.vllmscan.launcher.host;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed wrapper picks the start-up archive by the JDK it runs: an AOT cache on 25 or newer, a class-data
 * archive before; trains the kind its JDK supports; and drops an archive whose stamp names another JDK. Fake JDKs
 * (a release file and a java that prints its arguments) stand in for real ones.
 */
class ProviderWrapperTest {
  @TempDir Path tmp;

  private Path fakeJdk(String name, String version) throws Exception {
    Path home = tmp.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = home.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  private Path wrapperDir() throws Exception {
    Path dir = tmp.resolve("providers/vllm");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("vllm-provider.jar"), "not a jar: the fake java never opens it");
    Path script = dir.resolve("vllm");
    Files.writeString(script, Installer.SCRIPT);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private String run(Path dir, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(dir.resolve("vllm").toString(), "run_as_plugin");
    pb.environment().remove("VLLMSCAN_PROVIDER_JAVA_OPTS");
    pb.environment().remove(Installer.TRAIN_ENV);
    pb.environment().remove("VLLMSCAN_SHORT_LIVED");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void jdk25TrainsAndThenUsesAnAotCache() throws Exception {
    Path java25 = fakeJdk("jdk-25", "25.0.1");
    Path dir = wrapperDir();
    String training = run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), Installer.TRAIN_ENV, "1"));
    assertTrue(training.contains("-XX:AOTCacheOutput=" + dir.resolve(Installer.AOT_CACHE)), training);
    assertTrue(training.contains("--sun-misc-unsafe-memory-access=allow"), training);
    assertFalse(training.contains("ArchiveClassesAtExit"), training);

    Files.writeString(dir.resolve(Installer.AOT_CACHE), "cache");
    String use = run(dir, Map.of("VLLMSCAN_JAVA", java25.toString()));
    assertTrue(use.contains("-XX:AOTCache=" + dir.resolve(Installer.AOT_CACHE)), use);
    assertTrue(use.contains("-Xlog:aot*=off"), use);
  }

  /** Raised C1 thresholds only for the provider of a single-target scan: not in training, not for a fleet's provider. */
  @Test
  void shortLivedProvidersCompileLess() throws Exception {
    Path java25 = fakeJdk("jdk-25", "25.0.1");
    Path dir = wrapperDir();
    String flag = "-XX:CompileThresholdScaling=6";
    assertTrue(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), "VLLMSCAN_SHORT_LIVED", "1")).contains(flag));
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString())).contains(flag));
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), "VLLMSCAN_SHORT_LIVED", "1", Installer.TRAIN_ENV, "1"))
        .contains(flag));
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), "VLLMSCAN_SHORT_LIVED", "1",
        "VLLMSCAN_PROVIDER_JAVA_OPTS", "-Xmx1g")).contains(flag), "the user's own options replace every default");
    String nativeReflection = "-Djdk.reflect.useNativeAccessorOnly=true";
    assertTrue(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), "VLLMSCAN_SHORT_LIVED", "1")).contains(nativeReflection));
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString())).contains(nativeReflection),
        "a provider that runs for minutes keeps the JDK's own reflection");
  }

  /**
   * JDK 25's BigDecimal initializer squares up to 5^65536: a single scan's provider compiles those BigInteger loops at
   * once, silently (HotSpot echoes compile commands on stdout, the handshake's channel, unless told `quiet` first).
   * JDK 17 has no such initializer, and a fleet's provider pays it once in minutes.
   */
  @Test
  void shortLivedProvidersCompileBigIntegerLoopsAtOnceOnJdk25() throws Exception {
    Path java25 = fakeJdk("jdk-25", "25.0.1");
    Path dir = wrapperDir();
    String loop = "-XX:CompileCommand=CompileThresholdScaling,java.math.BigInteger::implSquareToLen,0.05";
    String scan = run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), "VLLMSCAN_SHORT_LIVED", "1"));
    assertTrue(scan.contains(loop), scan);
    assertTrue(scan.indexOf("-XX:CompileCommand=quiet") < scan.indexOf("-XX:CompileCommand=CompileThresholdScaling"), scan);
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), Installer.FLEET_ENV, "1")).contains(loop));
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), "VLLMSCAN_SHORT_LIVED", "1", Installer.TRAIN_ENV, "1"))
        .contains(loop), "training runs as every long-lived start does");
    Path java17 = fakeJdk("jdk-17", "17.0.13");
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java17.toString(), "VLLMSCAN_SHORT_LIVED", "1")).contains("CompileCommand"));
  }

  /** A single scan's provider skips the AOT cache's replayed compilations; with no cache (or JDK 17) there are none. */
  @Test
  void shortLivedProvidersDoNotReplayTrainingCompilations() throws Exception {
    Path java25 = fakeJdk("jdk-25", "25.0.1");
    Path dir = wrapperDir();
    String flag = "-XX:-AOTReplayTraining";
    Map<String, String> shortLived = Map.of("VLLMSCAN_JAVA", java25.toString(), "VLLMSCAN_SHORT_LIVED", "1");
    assertFalse(run(dir, shortLived).contains(flag), "no AOT cache yet, so nothing to replay");
    Files.writeString(dir.resolve(Installer.AOT_CACHE), "cache");
    String scan = run(dir, shortLived);
    assertTrue(scan.contains(flag) && scan.indexOf("-XX:+UnlockDiagnosticVMOptions") < scan.indexOf(flag), scan);
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString())).contains(flag), "a long-lived provider replays");
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), Installer.FLEET_ENV, "1")).contains(flag));

    Path java17 = fakeJdk("jdk-17", "17.0.13");
    Files.writeString(dir.resolve(Installer.ARCHIVE), "archive");
    String old = run(dir, Map.of("VLLMSCAN_JAVA", java17.toString(), "VLLMSCAN_SHORT_LIVED", "1"));
    assertTrue(old.contains("-XX:SharedArchiveFile="), old);
    assertFalse(old.contains(flag), "JDK 17 does not know the flag: " + old);
  }

  /** A fleet's provider gets a young generation sized for many targets at once; a single scan's and training keep -Xms16m. */
  @Test
  void aFleetsProviderGetsABiggerYoungGeneration() throws Exception {
    Path java25 = fakeJdk("jdk-25", "25.0.1");
    Path dir = wrapperDir();
    String heap = "-Xmn64m";
    String fleet = run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), Installer.FLEET_ENV, "1"));
    assertTrue(fleet.contains(heap) && fleet.contains("-Xms96m"), fleet);
    assertFalse(fleet.contains("-XX:CompileThresholdScaling"), "a fleet's provider keeps the default thresholds: " + fleet);
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString())).contains(heap));
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), Installer.FLEET_ENV, "1", Installer.TRAIN_ENV, "1"))
        .contains(heap), "training runs with the heap every start has");
    assertFalse(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString(), Installer.FLEET_ENV, "1",
        "VLLMSCAN_PROVIDER_JAVA_OPTS", "-Xmx1g")).contains(heap), "the user's own options replace every default");
  }

  @Test
  void jdk17TrainsAndUsesAClassDataArchive() throws Exception {
    Path java17 = fakeJdk("jdk-17", "17.0.13");
    Path dir = wrapperDir();
    String training = run(dir, Map.of("VLLMSCAN_JAVA", java17.toString(), Installer.TRAIN_ENV, "1"));
    assertTrue(training.contains("-XX:ArchiveClassesAtExit=" + dir.resolve(Installer.ARCHIVE)), training);
    assertFalse(training.contains("AOTCache"), training);
    assertFalse(training.contains("--sun-misc-unsafe-memory-access"), "JDK 17 does not know the flag: " + training);

    Files.writeString(dir.resolve(Installer.ARCHIVE), "archive");
    String use = run(dir, Map.of("VLLMSCAN_JAVA", java17.toString()));
    assertTrue(use.contains("-XX:SharedArchiveFile=" + dir.resolve(Installer.ARCHIVE)), use);
  }

  @Test
  void anArchiveStampedForAnotherJdkIsNotUsed() throws Exception {
    Path java25 = fakeJdk("jdk-25", "25");
    Path other25 = fakeJdk("jdk-25-other", "25");
    Path dir = wrapperDir();
    Files.writeString(dir.resolve(Installer.AOT_CACHE), "cache");
    assertTrue(run(dir, Map.of("VLLMSCAN_JAVA", java25.toString())).contains("-XX:AOTCache="));
    String other = run(dir, Map.of("VLLMSCAN_JAVA", other25.toString()));
    assertFalse(other.contains("-XX:AOTCache="), "the stamp names the first JDK: " + other);
  }
}

package dev.vllmscan.launcher.e2e;

import dev.vllmscan.launcher.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.ProviderFixture;
import dev.vllmscan.launcher.host.ProviderProcess;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.llx.ResourceRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when a process on either side of the plugin boundary misbehaves or dies. */
class ProcessBoundaryTest {
  @TempDir Path tmp;

  @Test
  void providerChatterOnStdoutAfterTheHandshakeDoesNotBreakTheHost() throws Exception {
    // The handshake line goes out first, then the provider's stdout keeps receiving noise while it serves.
    Path dir = ProviderFixture.wrap(tmp, """
        exec 3< <(exec java -XX:TieredStopAtLevel=1 -jar "$JAR" "$@")
        IFS= read -r line <&3
        printf '%s\\n' "$line"
        ( for i in $(seq 1 100); do echo "provider chatter $i"; sleep 0.02; done ) &
        cat <&3
        wait""");
    int before = ProviderProcess.STDOUT_NOISE.get();
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        Session s = Session.open(InstalledProvider.load(dir), e.url(), Session.flags(null, false, 5), "warn", null)) {
      ResourceRef server = s.create("vllm.server", Map.of());
      assertEquals(e.profile().version(), s.field(server, "version"));
      assertEquals(Boolean.TRUE, s.field(server, "reachable"));
      Thread.sleep(500);
      assertEquals(e.profile().version(), s.field(server, "version"), "still answering while the noise continues");
    }
    assertTrue(ProviderProcess.STDOUT_NOISE.get() - before >= 10, "the noise reached the host and was discarded");
  }

  @Test
  void providerKilledMidQueryIsOneErrorLineAndExitCodeThree() throws Exception {
    EndToEndTest.Outcome o = killProviderDuring("run", "-c", "vllm.server { version docsExposed }");
    assertTrue(o.out().isBlank(), o.out());
  }

  @Test
  void providerKilledDuringAScanIsOneErrorLineAndExitCodeThree() throws Exception {
    // The scan reads its first fields asynchronously and in batches: a dead provider must still end as one line.
    killProviderDuring("scan", "-o", "json");
  }

  /** Runs `COMMAND vllm URL ARGS` against a slow target, kills the provider mid-way: exit 3 and one line naming it. */
  private EndToEndTest.Outcome killProviderDuring(String command, String... args) throws Exception {
    Path pidFile = tmp.resolve(command + ".pid");
    Path dir = ProviderFixture.wrap(tmp.resolve(command), "echo $$ > '" + pidFile + "'\nexec java -jar \"$JAR\" \"$@\"");
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29").withLatency(20_000), 0)) {
      List<String> cli = new java.util.ArrayList<>(List.of(command, "vllm", e.url()));
      cli.addAll(List.of(args));
      cli.addAll(List.of("--provider", dir.toString()));
      CompletableFuture<EndToEndTest.Outcome> run = CompletableFuture.supplyAsync(() -> EndToEndTest.cli(cli.toArray(String[]::new)));
      long pid = ProviderFixture.pid(pidFile, 60_000);
      awaitRequests(e);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      EndToEndTest.Outcome o = run.get(30, TimeUnit.SECONDS);
      assertEquals(3, o.code(), o.err());
      // SLF4J's own notice (test class path only: the validator library brings slf4j-api) is not ours.
      List<String> lines = o.err().lines().filter(l -> !l.isBlank() && !l.startsWith("SLF4J(")).toList();
      assertEquals(1, lines.size(), o.err());
      assertTrue(lines.get(0).startsWith("vllmscan: ") && lines.get(0).contains("provider"), lines.get(0));
      assertFalse(lines.get(0).contains("Exception"), "no Java class names: " + lines.get(0));
      return o;
    }
  }

  @Test
  void aKilledLauncherLeavesNoProviderBehindAfterTheHeartbeatInterval() throws Exception {
    Path pidFile = tmp.resolve("provider.pid");
    Path dir = ProviderFixture.wrap(tmp, "echo $$ > '" + pidFile + "'\nexec java -jar \"$JAR\" \"$@\"");
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29").withLatency(60_000), 0)) {
      Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-Dvllmscan.home=" + System.getProperty("vllmscan.home"),
          Main.class.getName(), "run", "vllm", e.url(), "-c", "vllm.server.version", "--provider", dir.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      long pid = ProviderFixture.pid(pidFile, 60_000);
      awaitRequests(e);
      assertTrue(ProviderFixture.alive(pid));
      launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long killed = System.nanoTime();
      // The host asked for a 5 s interval; allow generous scheduling slack on a loaded CI machine.
      long deadline = killed + TimeUnit.SECONDS.toNanos(30);
      while (ProviderFixture.alive(pid) && System.nanoTime() < deadline) Thread.sleep(100);
      assertFalse(ProviderFixture.alive(pid), "provider " + pid + " outlived its host");
      System.out.printf("orphaned provider exited %d ms after the launcher was killed%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    }
  }

  private static void awaitRequests(VllmEmulator e) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (e.requests() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
    assertTrue(e.requests() > 0, "the provider never reached the target");
  }

  @Test
  void aProviderStartedBeforeOptionParsingIsShutDownWhenTheCommandFails() throws Exception {
    // `scan vllm URL` starts the provider before picocli parses the options; a usage error must not orphan it.
    Path pidFile = tmp.resolve("provider.pid");
    Path dir = ProviderFixture.wrap(tmp, "echo $$ > '" + pidFile + "'\nexec java -jar \"$JAR\" \"$@\"");
    Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dvllmscan.home=" + System.getProperty("vllmscan.home"),
        Main.class.getName(), "scan", "vllm", "http://127.0.0.1:9", "--provider", dir.toString(), "--no-such-flag")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, launcher.exitValue());
    long pid = ProviderFixture.pid(pidFile, 5_000);
    long deadline = System.currentTimeMillis() + 10_000;
    while (ProviderFixture.alive(pid) && System.currentTimeMillis() < deadline) Thread.sleep(50);
    assertFalse(ProviderFixture.alive(pid), "the early provider was shut down with the command");
  }

}

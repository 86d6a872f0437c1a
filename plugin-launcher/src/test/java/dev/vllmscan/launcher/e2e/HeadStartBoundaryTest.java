package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.host.HostClient;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.ProviderFixture;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head start at the real process boundary: a provider reads its stdin only when vllmscan's launcher asked for
 * it through the environment. A Mondoo host hands a plugin its own stdin, so a provider started as cnspec starts it
 * must not act on whatever that stdin holds, even a well-formed head start.
 */
class HeadStartBoundaryTest {
  @TempDir Path tmp;

  /** Starts the provider with {@code stdinFile} as its stdin, with or without the launcher's variable. */
  private Path provider(Path stdinFile, boolean variable) throws Exception {
    String env = variable ? "export VLLMSCAN_PRESTART=stdin" : "unset VLLMSCAN_PRESTART";
    return ProviderFixture.wrap(tmp.resolve(variable ? "with" : "without"),
        env + "\nexec java -XX:TieredStopAtLevel=1 -jar \"$JAR\" \"$@\" < '" + stdinFile + "'");
  }

  /** Connects {@code url} on the provider in {@code dir}, reads a field, and returns the provider's debug lines. */
  private static List<String> scan(Path dir, String url, Map<String, dev.vllmscan.proto.llx.Primitive> flags) {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Session s = Session.open(InstalledProvider.load(dir), url, flags, "debug", lines::add)) {
      ResourceRef server = s.create("vllm.server", Map.of());
      assertEquals("0.29.0", s.field(server, "version"), "the connected target is scanned as usual");
    }
    return lines;
  }

  @Test
  void aProviderStartedWithoutTheVariableNeverReadsItsStdin() throws Exception {
    FakeVllm prestarted = new FakeVllm("0.29.0").era11();
    FakeVllm other = new FakeVllm("0.29.0").era11();
    try (MockWebServer a = Targets.serve(prestarted); MockWebServer b = Targets.serve(other)) {
      Map<String, dev.vllmscan.proto.llx.Primitive> flags = new LinkedHashMap<>(Session.flags(null, false, 5));
      flags.put("probe-at-connect", dev.vllmscan.llx.Values.encode(dev.vllmscan.llx.Types.BOOL, true));
      String line = Base64.getEncoder().encodeToString(
          HostClient.parseCliRequest("vllm", List.of(Targets.url(a)), flags).toByteArray());
      Files.createDirectories(tmp);
      Path stdin = tmp.resolve("stdin.txt");
      Files.writeString(stdin, line + "\nbegin\n");

      List<String> log = scan(provider(stdin, false), Targets.url(b), flags);
      Thread.sleep(300);
      assertEquals(0, prestarted.seen.size(), "a provider started as a Mondoo host starts it acted on its stdin");
      assertTrue(log.stream().noneMatch(l -> l.contains("head start")), String.join("\n", log));

      // Control: with the variable the same stdin is a head start, which Connect for that target adopts.
      log = scan(provider(stdin, true), Targets.url(a), flags);
      assertTrue(log.stream().anyMatch(l -> l.contains("Connect adopts the prepared connection")), String.join("\n", log));
    }
  }
}

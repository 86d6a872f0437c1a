package dev.vllmscan.launcher.conformance;

import dev.vllmscan.contract.Contract;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.HostClient;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.ProviderProcess;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.llx.Types;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.HeartbeatReq;
import dev.vllmscan.proto.providers.ProviderPluginGrpc;
import dev.vllmscan.schema.Field;
import dev.vllmscan.schema.Resource;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.Objects;

/**
 * Checks any provider binary against the plugin protocol, one line per check, then
 * {@code N passed, M failed}. Talks to the provider only through the process boundary.
 */
public final class ConformanceSuite {
  private static final Pattern HANDSHAKE = Pattern.compile("^1\\|1\\|(tcp|unix)\\|[^|]+\\|grpc\\|[^|]*$");

  private final Path providerPath;
  private final String target;
  private final PrintStream out;
  private int passed;
  private int failed;

  public ConformanceSuite(Path providerPath, String target, PrintStream out) {
    this.providerPath = providerPath;
    this.target = target;
    this.out = out;
  }

  private void check(String name, CheckBody body) {
    try {
      String detail = body.run();
      passed++;
      out.println("✓ " + name + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    } catch (Throwable t) {
      failed++;
      out.println("✕ " + name + ": " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().split("\n")[0]));
    }
  }

  interface CheckBody {
    String run() throws Exception;
  }

  private static void require(boolean ok, String why) {
    if (!ok) throw new AssertionError(why);
  }

  public boolean run() {
    InstalledProvider provider;
    try {
      provider = InstalledProvider.load(providerPath);
    } catch (RuntimeException e) {
      out.println("✕ provider layout: " + e.getMessage());
      out.println("0 passed, 1 failed");
      return false;
    }
    check("provider layout (" + provider.name() + ".json, resources.json, binary)", () -> {
      require(provider.binary().toFile().canExecute(), provider.binary() + " is not executable");
      return provider.id() + " " + provider.version();
    });
    VllmEmulator emulator = target == null ? VllmEmulator.start(Profile.load("stock-0.29"), 0) : null;
    String url = target != null ? target : emulator.url();
    try {
      checkHandshakeAndWatchdog(provider);
      checkSession(provider, url);
      checkUnassessableTarget(provider);
    } finally {
      if (emulator != null) emulator.close();
    }
    out.println(passed + " passed, " + failed + " failed");
    return failed == 0;
  }

  private void checkHandshakeAndWatchdog(InstalledProvider provider) {
    ProviderProcess[] holder = new ProviderProcess[1];
    check("handshake line within 60 s", () -> {
      holder[0] = ProviderProcess.start(provider.binary(), "warn", Map.of(), null, 60_000);
      Handshake line = new Handshake(holder[0]);
      require(HANDSHAKE.matcher(line.text()).matches(), "bad handshake line '" + line.text() + "'");
      return line.text() + " in " + holder[0].handshakeMillis() + " ms";
    });
    if (holder[0] == null) return;
    check("heartbeat watchdog exits with code 4 when heartbeats stop", () -> {
      ProviderProcess p = holder[0];
      require(p.handshake().network().equals("tcp"), "watchdog check needs a tcp provider");
      String[] hp = p.handshake().address().split(":");
      ManagedChannel ch = NettyChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).usePlaintext().build();
      try {
        ProviderPluginGrpc.newBlockingStub(ch).heartbeat(HeartbeatReq.newBuilder().setInterval(1_000_000_000L).build());
      } finally {
        ch.shutdownNow();
      }
      boolean exited = p.process().waitFor(8, TimeUnit.SECONDS);
      if (!exited) {
        p.stop(0);
        throw new AssertionError("still running 8 s after the last heartbeat (interval 1 s)");
      }
      require(p.process().exitValue() == 4, "exit code " + p.process().exitValue() + ", expected 4");
      return "exit 4";
    });
  }

  private void checkSession(InstalledProvider provider, String url) {
    int noiseBefore = ProviderProcess.STDOUT_NOISE.get();
    Session[] s = new Session[1];
    check("ParseCLI and Connect return a complete asset", () -> {
      s[0] = Session.open(provider, url, Session.flags(null, true, 10), "warn", null);
      var a = s[0].asset();
      require(!a.getName().isEmpty(), "asset has no name");
      require(a.getPlatformIdsCount() > 0, "asset has no platform_ids");
      require(a.hasPlatform() && !a.getPlatform().getTitle().isEmpty(), "platform has no title");
      require(a.getConnectionsCount() > 0 && !a.getConnections(0).getType().isEmpty(), "connections[0].type is empty");
      require(s[0].connection() == a.getConnections(0).getId(), "connection id not echoed");
      return a.getPlatform().getTitle() + ", connection " + s[0].connection();
    });
    if (s[0] == null) return;
    Session session = s[0];
    HostClient client = session.client();
    check("every field of every resource reads with its declared type, null or a field error", () -> {
      int fields = 0;
      int errors = 0;
      List<String> problems = new ArrayList<>();
      for (Resource r : session.schema().resources().values()) {
        if (r.extension() || r.isPrivate()) continue;
        boolean needsArgs = r.init().stream().anyMatch(a -> !a.optional());
        ResourceRef ref;
        try {
          ref = needsArgs ? session.create(r.name(), Map.of("path", "/health")) : session.create(r.name(), Map.of());
        } catch (StatusRuntimeException e) {
          continue;
        }
        for (Field f : r.fields().values()) {
          DataRes res = client.getData(DataReq.newBuilder().setConnection(session.connection()).setResource(ref.name())
              .setResourceId(ref.id()).setField(f.name()).build());
          fields++;
          if (!res.getError().isEmpty()) {
            errors++;
            continue;
          }
          String t = res.getData().getType();
          if (!t.equals(Types.NIL) && !t.equals(f.type())) {
            problems.add(r.name() + "." + f.name() + " is " + Types.label(t) + ", declared " + Types.label(f.type()));
          }
          Values.decode(res.getData());
        }
      }
      require(problems.isEmpty(), String.join("; ", problems));
      return fields + " fields, " + errors + " field errors";
    });
    check("unknown resource answers a gRPC error", () -> {
      try {
        client.getData(DataReq.newBuilder().setConnection(session.connection()).setResource("vllm.nothing").build());
      } catch (StatusRuntimeException e) {
        return e.getStatus().getCode().toString();
      }
      throw new AssertionError("no error");
    });
    check("unknown connection answers a gRPC error", () -> {
      try {
        client.getData(DataReq.newBuilder().setConnection(987654).setResource("vllm").build());
      } catch (StatusRuntimeException e) {
        return e.getStatus().getCode().toString();
      }
      throw new AssertionError("no error");
    });
    check("concurrent GetData calls agree", () -> {
      ResourceRef ref = session.create("vllm.server", Map.of());
      List<CompletableFuture<Object>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) fs.add(CompletableFuture.supplyAsync(() -> session.field(ref, "reachable")));
      Object first = fs.get(0).get(60, TimeUnit.SECONDS);
      for (CompletableFuture<Object> f : fs) require(Objects.equals(first, f.get(60, TimeUnit.SECONDS)), "answers differ");
      return "16 calls";
    });
    check("nothing written to stdout after the handshake", () -> {
      int noise = ProviderProcess.STDOUT_NOISE.get() - noiseBefore;
      require(noise == 0, noise + " stray stdout lines");
      return null;
    });
    check("Disconnect, Shutdown and controller shutdown end the process within 2 s", () -> {
      Process p = ((ProviderProcess) client.endpoint()).process();
      long t0 = System.nanoTime();
      session.close();
      require(!p.isAlive(), "process still alive");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      require(p.exitValue() == 0, "exit code " + p.exitValue());
      return "exit 0 after " + ms + " ms";
    });
  }

  /** The provider itself, not a host's gate, keeps an unjudgeable target from yielding posture values. */
  private void checkUnassessableTarget(InstalledProvider provider) {
    check("a catch-all target answers posture fields with a not-assessable error, never a value", () -> {
      try (CatchAllTarget target = new CatchAllTarget();
          Session session = Session.open(provider, target.url(), Session.flags(null, false, 5), "warn", null)) {
        ResourceRef root = session.create("vllm", Map.of());
        ResourceRef server = session.create("vllm.server", Map.of());
        ResourceRef metrics = session.create("vllm.metrics", Map.of());
        List<String> leaks = new ArrayList<>();
        Object[][] reads = {{root, "endpoints"}, {server, "usesTls"}, {server, "docsExposed"}, {metrics, "prometheusExposed"}};
        for (Object[] r : reads) {
          Object v = session.field((ResourceRef) r[0], (String) r[1]);
          boolean refused = v instanceof Session.FieldFailure f && f.message().startsWith(Contract.NOT_ASSESSABLE);
          if (!refused) leaks.add(((ResourceRef) r[0]).name() + "." + r[1] + " = " + v);
        }
        require(leaks.isEmpty(), "answered: " + String.join(", ", leaks));
        return reads.length + " fields refused";
      }
    });
  }

  /** The first stdout line as the provider printed it. */
  private record Handshake(String text) {
    Handshake(ProviderProcess p) {
      this(String.join("|", "1", "1", p.handshake().network(), p.handshake().address(), "grpc", p.handshake().serverCert()));
    }
  }
}

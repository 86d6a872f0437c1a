package dev.vllmscan.sdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vllmscan.proto.providers.HeartbeatReq;
import dev.vllmscan.proto.providers.ProviderPluginGrpc;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An embedded plugin's watchdog ends with the plugin: a host that closes its in-JVM provider on purpose must not get,
 * one heartbeat interval later, "no heartbeat from the host" in its own stderr (it showed up in unrelated tests).
 */
class EmbeddedWatchdogTest {
  static final long INTERVAL_MILLIS = 300;

  @Test
  void closingAnEmbeddedPluginEndsItsWatchdog() throws Exception {
    Provider provider = (Provider) Proxy.newProxyInstance(Provider.class.getClassLoader(), new Class<?>[] {Provider.class},
        (proxy, method, args) -> method.getName().equals("name") ? "test" : null);
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      EmbeddedPlugin plugin = EmbeddedPlugin.start(provider, "warn");
      ManagedChannel channel = InProcessChannelBuilder.forName(plugin.transportName()).build();
      try {
        ProviderPluginGrpc.newBlockingStub(channel).heartbeat(HeartbeatReq.newBuilder()
            .setInterval(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS)).build());
      } finally {
        channel.shutdownNow();
      }
      plugin.close();
      Thread.sleep(INTERVAL_MILLIS * 5); // several silent windows: a watchdog still running would have spoken
    } finally {
      System.setErr(old);
    }
    String printed = err.toString(StandardCharsets.UTF_8);
    assertFalse(printed.contains("no heartbeat from the host"), printed);
  }

  @Test
  void aStoppedWatchdogNeverExitsAndAStartedOneDoes() throws Exception {
    AtomicInteger stoppedExits = new AtomicInteger();
    Watchdog stopped = new Watchdog(code -> stoppedExits.incrementAndGet());
    stopped.beat(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
    stopped.stop();
    stopped.beat(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS)); // a late heartbeat does not re-arm it
    AtomicInteger runningExits = new AtomicInteger();
    Watchdog running = new Watchdog(code -> runningExits.incrementAndGet());
    PrintStream old = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      running.beat(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
      Thread.sleep(INTERVAL_MILLIS * 5);
    } finally {
      System.setErr(old);
    }
    assertEquals(0, stoppedExits.get());
    assertEquals(1, runningExits.get(), "the same silence ends a watchdog that was not stopped");
  }
}

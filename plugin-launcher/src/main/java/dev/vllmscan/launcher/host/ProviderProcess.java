package dev.vllmscan.launcher.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider started the way Mondoo hosts start one: {@code <binary> run_as_plugin --log-level L} with the
 * go-plugin environment. Reads the first stdout line as the handshake, then drains and discards stdout;
 * stderr is drained continuously (shown to the user when asked) and its tail kept for error messages.
 */
public final class ProviderProcess implements ProviderEndpoint, AutoCloseable {
  public static final String COOKIE_KEY = "BASIC_PLUGIN";
  public static final String COOKIE_VALUE = "ifenohXaoHoh3Iequeg0iuph2gaeth";

  /** Lines providers wrote to stdout after their handshake (must stay 0; the host discards them). */
  public static final AtomicInteger STDOUT_NOISE = new AtomicInteger();

  private final Process process;
  private final Handshake handshake;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final long handshakeMillis;

  private ProviderProcess(Process process, Handshake handshake, long handshakeMillis) {
    this.process = process;
    this.handshake = handshake;
    this.handshakeMillis = handshakeMillis;
  }

  public static ProviderProcess start(Path binary, String logLevel, Map<String, String> extraEnv,
      Consumer<String> stderrSink, long handshakeTimeoutMillis) {
    return start(binary, logLevel, extraEnv, stderrSink, handshakeTimeoutMillis, null);
  }

  /** {@code prestart}: when given, the provider's stdin is a pipe for it (else /dev/null, as for any host). */
  public static ProviderProcess start(Path binary, String logLevel, Map<String, String> extraEnv,
      Consumer<String> stderrSink, long handshakeTimeoutMillis, Prestart prestart) {
    return start(binary, logLevel, extraEnv, stderrSink, handshakeTimeoutMillis, prestart, Set.of());
  }

  /** {@code keyVariables}: more variables that hold keys (an inventory's api-key-env), removed like VLLM_API_KEY. */
  public static ProviderProcess start(Path binary, String logLevel, Map<String, String> extraEnv,
      Consumer<String> stderrSink, long handshakeTimeoutMillis, Prestart prestart, Collection<String> keyVariables) {
    ProcessBuilder pb = new ProcessBuilder(List.of(binary.toString(), "run_as_plugin", "--log-level", logLevel));
    Map<String, String> env = pb.environment();
    // The key travels over the protocol only; a provider never needs it in its environment (where /proc shows it).
    env.remove("VLLM_API_KEY");
    keyVariables.forEach(env::remove);
    env.putAll(extraEnv);
    // A Java provider's wrapper runs on the JDK this launcher runs on unless told otherwise (vllmscan's script
    // exports the one it chose), so both JVMs use the same kind of start-up archive.
    env.putIfAbsent("VLLMSCAN_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put(COOKIE_KEY, COOKIE_VALUE);
    env.put("PLUGIN_MIN_PORT", "10000");
    env.put("PLUGIN_MAX_PORT", "25000");
    env.put("PLUGIN_PROTOCOL_VERSIONS", "1");
    if (prestart != null) {
      env.put(Prestart.ENV, Prestart.VIA_STDIN);
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    } else {
      env.remove(Prestart.ENV); // never inherited: without a head start the provider has nothing to read
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new HostException("cannot start provider " + binary + ": " + e.getMessage());
    }
    if (prestart != null) prestart.attach(p.getOutputStream());
    Deque<String> tail = new ArrayDeque<>();
    drain(p.getErrorStream(), line -> {
      synchronized (tail) {
        tail.addLast(line);
        if (tail.size() > 20) tail.removeFirst();
      }
      if (stderrSink != null) stderrSink.accept(line);
    }, "provider-stderr");
    CompletableFuture<String> first = new CompletableFuture<>();
    Thread out = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        first.complete(r.readLine());
        // Everything after the handshake is discarded, as real hosts do.
        while (r.readLine() != null) {
          STDOUT_NOISE.incrementAndGet();
        }
      } catch (IOException e) {
        first.complete(null);
      }
    }, "provider-stdout");
    out.setDaemon(true);
    out.start();
    String line;
    try {
      line = first.get(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      p.destroyForcibly();
      throw new HostException("timeout while waiting for plugin to start (" + binary + ")");
    } catch (Exception e) {
      p.destroyForcibly();
      throw new HostException("plugin exited before we could connect");
    }
    if (line == null) {
      waitQuietly(p, 500);
      String why;
      synchronized (tail) {
        why = tail.isEmpty() ? "" : ": " + String.join(" ", tail);
      }
      throw new HostException("plugin exited before we could connect" + why);
    }
    Handshake hs;
    try {
      hs = Handshake.parse(line);
    } catch (HostException e) {
      p.destroyForcibly();
      throw e;
    }
    ProviderProcess pp = new ProviderProcess(p, hs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    synchronized (tail) {
      pp.stderrTail.addAll(tail);
    }
    return pp;
  }

  private static void drain(InputStream in, Consumer<String> sink, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) sink.accept(line);
      } catch (IOException ignored) {
        // process gone
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private static void waitQuietly(Process p, long millis) {
    try {
      p.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Optional<ProcessHandle> processHandle() {
    return Optional.of(process.toHandle());
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  public long handshakeMillis() {
    return handshakeMillis;
  }

  public Process process() {
    return process;
  }

  @Override
  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public String exitDescription() {
    // A crash is noticed on the wire a moment before the process is reaped: give it that moment.
    waitQuietly(process, 1000);
    if (process.isAlive()) return "still running";
    return "exit code " + process.exitValue();
  }

  /** Waits up to the grace period for the process to exit by itself, then kills it. */
  @Override
  public boolean stop(long graceMillis) {
    waitQuietly(process, graceMillis);
    boolean clean = !process.isAlive();
    if (!clean) {
      process.destroyForcibly();
      waitQuietly(process, 2000);
    }
    return clean;
  }

  @Override
  public void close() {
    stop(0);
  }
}

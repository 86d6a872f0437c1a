package dev.vllmscan.sdk.plugin;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Serves a provider as a plugin process ({@code NAME run_as_plugin --log-level L}): a provider's own {@code main}
 * hands its provider object to {@link #start}, which performs the go-plugin handshake and serves until the host's
 * controller shutdown or the heartbeat watchdog. Knows nothing of any particular provider.
 */
public final class Plugin {
  public static final String COOKIE_KEY = "BASIC_PLUGIN";
  public static final String COOKIE_VALUE = "ifenohXaoHoh3Iequeg0iuph2gaeth";

  private Plugin() {}

  /**
   * Netty's switch for its native transports. The plugin process serves and dials over NIO only, yet grpc's first
   * use of Netty asks whether epoll is available, which extracts Netty's epoll library to a temp file and loads it
   * (~20 ms of each start). Off here, in the plugin process's entry, unless the command line sets it; an embedded
   * provider runs in its host's JVM and follows the host's setting (vllmscan's launcher sets the same).
   */
  static final String NO_NATIVE_TRANSPORT = "io.grpc.netty.shaded.io.netty.transport.noNative";

  public static void start(String[] args, Provider provider) throws Exception {
    if (System.getProperty(NO_NATIVE_TRANSPORT) == null) System.setProperty(NO_NATIVE_TRANSPORT, "true");
    // stdout carries the handshake line and nothing else: write it to the file descriptor directly and
    // point the System stream at stderr, so no library can print after it.
    PrintStream handshakeOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    System.setOut(System.err);
    Log.setSource(provider.name() + "-provider");
    Log.setLevel(option(args, "--log-level", "warn"));

    if (!COOKIE_VALUE.equals(System.getenv(COOKIE_KEY))) {
      System.err.println("This binary is the vllmscan `" + provider.name() + "` provider plugin and is not meant to be run directly."
          + " Run it through a host: `vllmscan shell " + provider.name() + " URL` or `cnspec shell " + provider.name()
          + " URL`.");
      System.exit(1);
    }
    String versions = System.getenv("PLUGIN_PROTOCOL_VERSIONS");
    if (versions != null && !versions.isBlank() && Arrays.stream(versions.split(",")).map(String::trim).noneMatch("1"::equals)) {
      System.err.println(Log.source() + ": the host offers protocol versions " + versions + " but this provider speaks only 1");
      System.exit(1);
    }
    if (System.getenv("PLUGIN_CLIENT_CERT") != null && !System.getenv("PLUGIN_CLIENT_CERT").isBlank()) {
      System.err.println(Log.source() + ": the host requested AutoMTLS (PLUGIN_CLIENT_CERT), which this provider does not"
          + " support yet; start the host with AutoMTLS disabled");
      System.exit(1);
    }
    ignoreInterrupt();

    Watchdog watchdog = new Watchdog(System::exit);
    AtomicReference<Server> serving = new AtomicReference<>();
    Runnable stop = () -> {
      Thread t = new Thread(() -> {
        drain(serving.get(), 20);
        watchdog.standDown();
        provider.shutdown();
        stopTransport(serving.get());
        System.exit(0);
      }, "controller-shutdown");
      t.setDaemon(false);
      t.start();
    };
    Log.debug("timeline: provider JVM up, starting the gRPC server");
    if ("stdin".equals(System.getenv("VLLMSCAN_PRESTART"))) PrestartListener.listen(System.in, provider);
    Server server = start(provider, watchdog, stop);
    serving.set(server);
    Log.debug("timeline: gRPC server listening, handshake line written");
    handshakeOut.print("1|1|tcp|127.0.0.1:" + server.getPort() + "|grpc|\n");
    handshakeOut.flush();
    watchdog.armAtStart();
    Log.info("serving on 127.0.0.1:" + server.getPort());
    server.awaitTermination();
  }

  static Server start(Provider provider, Watchdog watchdog, Runnable onControllerShutdown) throws IOException {
    int min = intEnv("PLUGIN_MIN_PORT", 10000);
    int max = intEnv("PLUGIN_MAX_PORT", 25000);
    if (min <= 1 && max <= 1) {
      return build(0, provider, watchdog, onControllerShutdown).start();
    }
    int span = Math.max(1, max - min + 1);
    int offset = ThreadLocalRandom.current().nextInt(span);
    IOException last = null;
    for (int i = 0; i < Math.min(span, 200); i++) {
      int port = min + (offset + i) % span;
      try {
        return build(port, provider, watchdog, onControllerShutdown).start();
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("no free port in [" + min + ", " + max + "]", last);
  }

  /**
   * The server's own event loop (not grpc's shared one, which lingers for a second after use), so Shutdown can end
   * it: the JVM's exit waits up to 300 ms for every thread still inside a native call such as epoll_wait.
   */
  private static final NioEventLoopGroup LOOP =
      new NioEventLoopGroup(2, r -> {
        Thread t = new Thread(r, "grpc-loop");
        t.setDaemon(true);
        return t;
      });

  private static Server build(int port, Provider provider, Watchdog watchdog, Runnable onShutdown) {
    return services(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .bossEventLoopGroup(LOOP).workerEventLoopGroup(LOOP)
        .channelType(NioServerSocketChannel.class), provider, watchdog, onShutdown)
        .build();
  }

  /**
   * Lets the Shutdown's reply leave before the process does: a graceful shutdown ends as soon as every call in flight
   * has been answered and written, which with our launcher is about a millisecond; a host that holds a stream open
   * (cnspec's stdio) waits out the bound, as a fixed 20 ms sleep made every host do before.
   */
  static void drain(Server server, long boundMillis) {
    if (server == null) return;
    server.shutdown();
    try {
      server.awaitTermination(boundMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the server and its event loop, so no thread sits in epoll_wait when the JVM exits (fast exit). */
  static void stopTransport(Server server) {
    try {
      if (server != null) {
        server.shutdownNow();
        server.awaitTermination(300, TimeUnit.MILLISECONDS);
      }
      LOOP.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The services every plugin serves, on any transport (loopback TCP for a plugin, in-process when embedded). */
  static <T extends ServerBuilder<T>> T services(T builder, Provider provider, Watchdog watchdog, Runnable onShutdown) {
    ExecutorService work = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "grpc-call");
      t.setDaemon(true);
      return t;
    });
    // Handlers run on the transport thread and hand slow work to `work` themselves (see ProviderService).
    return builder
        .directExecutor()
        .maxInboundMessageSize(256 * 1024 * 1024)
        .addService(ServerInterceptors.intercept(new ProviderService(provider, watchdog, work), new InFlightCalls(watchdog)))
        .addService(ServerInterceptors.intercept(new DataBatchService(provider, work), new InFlightCalls(watchdog)))
        .addService(new GoPluginServices.Broker())
        .addService(new GoPluginServices.Stdio())
        .addService(new GoPluginController(onShutdown))
        .addService(new GoPluginServices.Health());
  }

  @SuppressWarnings("restriction")
  private static void ignoreInterrupt() {
    try {
      Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      Log.debug("cannot ignore SIGINT here: " + e.getMessage());
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(name) && i + 1 < args.length) return args[i + 1];
      if (args[i].startsWith(name + "=")) return args[i].substring(name.length() + 1);
    }
    return fallback;
  }

  private static int intEnv(String name, int fallback) {
    try {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}

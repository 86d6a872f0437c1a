package dev.vllmscan.launcher.cli;

import dev.vllmscan.contract.Contract;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.vllmscan.launcher.text.Timeline;

/** vllmscan: a security scanner for vLLM servers, and the host for its cnspec-compatible provider. */
@Command(name = "vllmscan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Scan vLLM inference servers for exposed routes, API-key gaps, CORS and TLS problems.")
public final class Main {
  /** The subcommands, in the order help lists them. */
  private static final Class<?>[] SUBCOMMANDS = {ScanCommand.class, RunCommand.class, ShellCommand.class,
      ProvidersCommand.class, DemoCommand.class, ReportCommand.class, BenchCommand.class, EmulateCommand.class,
      AdvisoriesCommand.class, AibomCommand.class, CommandLine.HelpCommand.class};

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_TARGET = 3;
  /** 128 + SIGINT, as shells report a program ended by Ctrl-C. */
  public static final int EXIT_INTERRUPTED = 130;

  private static volatile boolean finished;

  private final Streams streams;

  private Main(Streams streams) {
    this.streams = streams;
  }

  Streams streams() {
    return streams;
  }

  private static final String NETTY_JFR = "io.grpc.netty.shaded.io.netty.jfr.enabled";
  /**
   * Netty's native transports: this JVM serves and dials over NIO only (unix sockets included), yet grpc's first use
   * of Netty asks whether epoll is available, which extracts Netty's epoll library to a temp file and loads it.
   */
  private static final String NETTY_NO_NATIVE = "io.grpc.netty.shaded.io.netty.transport.noNative";
  /**
   * One pooled arena each for heap and direct buffers, as the provider has: this JVM's Netty traffic is one channel
   * on one event loop (plus the callback listener), and Netty's default of two arenas per core only reserved memory
   * (the launcher is a single scan's largest process: 101 -> 95 MiB).
   */
  private static final List<String> NETTY_ONE_ARENA = List.of(
      "io.grpc.netty.shaded.io.netty.allocator.numDirectArenas", "io.grpc.netty.shaded.io.netty.allocator.numHeapArenas");

  /** {@code --version}: the build's version, from the one filtered resource every side reads. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vllmscan " + Contract.VERSION};
    }
  }

  /**
   * Before any Netty class loads: its buffer allocator would register JFR events (~70 jdk.jfr classes and generated
   * handlers per start) for recordings nobody makes; no native transport; one arena per kind. -D on the command line
   * still wins.
   */
  static void nettyDefaults() {
    if (System.getProperty(NETTY_JFR) == null) System.setProperty(NETTY_JFR, "false");
    if (System.getProperty(NETTY_NO_NATIVE) == null) System.setProperty(NETTY_NO_NATIVE, "true");
    for (String arenas : NETTY_ONE_ARENA) if (System.getProperty(arenas) == null) System.setProperty(arenas, "1");
  }

  public static void main(String[] args) {
    nettyDefaults();
    // Ctrl-C runs the shutdown hooks and the JVM exits 130; say so in one line instead of leaving silence. The hook
    // belongs to the process, not to a run: it writes to the process's stderr, where the user who pressed Ctrl-C looks.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!finished) System.err.println("vllmscan: interrupted");
    }, "vllmscan-interrupt"));
    EarlySpawn.maybeStart(GlobalFlags.hoist(args));
    int code = run(System.out, System.err, args);
    EarlySpawn.discardUnused();
    Timeline.mark("done, exiting");
    finished = true;
    System.exit(code);
  }

  /**
   * Runs one command, writing its output to {@code out} and its messages to {@code err}; nothing, not even an Error such
   * as a stack overflow, escapes as a stack trace. Returns the exit code.
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    try {
      return dispatch(new Streams(out, err), GlobalFlags.hoist(args));
    } catch (Throwable t) {
      // What escapes picocli (an Error such as a stack overflow, or a failure outside a command) ends as any failure.
      return fail(err, t);
    }
  }

  private static int dispatch(Streams streams, String... args) {
    PrintStream err = streams.err();
    CommandLine cli = new CommandLine(new Main(streams));
    // picocli builds the model of every registered command up front (~175 classes of its own, all options and
    // mixins): a run that names its subcommand first registers only that one. Help, version and anything else
    // see them all, so listings and "did you mean" are unchanged.
    Class<?> named = args.length > 0 ? subcommandNamed(args[0]) : null;
    for (Class<?> c : named != null ? new Class<?>[] {named} : SUBCOMMANDS) cli.addSubcommand(c);
    // picocli's own output (help, version, usage) goes to the same pair, encoded as the streams encode; set after the
    // subcommands are added, as picocli hands these settings only to the subcommands it already has.
    cli.setOut(writerOver(streams.out()));
    cli.setErr(writerOver(err));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> fail(err, e));
    cli.setParameterExceptionHandler((e, a) -> fail(err, e));
    return cli.execute(args);
  }

  /** One line on stderr and the exit code: {@link Failure} decides both. */
  private static int fail(PrintStream err, Throwable t) {
    Failure f = Failure.of(t);
    err.println(f.message());
    return f.exitCode();
  }

  /** picocli's writer over one of the run's streams: its help and errors encoded as the stream would. */
  static PrintWriter writerOver(PrintStream stream) {
    return new PrintWriter(new StreamWriter(stream), true);
  }

  private static Class<?> subcommandNamed(String arg) {
    for (Class<?> c : SUBCOMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (c != CommandLine.HelpCommand.class && command != null && command.name().equals(arg)) return c;
    }
    return null;
  }
}

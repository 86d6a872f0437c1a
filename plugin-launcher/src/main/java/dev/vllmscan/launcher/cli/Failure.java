package dev.vllmscan.launcher.cli;

import dev.vllmscan.launcher.host.HostException;
import dev.vllmscan.launcher.mql.MqlException;
import dev.vllmscan.launcher.policy.PolicyException;
import dev.vllmscan.launcher.text.SafeText;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How a run that ended in a throwable ends: its exit code and the one line on stderr that says why. The one table for
 * picocli's parse errors, the exceptions a command throws (picocli's execution-exception handler) and the errors that
 * escape picocli (the last resort in {@link Main#run}). Text that may come from a target or an input is neutralised
 * ({@link SafeText}) and a cause's description cut to its first line: no stack trace, no forged lines, nothing a
 * multi-line description carried after its first line (a dumped request, its headers).
 */
record Failure(int exitCode, String message) {
  private static final String PREFIX = "vllmscan: ";

  static Failure of(Throwable t) {
    // picocli's parse errors: an unknown option, a missing parameter, a bad value; with the help to read.
    if (t instanceof ParameterException p) {
      return new Failure(Main.EXIT_USAGE, PREFIX + SafeText.of(p.getMessage()) + " (see `"
          + ("vllmscan " + commandPath(p.getCommandLine())).trim() + " --help`)");
    }
    // The user's input: a flag, a policy bundle, a query.
    if (t instanceof UsageException || t instanceof PolicyException || t instanceof IllegalArgumentException) {
      return new Failure(Main.EXIT_USAGE, PREFIX + SafeText.of(t.getMessage()));
    }
    if (t instanceof MqlException m) return new Failure(Main.EXIT_USAGE, PREFIX + "query error at " + SafeText.of(m.getMessage()));
    if (t instanceof StackOverflowError) {
      return new Failure(Main.EXIT_USAGE, PREFIX + "the input nests too deeply to process; simplify the query or bundle");
    }
    // The target or the provider: not judged, so 3.
    if (t instanceof HostException) return new Failure(Main.EXIT_TARGET, PREFIX + SafeText.of(t.getMessage()));
    if (t instanceof StatusRuntimeException g) {
      String d = g.getStatus().getDescription();
      return new Failure(Main.EXIT_TARGET, PREFIX + "the provider failed: "
          + (d == null ? g.getStatus().getCode().toString().toLowerCase(Locale.ROOT) : SafeText.of(firstLine(d))));
    }
    if (t instanceof OutOfMemoryError) {
      return new Failure(Main.EXIT_TARGET, PREFIX + "out of memory (an input or a target answer is too large)");
    }
    return new Failure(Main.EXIT_TARGET, PREFIX + "internal error" + (t.getMessage() == null ? "" : ": " + SafeText.of(firstLine(t.getMessage())))
        + " (please report it; --log-level debug shows more)");
  }

  private static String commandPath(CommandLine c) {
    return c.getCommandSpec().qualifiedName(" ").replaceFirst("^vllmscan ?", "");
  }

  private static String firstLine(String s) {
    return s.split("\n")[0];
  }
}

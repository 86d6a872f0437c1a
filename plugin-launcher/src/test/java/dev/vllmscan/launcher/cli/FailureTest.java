package dev.vllmscan.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vllmscan.launcher.host.HostException;
import dev.vllmscan.launcher.mql.MqlException;
import dev.vllmscan.launcher.policy.PolicyException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The one table from a throwable to an exit code and a line on stderr. */
class FailureTest {
  private static final String KEY = "sk-FAILURE-TEST-KEY-7d1e";
  private static final String INTERNAL_HINT = " (please report it; --log-level debug shows more)";

  @Test
  void theUsersInputIsExitTwoWithItsMessage() {
    assertEquals(new Failure(2, "vllmscan: --reps must be at least 1"), Failure.of(new UsageException("--reps must be at least 1")));
    assertEquals(new Failure(2, "vllmscan: bundle x.yaml: no policies"), Failure.of(new PolicyException("bundle x.yaml: no policies")));
    assertEquals(new Failure(2, "vllmscan: --shard must be INDEX/COUNT"), Failure.of(new IllegalArgumentException("--shard must be INDEX/COUNT")));
    assertEquals(new Failure(2, "vllmscan: query error at unknown field 'docExposed'"),
        Failure.of(new MqlException(12, "unknown field 'docExposed'")));
    assertEquals(new Failure(2, "vllmscan: the input nests too deeply to process; simplify the query or bundle"),
        Failure.of(new StackOverflowError()));
  }

  @Test
  void aParseErrorIsExitTwoAndNamesTheHelpToRead() {
    CommandLine root = new CommandLine(CommandSpec.create().name("vllmscan"));
    root.addSubcommand("scan", CommandSpec.create());
    assertEquals(new Failure(2, "vllmscan: Unknown option: '--colour' (see `vllmscan scan --help`)"),
        Failure.of(new ParameterException(root.getSubcommands().get("scan"), "Unknown option: '--colour'")));
    assertEquals(new Failure(2, "vllmscan: Missing required subcommand (see `vllmscan --help`)"),
        Failure.of(new ParameterException(root, "Missing required subcommand")));
  }

  @Test
  void theTargetOrTheProviderIsExitThree() {
    assertEquals(new Failure(3, "vllmscan: the provider exited before its handshake"),
        Failure.of(new HostException("the provider exited before its handshake")));
    assertEquals(new Failure(3, "vllmscan: the provider failed: unavailable"),
        Failure.of(new StatusRuntimeException(Status.UNAVAILABLE)));
    assertEquals(new Failure(3, "vllmscan: the provider failed: connect: refused"),
        Failure.of(new StatusRuntimeException(Status.INTERNAL.withDescription("connect: refused\n\tat x.Y.z(Y.java:1)"))));
    assertEquals(new Failure(3, "vllmscan: out of memory (an input or a target answer is too large)"),
        Failure.of(new OutOfMemoryError("Java heap space")));
  }

  @Test
  void anythingElseIsAnInternalErrorOnItsFirstLine() {
    assertEquals(new Failure(3, "vllmscan: internal error: boom" + INTERNAL_HINT), Failure.of(new IllegalStateException("boom\nmore")));
    assertEquals(new Failure(3, "vllmscan: internal error" + INTERNAL_HINT), Failure.of(new NullPointerException()));
    assertEquals(new Failure(3, "vllmscan: internal error: deep" + INTERNAL_HINT), Failure.of(new AssertionError("deep")));
  }

  @Test
  void textFromAnInputOrATargetIsNeutralisedAndOneLine() {
    // A terminal escape (retitle, clear screen) arrives escaped, not executed.
    assertEquals("vllmscan: cannot read \\u001b]0;owned\\u0007x.yaml",
        Failure.of(new UsageException("cannot read \u001b]0;owned\u0007x.yaml")).message());
    assertEquals("vllmscan: bad\\nvllmscan: forged line", Failure.of(new HostException("bad\nvllmscan: forged line")).message());
    // What a description or a message carries after its first line (a dumped request, its Authorization header) stays out.
    List<Throwable> carriers = List.of(
        new StatusRuntimeException(Status.UNKNOWN.withDescription("request failed\nAuthorization: Bearer " + KEY)),
        new IllegalStateException("request failed\nAuthorization: Bearer " + KEY),
        new RuntimeException("request failed\r\nAuthorization: Bearer " + KEY));
    for (Throwable t : carriers) {
      Failure f = Failure.of(t);
      assertEquals(3, f.exitCode(), f.toString());
      assertFalse(f.message().contains(KEY), f.message());
      assertFalse(f.message().contains("\n") || f.message().contains("\r"), f.message());
    }
  }
}

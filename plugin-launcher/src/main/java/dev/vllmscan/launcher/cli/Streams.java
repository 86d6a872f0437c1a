package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The two streams one run writes to: the pair given to {@link Main#run}, reached by every command through its picocli
 * spec. They stay {@link PrintStream}s (not picocli's writers) so a line is encoded exactly as {@code System.out} would
 * encode it: output is byte-identical whether a test or the process hands them over.
 */
record Streams(PrintStream out, PrintStream err) {
  /** The streams of the run this command (or mixin's command) belongs to. */
  static Streams of(CommandSpec spec) {
    return ((Main) spec.root().userObject()).streams();
  }
}

package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import java.io.Writer;

/**
 * A writer over a run's {@link PrintStream} that hands every character to the stream's own encoder (the stream's
 * encoding, as {@code print} uses; a capture in tests sets its own), so a report can be written in chunks instead of
 * as one string and picocli's help comes out as if printed. Flushed, never closed.
 */
final class StreamWriter extends Writer {
  private final PrintStream stream;

  StreamWriter(PrintStream stream) {
    this.stream = stream;
  }

  @Override
  public void write(char[] chars, int off, int len) {
    stream.print(new String(chars, off, len));
  }

  @Override
  public void flush() {
    stream.flush();
  }

  @Override
  public void close() {
    flush();
  }
}

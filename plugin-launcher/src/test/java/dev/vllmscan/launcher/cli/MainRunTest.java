package dev.vllmscan.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.contract.Contract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Main#run}: a run writes to the streams it is given, picocli's own output included, and to nothing else. */
class MainRunTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void outputMessagesAndPicocliOwnTextGoToTheGivenStreamsOnly() {
    PrintStream processOut = System.out;
    PrintStream processErr = System.err;
    ByteArrayOutputStream leaked = new ByteArrayOutputStream();
    PrintStream sentinel = new PrintStream(leaked, true, StandardCharsets.UTF_8);
    Run version;
    Run help;
    Run badOption;
    Run missing;
    System.setOut(sentinel);
    System.setErr(sentinel);
    try {
      version = run("--version");
      help = run("scan", "--help");
      badOption = run("scan", "--colour");
      missing = run("report", "merge", tmp.resolve("nope.json").toString());
    } finally {
      System.setOut(processOut);
      System.setErr(processErr);
    }
    assertEquals(new Run(0, "vllmscan " + Contract.VERSION + System.lineSeparator(), ""), version);
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Usage: vllmscan scan") && help.err().isEmpty(), help.toString());
    assertEquals(2, badOption.code());
    assertEquals("", badOption.out());
    assertEquals("vllmscan: Unknown option: '--colour' (see `vllmscan scan --help`)" + System.lineSeparator(), badOption.err());
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().startsWith("vllmscan: ") && missing.err().contains("nope.json"), missing.toString());
    String l = leaked.toString(StandardCharsets.UTF_8);
    for (String mark : new String[] {"vllmscan " + Contract.VERSION, "Usage:", "--colour", "nope.json"}) {
      assertFalse(l.contains(mark), "reached the process's streams: " + l);
    }
  }
}

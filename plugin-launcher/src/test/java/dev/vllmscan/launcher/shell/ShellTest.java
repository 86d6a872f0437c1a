package dev.vllmscan.launcher.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockWebServer;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell driven through a JLine terminal on streams: typed keys in, screen text out, real provider behind. */
class ShellTest {
  @TempDir Path tmp;

  /** A user at a terminal: waits for each prompt, then types the next line (tabs included). */
  private static String type(Session session, Path history, String... lines) throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keyboard, 1 << 16);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    OutputStream out = new OutputStream() {
      @Override
      public synchronized void write(int b) {
        screen.write(b);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) {
        screen.write(b, off, len);
      }
    };
    // A JLine terminal over plain streams: the same line editor (completion, history) a real terminal gets.
    try (Terminal t = TerminalBuilder.builder().system(false).type("ansi").encoding(StandardCharsets.UTF_8)
        .graphemeCluster(false).size(new org.jline.terminal.Size(160, 50)).streams(in, out).build()) {
      Thread shell = new Thread(() -> new Shell(t, session, history).run("vLLM test target"), "shell-under-test");
      shell.start();
      int prompts = 0;
      for (String line : lines) {
        prompts = awaitPrompt(out, screen, prompts);
        keyboard.write(line.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
      }
      keyboard.close();
      shell.join(30_000);
    }
    synchronized (out) {
      // Drop the cursor movement and colour sequences the editor writes; keep the text a user reads.
      return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?$]*[A-Za-z]", "").replace("\r", "");
    }
  }

  private static int awaitPrompt(Object lock, ByteArrayOutputStream screen, int seen) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      String text;
      synchronized (lock) {
        text = screen.toString(StandardCharsets.UTF_8);
      }
      int n = text.split("vllmscan> |       \\.\\. ", -1).length - 1;
      if (n > seen) return n;
      Thread.sleep(20);
    }
    synchronized (lock) {
      throw new AssertionError("the shell never prompted again:\n" + screen.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void typingAQueryCompletingAFieldAndReadingTheAnswer() throws Exception {
    try (MockWebServer target = Targets.serve(new FakeVllm("0.11.0").era11());
        Session session = Session.open(InstalledProvider.load(Installer.locate(null, System.err::println)), Targets.url(target),
            Session.flags(null, false, 5), "warn", null)) {
      Path history = tmp.resolve("history");
      String screen = type(session, history,
          "vllm.server { version }\n",
          "vllm.server.docsExp\t\n",
          "vllm.server {\n",
          "  corsAllowsAny\t\n",
          "}\n",
          "help vllm.metrics\n",
          "vllm.server.docExposed\n",
          "exit\n");
      assertTrue(screen.contains("connected to vLLM test target"), screen);
      assertTrue(screen.contains("vllm.server: {\n  version: \"0.11.0\"\n}"), screen);
      assertTrue(screen.contains("vllm.server.docsExposed: true"), "tab completed the field: " + screen);
      assertTrue(screen.contains("corsAllowsAnyOrigin: true"), "completion inside a multi-line block: " + screen);
      assertTrue(screen.contains("prometheusExposed"), "help lists the fields: " + screen);
      assertTrue(screen.contains("did you mean docsExposed?"), screen);
      String saved = Files.readString(history);
      assertTrue(saved.contains("vllm.server.docsExposed"), "history is kept");
      // The three lines of the block are one history entry (JLine writes its newlines escaped on one line).
      assertTrue(saved.lines().anyMatch(l -> l.contains("vllm.server {") && l.contains("corsAllowsAnyOrigin") && l.contains("}")), saved);
      assertTrue(saved.lines().noneMatch(l -> l.matches("\\d+:\\}")), "no entry holds only the closing brace: " + saved);
    }
  }
}

package dev.vllmscan.launcher.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;

/** Reads an API key from a file or standard input, so it never has to appear on a command line. */
final class KeyFile {
  /** A key is one line; anything longer than this is not a key file. */
  static final int MAX_BYTES = 16 * 1024;

  private KeyFile() {}

  static String read(String location) {
    String text;
    try {
      if (location.equals("-")) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        text = in.readLine();
      } else {
        Path p = Path.of(location);
        if (!Files.exists(p) || Files.isDirectory(p)) throw new UsageException("--api-key-file " + location + ": no such file");
        // Pipes count too (e.g. a shell's <(pass show vllm)); read at most MAX_BYTES either way.
        try (InputStream in = Files.newInputStream(p)) {
          byte[] head = in.readNBytes(MAX_BYTES + 1);
          if (head.length > MAX_BYTES) throw new UsageException("--api-key-file " + location + ": too large to be a key file");
          text = new String(head, StandardCharsets.UTF_8).lines().findFirst().orElse(null);
        }
      }
    } catch (IOException e) {
      throw new UsageException("--api-key-file " + location + ": cannot read it");
    }
    if (text == null || text.isBlank()) throw new UsageException("--api-key-file " + location + ": the first line is empty");
    return text.strip();
  }
}

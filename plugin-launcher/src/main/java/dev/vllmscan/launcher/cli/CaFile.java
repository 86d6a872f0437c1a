package dev.vllmscan.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The emulator's private CA certificate in a file a scan can be pointed at (removed when this process ends). */
final class CaFile {
  private CaFile() {}

  static Path write(String pem) {
    try {
      Path f = Files.createTempFile("vllmscan-emulator-ca-", ".pem");
      Files.writeString(f, pem);
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UsageException("cannot write the emulator's CA certificate: " + e.getMessage());
    }
  }
}

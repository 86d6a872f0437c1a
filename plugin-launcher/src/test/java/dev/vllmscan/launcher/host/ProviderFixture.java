package dev.vllmscan.launcher.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A provider directory whose binary is a test-specific shell script around the real provider jar, so tests can
 * misbehave at the process boundary (noise on stdout, a known pid to kill) while the provider itself is real.
 */
public final class ProviderFixture {
  private ProviderFixture() {}

  public static Path wrap(Path tmp, String scriptBody) throws IOException {
    Path installed = Installer.locate(null, System.err::println);
    Path dir = tmp.resolve("vllm");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    for (String f : new String[] {"vllm.json", "vllm.resources.json"}) {
      Files.copy(installed.resolve(f), dir.resolve(f));
    }
    Files.createSymbolicLink(dir.resolve("vllm-provider.jar"), installed.resolve("vllm-provider.jar"));
    Path script = dir.resolve("vllm");
    Files.writeString(script, "#!/bin/bash\nJAR=\"$(dirname \"$0\")/vllm-provider.jar\"\n" + scriptBody + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  /** Waits for a pid file written by the wrapper script. */
  public static long pid(Path file, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(file)) {
        String s = Files.readString(file).trim();
        if (!s.isEmpty()) return Long.parseLong(s);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the provider never wrote " + file);
  }

  public static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}

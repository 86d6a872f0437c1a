package dev.vllmscan.launcher.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.concurrent.atomic.AtomicBoolean;

/** Lays out {@code <root>/vllm/{vllm, vllm.json, vllm.resources.json, vllm-provider.jar}} from the built jar. */
public final class Installer {
  /** JVM flags for a short-lived, small provider: quick start (C1 only), modest heap that grows only when needed. */
  public static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms16m -Xmx192m -XX:+ExitOnOutOfMemoryError"
      + " -XX:ReservedCodeCacheSize=32m -XX:CICompilerCount=1"
      + " -Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1"
      + " -Dio.grpc.netty.shaded.io.netty.allocator.numHeapArenas=1";
  public static final String ARCHIVE = "vllm-provider.jsa";

  static final String SCRIPT = "#!/bin/sh\n"
      + "# vllmscan provider wrapper: exec so that signals reach the JVM and the pipes close when it dies.\n"
      + "trap '' INT\n"
      + "dir=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\n"
      + "# A class-data archive made at install time halves JVM start. Its stamp (the jar's path, size and time, and the\n"
      + "# java binary) is written on first use; a moved directory, another jar or another JDK no longer match it, and\n"
      + "# the provider then starts without the archive (`vllmscan providers install` makes a new one).\n"
      + "cds=\"\"\n"
      + "if [ -z \"$VLLMSCAN_PROVIDER_JAVA_OPTS\" ] && [ -f \"$dir/" + ARCHIVE + "\" ]; then\n"
      + "  stamp=\"$dir $(stat -c '%s %Y' \"$dir/vllm-provider.jar\" 2>/dev/null) $(readlink -f \"$(command -v java)\" 2>/dev/null)\"\n"
      + "  [ -f \"$dir/" + ARCHIVE + ".stamp\" ] || printf '%s' \"$stamp\" > \"$dir/" + ARCHIVE + ".stamp\" 2>/dev/null\n"
      + "  if [ \"$(cat \"$dir/" + ARCHIVE + ".stamp\" 2>/dev/null)\" = \"$stamp\" ]; then cds=\"-XX:SharedArchiveFile=$dir/" + ARCHIVE + "\"; fi\n"
      + "fi\n"
      + "# JVM messages go to stderr only: stdout carries the handshake line and nothing else.\n"
      + "exec java ${VLLMSCAN_PROVIDER_JAVA_OPTS:-" + DEFAULT_JAVA_OPTS + "} $cds -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off"
      + " -jar \"$dir/vllm-provider.jar\" \"$@\"\n";

  private Installer() {}

  /** The provider jar of this build: {@code vllmscan.home}/provider-vllm/target/vllm-provider.jar. */
  public static Path builtJar() {
    String home = System.getProperty("vllmscan.home", ".");
    Path jar = Path.of(home, "provider-vllm", "target", "vllm-provider.jar");
    if (!Files.isRegularFile(jar)) {
      throw new HostException("the provider is not built (" + jar + " is missing); run ./vllmscan once or mvn -B package");
    }
    return jar;
  }

  private static final AtomicBoolean WARNED_STALE = new AtomicBoolean();

  /**
   * Why the provider installed in {@code dir} is not this build's, or null: an install stays preferred (as cnspec's
   * provider directory is), but a rebuilt or upgraded vllmscan would otherwise scan with the old provider unawares.
   */
  static String staleness(Path dir) {
    Path built = Path.of(System.getProperty("vllmscan.home", "."), "provider-vllm", "target", "vllm-provider.jar");
    try {
      Path installed = dir.resolve("vllm-provider.jar");
      if (!Files.isRegularFile(built) || !Files.isRegularFile(installed)) return null;
      if (Files.getLastModifiedTime(built).compareTo(Files.getLastModifiedTime(installed)) <= 0) return null;
    } catch (IOException e) {
      return null;
    }
    return "the vllm provider installed in " + dir + " is older than this build's; `vllmscan providers install` updates it"
        + " (or choose one with --provider DIR or PROVIDERS_PATH)";
  }

  public static Path install(Path root, Path jar) {
    InstalledProvider.checkRoot(root);
    Path dir = root.resolve("vllm");
    try {
      Files.createDirectories(dir);
      // An archive belongs to one jar: a new jar makes it stale (the JVM would ignore it, with a warning).
      Files.deleteIfExists(dir.resolve(ARCHIVE));
      Files.copy(jar, dir.resolve("vllm-provider.jar"), StandardCopyOption.REPLACE_EXISTING);
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (String name : new String[] {"vllm.json", "vllm.resources.json"}) {
          ZipEntry e = zip.getEntry("provider/" + name);
          if (e == null) throw new HostException(jar + " has no provider/" + name + "; rebuild it");
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
      Path script = dir.resolve("vllm");
      Files.writeString(script, SCRIPT);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new HostException("cannot install the provider into " + dir + ": " + e.getMessage());
    }
  }

  /** Where the host looks: --provider, $PROVIDERS_PATH/vllm, ~/.config/mondoo/providers/vllm, else this build. */
  private static String readOrEmpty(Path p) throws IOException {
    return Files.isRegularFile(p) ? Files.readString(p) : "";
  }

  public static Path locate(Path explicit) {
    if (explicit != null) return explicit;
    String env = System.getenv("PROVIDERS_PATH");
    if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env, "vllm"))) return Path.of(env, "vllm");
    Path user = Path.of(System.getProperty("user.home"), ".config", "mondoo", "providers", "vllm");
    if (Files.isRegularFile(user.resolve("vllm.json"))) {
      String stale = staleness(user);
      if (stale != null && WARNED_STALE.compareAndSet(false, true)) System.err.println("vllmscan: warning: " + stale);
      return user;
    }
    Path jar = builtJar();
    Path root = Path.of(System.getProperty("vllmscan.home", "."), "target", "providers");
    Path dir = root.resolve("vllm");
    try {
      Files.createDirectories(root);
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path installedJar = dir.resolve("vllm-provider.jar");
      if (!Files.exists(installedJar) || Files.getLastModifiedTime(installedJar).compareTo(Files.getLastModifiedTime(jar)) < 0
          || Files.size(installedJar) != Files.size(jar) || !SCRIPT.equals(readOrEmpty(dir.resolve("vllm")))) {
        install(root, jar);
      }
    } catch (IOException e) {
      throw new HostException("cannot prepare the provider in " + root + ": " + e.getMessage());
    }
    return dir;
  }
}

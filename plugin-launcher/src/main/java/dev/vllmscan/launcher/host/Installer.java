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
import java.util.function.Consumer;
import java.nio.charset.StandardCharsets;

/** Lays out {@code <root>/vllm/{vllm, vllm.json, vllm.resources.json, vllm-provider.jar}} from the built jar. */
public final class Installer {
  /** JVM flags for a short-lived, small provider: quick start (C1 only), modest heap that grows only when needed. */
  public static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms16m -Xmx192m -XX:+ExitOnOutOfMemoryError"
      + " -XX:ReservedCodeCacheSize=32m -XX:CICompilerCount=1"
      + " -Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1"
      + " -Dio.grpc.netty.shaded.io.netty.allocator.numHeapArenas=1"
      // Netty's buffer allocator registers JFR events when the JDK has JFR: ~70 jdk.jfr classes and generated event
      // handlers in every start, for recordings nobody makes.
      + " -Dio.grpc.netty.shaded.io.netty.jfr.enabled=false";
  public static final String ARCHIVE = "vllm-provider.jsa";

  /** The same archive on JDK 25 or newer: an AOT cache (JEP 483/514), which the wrapper prefers there. */
  public static final String AOT_CACHE = "vllm-provider.aot";
  /** Set for the training scan: the wrapper then makes the archive its JDK supports as the provider exits. */
  public static final String TRAIN_ENV = "VLLMSCAN_PROVIDER_TRAIN";
  /** Tells a Java provider's wrapper that it serves a fleet: a heap sized for many targets at once. */
  public static final String FLEET_ENV = "VLLMSCAN_FLEET";

  static final String SCRIPT = wrapperScript();

  private static String wrapperScript() {
    try (InputStream in = Installer.class.getResourceAsStream("provider-wrapper.sh")) {
      if (in == null) throw new IllegalStateException("provider-wrapper.sh is missing from the launcher jar; rebuild it");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@DEFAULT_JAVA_OPTS@", DEFAULT_JAVA_OPTS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read provider-wrapper.sh: " + e.getMessage(), e);
    }
  }

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
    return staleness(dir, Path.of(System.getProperty("vllmscan.home", "."), "provider-vllm", "target", "vllm-provider.jar"));
  }

  static String staleness(Path dir, Path built) {
    try {
      Path installed = dir.resolve("vllm-provider.jar");
      if (!Files.isRegularFile(built) || !Files.isRegularFile(installed)) return null;
      if (millis(built) <= millis(installed)) return null;
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
      // An archive belongs to one jar: a new jar makes both kinds stale (the JVM would ignore them, with a warning).
      // The same jar again (same size and time to the millisecond: the copy keeps the time) keeps them, so that switching between JDK 17
      // and 25 keeps each JDK's archive instead of leaving the other one's provider without any.
      Path installedJar = dir.resolve("vllm-provider.jar");
      if (!sameJar(jar, installedJar)) {
        for (String archive : new String[] {ARCHIVE, AOT_CACHE}) {
          Files.deleteIfExists(dir.resolve(archive));
          Files.deleteIfExists(dir.resolve(archive + ".stamp"));
        }
      }
      replace(installedJar, t -> Files.copy(jar, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES));
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (String name : new String[] {"vllm.json", "vllm.resources.json"}) {
          ZipEntry e = zip.getEntry("provider/" + name);
          if (e == null) throw new HostException(jar + " has no provider/" + name + "; rebuild it");
          replace(dir.resolve(name), t -> {
            try (InputStream in = zip.getInputStream(e)) {
              Files.copy(in, t, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
          });
        }
      }
      replace(dir.resolve("vllm"), t -> {
        Files.writeString(t, SCRIPT);
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
      });
      return dir;
    } catch (IOException e) {
      throw new HostException("cannot install the provider into " + dir + ": " + e.getMessage());
    }
  }

  /** How one installed file is written, into the temporary file it is given. */
  @FunctionalInterface
  private interface Writing {
    void writeTo(Path file) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary file beside it and a rename, so whoever reads it meanwhile (a provider
   * JVM starting from this jar, a host reading the schema, a shell running the wrapper) gets the old file or the new
   * one, never part of one. A copy over the file itself once left a starting provider without its own resources.
   */
  private static void replace(Path target, Writing writer) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".installing");
    try {
      writer.writeTo(tmp);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * A file's time to the millisecond: JDK 17 copies times to the microsecond, so a copy made there looks older than
   * its nanosecond-stamped original, and every command reinstalled the provider over itself.
   */
  private static long millis(Path p) throws IOException {
    return Files.getLastModifiedTime(p).toMillis();
  }

  /** Whether {@code dir} needs this build's provider laid out again: no jar, an older or different one, another wrapper. */
  static boolean needsInstall(Path dir, Path builtJar) throws IOException {
    Path installedJar = dir.resolve("vllm-provider.jar");
    return !Files.exists(installedJar) || millis(installedJar) < millis(builtJar)
        || Files.size(installedJar) != Files.size(builtJar) || !SCRIPT.equals(readOrEmpty(dir.resolve("vllm")));
  }

  private static boolean sameJar(Path built, Path installed) throws IOException {
    return Files.isRegularFile(installed) && Files.size(built) == Files.size(installed) && millis(built) == millis(installed);
  }

  private static String readOrEmpty(Path p) throws IOException {
    return Files.isRegularFile(p) ? Files.readString(p) : "";
  }

  /**
   * Where the host looks: --provider, $PROVIDERS_PATH/vllm, ~/.config/mondoo/providers/vllm, else this build.
   * {@code warnings} gets the one line (once per process) about a stale install in the user's directory.
   */
  public static Path locate(Path explicit, Consumer<String> warnings) {
    if (explicit != null) return explicit;
    String env = System.getenv("PROVIDERS_PATH");
    if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env, "vllm"))) return Path.of(env, "vllm");
    Path user = Path.of(System.getProperty("user.home"), ".config", "mondoo", "providers", "vllm");
    if (Files.isRegularFile(user.resolve("vllm.json"))) {
      String stale = staleness(user);
      if (stale != null && WARNED_STALE.compareAndSet(false, true)) warnings.accept("vllmscan: warning: " + stale);
      return user;
    }
    Path jar = builtJar();
    Path root = Path.of(System.getProperty("vllmscan.home", "."), "target", "providers");
    Path dir = root.resolve("vllm");
    try {
      Files.createDirectories(root);
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (needsInstall(dir, jar)) install(root, jar);
    } catch (IOException e) {
      throw new HostException("cannot prepare the provider in " + root + ": " + e.getMessage());
    }
    return dir;
  }
}

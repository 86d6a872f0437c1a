package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installed provider older than this build's is still used, but never silently. */
class InstallerTest {
  @TempDir Path tmp;

  @Test
  void anInstalledProviderOlderThanThisBuildsIsNamedWithTheFix() throws Exception {
    Path built = Installer.builtJar();
    Path dir = tmp.resolve("vllm");
    Files.createDirectories(dir);
    Path installed = Files.copy(built, dir.resolve("vllm-provider.jar"));

    Files.setLastModifiedTime(installed, FileTime.from(Instant.now().plusSeconds(60)));
    assertNull(Installer.staleness(dir), "an install newer than the build is simply used");

    Files.setLastModifiedTime(installed, FileTime.from(Files.getLastModifiedTime(built).toInstant().minusSeconds(3600)));
    String why = Installer.staleness(dir);
    assertTrue(why != null && why.contains(dir.toString()) && why.contains("vllmscan providers install"), String.valueOf(why));
  }

  @Test
  void reinstallingTheSameJarKeepsBothArchivesAndANewJarDropsThem() throws Exception {
    Path built = tmp.resolve("built.jar");
    Files.copy(Installer.builtJar(), built);
    Path dir = Installer.install(tmp.resolve("root"), built);
    for (String a : new String[] {Installer.ARCHIVE, Installer.AOT_CACHE}) {
      Files.writeString(dir.resolve(a), "archive");
      Files.writeString(dir.resolve(a + ".stamp"), "stamp");
    }
    Installer.install(tmp.resolve("root"), built);
    assertTrue(Files.exists(dir.resolve(Installer.ARCHIVE)) && Files.exists(dir.resolve(Installer.AOT_CACHE)),
        "the same jar again: each JDK's archive stays");

    Files.setLastModifiedTime(built, FileTime.from(Instant.now().plusSeconds(5)));
    Installer.install(tmp.resolve("root"), built);
    for (String a : new String[] {Installer.ARCHIVE, Installer.AOT_CACHE, Installer.ARCHIVE + ".stamp", Installer.AOT_CACHE + ".stamp"}) {
      assertTrue(Files.notExists(dir.resolve(a)), "a new jar makes " + a + " stale");
    }
  }

  /**
   * JDK 17 copies file times to the microsecond. A copy of a jar whose time has nanoseconds then looked older than
   * its original: every command reinstalled the provider over itself (and the user's install was called stale).
   */
  @Test
  void aCopyWhoseTimeLostItsNanosecondsIsUpToDate() throws Exception {
    Path built = tmp.resolve("built.jar");
    Files.copy(Installer.builtJar(), built);
    Instant t = Instant.parse("2026-12-05T10:11:23.643512968Z");
    Files.setLastModifiedTime(built, FileTime.from(t));
    Path dir = Installer.install(tmp.resolve("root"), built);
    Files.setLastModifiedTime(dir.resolve("vllm-provider.jar"), FileTime.from(t.truncatedTo(ChronoUnit.MICROS)));

    assertFalse(Installer.needsInstall(dir, built), "the same jar, its time kept to the microsecond");
    assertNull(Installer.staleness(dir, built));

    Files.setLastModifiedTime(built, FileTime.from(t.plusMillis(1)));
    assertTrue(Installer.needsInstall(dir, built), "a jar built a millisecond later is newer");
  }

  /**
   * An install replaces each file by a rename: a provider starting from the jar meanwhile, or a host reading the
   * schema, opens the old file or the new one. A copy over the file itself left readers a missing or partial jar.
   */
  @Test
  void readersNeverSeeAPartialInstall() throws Exception {
    Path a = tmp.resolve("a.jar");
    Files.copy(Installer.builtJar(), a);
    Path b = tmp.resolve("b.jar");
    Files.copy(Installer.builtJar(), b);
    Files.write(b, new byte[] {0}, StandardOpenOption.APPEND); // another size: a zip reader ignores a trailing byte
    Path root = tmp.resolve("root");
    Path dir = Installer.install(root, a);
    Path jar = dir.resolve("vllm-provider.jar");

    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        try (ZipFile z = new ZipFile(jar.toFile())) {
          ZipEntry e = z.getEntry("provider/vllm.resources.json");
          if (e == null) {
            failures.add("no provider/vllm.resources.json");
          } else {
            try (InputStream in = z.getInputStream(e)) {
              in.readAllBytes();
            }
          }
          Files.readString(dir.resolve("vllm.resources.json"));
          reads.incrementAndGet();
        } catch (IOException | RuntimeException e) {
          failures.add(e.toString());
        }
      }
    });
    reader.start();
    try {
      for (int i = 0; i < 12; i++) Installer.install(root, i % 2 == 0 ? b : a);
    } finally {
      done.set(true);
      reader.join();
    }

    assertTrue(failures.isEmpty(), failures.size() + " failed reads, first: " + (failures.isEmpty() ? "" : failures.get(0)));
    assertTrue(reads.get() > 0);
    try (var left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".installing")), "no temporary file left");
    }
  }
}

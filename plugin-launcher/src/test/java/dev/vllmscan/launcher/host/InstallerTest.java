package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}

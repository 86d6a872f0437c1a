package dev.vllmscan.provider.api.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled advisories are read beside their index, from a jar as the provider ships them. */
class IndexedAdvisoriesTest {
  private static byte[] bundledDoc(String id) throws Exception {
    try (InputStream in = AdvisoryDatabase.class.getResourceAsStream("/advisories/osv/" + id + ".json")) {
      return in.readAllBytes();
    }
  }

  private static URL jarIndex(Path dir, String index, String... docIds) throws Exception {
    Path jar = dir.resolve("provider.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("advisories/index.txt"));
      out.write(index.getBytes(StandardCharsets.UTF_8));
      for (String id : docIds) {
        out.putNextEntry(new JarEntry("advisories/osv/" + id + ".json"));
        out.write(bundledDoc(id));
      }
    }
    return URI.create("jar:" + jar.toUri() + "!/advisories/index.txt").toURL();
  }

  @Test
  void readsEveryDocumentTheIndexNamesFromAJar(@TempDir Path dir) throws Exception {
    List<Advisory> read = AdvisoryDatabase.readIndexed(
        jarIndex(dir, "# bundled\nCVE-2024-11041\n\nCVE-2024-8768\n", "CVE-2024-11041", "CVE-2024-8768"));
    assertEquals(List.of("CVE-2024-11041", "CVE-2024-8768"), read.stream().map(Advisory::id).toList());
  }

  @Test
  void aDocumentTheIndexNamesButTheJarLacksIsAnError(@TempDir Path dir) throws Exception {
    URL index = jarIndex(dir, "CVE-2024-11041\nCVE-2024-8768\n", "CVE-2024-11041");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> AdvisoryDatabase.readIndexed(index));
    assertTrue(e.getMessage().contains("CVE-2024-8768"), e.getMessage());
  }
}

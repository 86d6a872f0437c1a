package dev.vllmscan.launcher.advisories;

import dev.vllmscan.provider.advisory.Advisory;
import dev.vllmscan.provider.advisory.AdvisoryDatabase;
import dev.vllmscan.provider.advisory.OsvReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads OSV documents from a file, a directory, a zip export (as osv.dev publishes per ecosystem) or a URL, keeps
 * those for PyPI's vllm, and stores them in the user's advisory store. All or nothing: one malformed document
 * refuses the whole import, naming the document and the reason, and the store is left as it was.
 */
public final class AdvisoryImport {
  /** Largest import read (a whole PyPI export is far larger; the vllm part is small). */
  static final long MAX_BYTES = 512L * 1024 * 1024;

  /** What an import did. */
  public record Result(int read, int kept, int added, String dataDate, Path store) {}

  private final Map<String, byte[]> documents = new LinkedHashMap<>();
  private int read;

  public Result run(String from, Path store) throws IOException {
    if (from.startsWith("http://") || from.startsWith("https://")) {
      fromBytes(from, Download.fetch(from, MAX_BYTES));
    } else {
      Path p = Path.of(from);
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.walk(p)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) fromBytes(f.toString(), Files.readAllBytes(f));
        }
      } else if (Files.isRegularFile(p)) {
        fromBytes(p.toString(), Files.readAllBytes(p));
      } else {
        throw new IllegalArgumentException(from + ": no such file or directory");
      }
    }
    return store(store);
  }

  private void fromBytes(String name, byte[] bytes) throws IOException {
    if (name.endsWith(".zip") || (bytes.length > 4 && bytes[0] == 'P' && bytes[1] == 'K')) {
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
          if (!e.isDirectory() && e.getName().endsWith(".json")) add(name + "!" + e.getName(), zip.readNBytes((int) MAX_BYTES));
        }
      }
    } else if (name.endsWith(".json") || name.startsWith("http")) {
      add(name, bytes);
    }
  }

  private void add(String name, byte[] bytes) {
    read++;
    Advisory a;
    try {
      a = OsvReader.read(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage() + "; nothing was stored");
    }
    if (a != null) documents.put(a.id(), bytes);
  }

  /** Merges into the store (a document replaces the stored one of the same id) through a new directory and a rename. */
  private Result store(Path store) throws IOException {
    Files.createDirectories(store.getParent());
    Path staging = Files.createTempDirectory(store.getParent(), ".advisories-");
    int added = 0;
    if (Files.isDirectory(store)) {
      try (Stream<Path> old = Files.list(store)) {
        for (Path f : old.filter(x -> x.toString().endsWith(".json")).toList()) {
          Files.copy(f, staging.resolve(f.getFileName()));
        }
      }
    }
    for (Map.Entry<String, byte[]> d : documents.entrySet()) {
      Path target = staging.resolve(d.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
      if (!Files.exists(target)) added++;
      Files.write(target, d.getValue());
    }
    AdvisoryDatabase check = AdvisoryDatabase.readStore(staging);
    if (check == null) throw new IllegalStateException("the merged store does not read back; nothing was stored");
    Path old = store.resolveSibling(store.getFileName() + ".old");
    deleteTree(old);
    if (Files.isDirectory(store)) Files.move(store, old, StandardCopyOption.ATOMIC_MOVE);
    Files.move(staging, store, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
    return new Result(read, documents.size(), added, check.dataDate(), store);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> all = Files.walk(p)) {
      for (Path x : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }

  /** The few lines of HTTP an import needs, bounded in size and time. */
  static final class Download {
    private Download() {}

    static byte[] fetch(String url, long max) throws IOException {
      okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder().callTimeout(java.time.Duration.ofMinutes(2)).build();
      try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
        if (!r.isSuccessful()) throw new IOException("HTTP " + r.code());
        okio.Buffer buf = new okio.Buffer();
        okio.BufferedSource src = r.body().source();
        while (buf.size() <= max && src.read(buf, 1 << 16) != -1) {
          // bounded read
        }
        if (buf.size() > max) throw new IOException("larger than " + (max >> 20) + " MiB");
        return buf.readByteArray();
      }
    }
  }
}

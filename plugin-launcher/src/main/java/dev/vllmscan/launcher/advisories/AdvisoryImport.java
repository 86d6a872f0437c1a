package dev.vllmscan.launcher.advisories;

import dev.vllmscan.launcher.text.SafeText;
import dev.vllmscan.provider.api.advisory.Advisory;
import dev.vllmscan.provider.api.advisory.AdvisoryStore;
import dev.vllmscan.provider.api.advisory.OsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads OSV documents from a file, a directory, a zip export (as osv.dev publishes per ecosystem) or a URL, keeps
 * those for PyPI's vllm, and lays them over the user's advisory store by id (a newer {@code modified} wins). All or
 * nothing: one malformed document refuses the whole import, naming the document and the reason, and the store is
 * left as it was. Every input is bounded before it is inflated or parsed: one document, the documents of an
 * import, the bytes read from a zip and from a URL; a zip entry is never inflated past the per-document limit.
 */
public final class AdvisoryImport {
  /** Largest download (a whole PyPI export zip is far smaller). */
  static final long MAX_DOWNLOAD_BYTES = 512L << 20;
  /** Most bytes inflated from zips in one import, summed while reading (never trusting the sizes a zip declares). */
  static final long MAX_INFLATED_BYTES = 1L << 30;
  /** Most .json documents read in one import, whatever their package (PyPI's export holds about 20,000). */
  static final int MAX_DOCUMENTS_READ = 100_000;

  /** What an import did. */
  public record Result(int read, int kept, int added, int updated, int notNewer, String dataDate, Path store) {}

  private final Duration timeout;
  /** The kept vllm documents by id (the newest of each). */
  private final Map<String, StoreWriter.Incoming> documents = new LinkedHashMap<>();
  private final Map<String, String> idsByFold = new HashMap<>();
  private int read;
  private long inflated;
  private long keptBytes;

  public AdvisoryImport(Duration timeout) {
    this.timeout = timeout;
  }

  public Result run(String from, Path store) {
    Path target = StoreWriter.checkPath(store);
    if (from.startsWith("http://") || from.startsWith("https://")) {
      Download.Fetched download = Download.fetch(from, MAX_DOWNLOAD_BYTES, timeout);
      try {
        fromDownload(Download.display(from), download);
      } finally {
        deleteQuietly(download.file());
      }
    } else {
      fromLocal(from);
    }
    return new StoreWriter(target).commit(List.copyOf(documents.values()), read, Download.display(from));
  }

  private void fromLocal(String from) {
    Path p = Path.of(from);
    if (Files.isDirectory(p)) {
      List<Path> files;
      try (Stream<Path> all = Files.walk(p)) {
        files = all.filter(Files::isRegularFile).filter(f -> name(f).endsWith(".json") || name(f).endsWith(".zip")).sorted().toList();
      } catch (IOException e) {
        throw ImportFailure.input(from + ": cannot read the directory (" + e.getMessage() + ")");
      }
      for (Path f : files) fromFile(f);
    } else if (Files.exists(p)) {
      fromFile(p);
    } else {
      throw ImportFailure.input(from + ": no such file or directory");
    }
  }

  private void fromFile(Path f) {
    if (!Files.isRegularFile(f)) throw ImportFailure.input(f + ": not a regular file (give a .json, a .zip or a directory)");
    if (name(f).endsWith(".zip") || startsWithZipMagic(f)) {
      fromZip(f.toString(), f, false);
    } else if (name(f).endsWith(".json")) {
      try {
        add(f.toString(), AdvisoryStore.readBounded(f, AdvisoryStore.MAX_DOCUMENT_BYTES));
      } catch (IOException e) {
        throw ImportFailure.input(f + ": " + e.getMessage());
      }
    } else {
      throw ImportFailure.input(f + ": not a .json OSV document nor an OSV .zip export");
    }
  }

  private void fromDownload(String url, Download.Fetched download) {
    Path file = download.file();
    byte[] head = head(file, 64);
    if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
      fromZip(url, file, true);
      return;
    }
    String text = new String(head, StandardCharsets.UTF_8).stripLeading();
    if (!text.startsWith("{")) {
      throw ImportFailure.remote(url + ": not OSV JSON nor a zip (content type " + download.contentType()
          + ", first bytes '" + SafeText.of(text, 40) + "'); nothing was stored");
    }
    try {
      add(url, AdvisoryStore.readBounded(file, AdvisoryStore.MAX_DOCUMENT_BYTES));
    } catch (IOException e) {
      throw ImportFailure.remote(url + ": " + e.getMessage());
    }
  }

  /** Entries are inflated one at a time and at most one document's limit each: a zip bomb stops at the first MiB. */
  private void fromZip(String name, Path file, boolean remote) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory() || !e.getName().endsWith(".json")) continue;
        String doc = name + "!" + e.getName();
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
          bytes = in.readNBytes(AdvisoryStore.MAX_DOCUMENT_BYTES + 1);
        }
        inflated += bytes.length;
        if (bytes.length > AdvisoryStore.MAX_DOCUMENT_BYTES) {
          throw ImportFailure.input(doc + ": too large (more than " + AdvisoryStore.describe(AdvisoryStore.MAX_DOCUMENT_BYTES)
              + ", the limit for one OSV document); nothing was stored");
        }
        if (inflated > MAX_INFLATED_BYTES) {
          throw ImportFailure.input(name + ": too large (more than " + AdvisoryStore.describe(MAX_INFLATED_BYTES)
              + " of documents once inflated); nothing was stored");
        }
        add(doc, bytes);
      }
    } catch (ZipException e) {
      String why = name + ": not a zip (" + e.getMessage() + ")";
      throw remote ? ImportFailure.remote(why) : ImportFailure.input(why);
    } catch (IOException e) {
      throw ImportFailure.input(name + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private void add(String name, byte[] bytes) {
    if (++read > MAX_DOCUMENTS_READ) {
      throw ImportFailure.input(name + ": too many documents (more than " + MAX_DOCUMENTS_READ + " in one import); nothing was stored");
    }
    Advisory a;
    try {
      a = OsvReader.read(bytes);
    } catch (IllegalArgumentException e) {
      throw ImportFailure.input(name + ": " + e.getMessage() + "; nothing was stored");
    }
    if (a == null) return;
    if (!AdvisoryStore.SAFE_ID.matcher(a.id()).matches()) {
      throw ImportFailure.input(name + ": id '" + SafeText.of(a.id(), 60) + "' cannot be stored"
          + " (an id is stored as its file name: letters, digits, '.', '_' and '-', at most 128); nothing was stored");
    }
    // Ids that differ only in case would be one file on a case-insensitive file system.
    String other = idsByFold.putIfAbsent(a.id().toLowerCase(Locale.ROOT), a.id());
    if (other != null && !other.equals(a.id())) {
      throw ImportFailure.input(name + ": ids '" + other + "' and '" + a.id() + "' differ only in case; nothing was stored");
    }
    StoreWriter.Incoming had = documents.get(a.id());
    if (had != null && !a.modifiedAt().isAfter(had.advisory().modifiedAt())) return;
    keptBytes += bytes.length - (had == null ? 0 : had.bytes().length);
    documents.put(a.id(), new StoreWriter.Incoming(a, bytes));
    if (documents.size() > AdvisoryStore.MAX_DOCUMENTS) {
      throw ImportFailure.input(name + ": too many vllm advisories (more than " + AdvisoryStore.MAX_DOCUMENTS
          + " in one import); nothing was stored");
    }
    if (keptBytes > AdvisoryStore.MAX_STORE_BYTES) {
      throw ImportFailure.input(name + ": too large (the vllm advisories of this import exceed "
          + AdvisoryStore.describe(AdvisoryStore.MAX_STORE_BYTES) + "); nothing was stored");
    }
  }

  private static String name(Path f) {
    return f.getFileName() == null ? "" : f.getFileName().toString().toLowerCase(Locale.ROOT);
  }

  private static boolean startsWithZipMagic(Path f) {
    byte[] h = head(f, 2);
    return h.length == 2 && h[0] == 'P' && h[1] == 'K';
  }

  private static byte[] head(Path f, int n) {
    try (InputStream in = Files.newInputStream(f)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw ImportFailure.input(f + ": cannot read (" + e.getMessage() + ")");
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temporary file; the OS cleans its temp directory
    }
  }
}

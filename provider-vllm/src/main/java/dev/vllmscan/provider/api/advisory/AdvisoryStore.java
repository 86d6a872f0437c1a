package dev.vllmscan.provider.api.advisory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The user's advisory store on disk, as {@code vllmscan advisories update} writes it and the scanner reads it:
 * <pre>
 * STORE/current            one line: the name of the committed generation (replaced by one atomic rename)
 * STORE/gen-NAME/*.json    that generation's OSV documents, one per advisory id ({@code ID.json})
 * STORE/gen-NAME/store.properties   when it was imported and from what
 * </pre>
 * A generation not named by {@code current} was never committed (an import that died) and may be deleted. A store
 * written before this layout (the documents directly in STORE, or in STORE.old after an interrupted swap) is still
 * read, and the next import moves it into a generation. The limits bound what a scan loads, whatever wrote the store.
 */
public final class AdvisoryStore {
  public static final String POINTER = "current";
  public static final String GENERATION_PREFIX = "gen-";
  public static final String INFO = "store.properties";
  /** Largest OSV document read (the bundled ones are about 2 KiB). */
  public static final int MAX_DOCUMENT_BYTES = 1 << 20;
  /** Most documents in one store or one import (the bundled set holds 98). */
  public static final int MAX_DOCUMENTS = 10_000;
  /** Largest sum of the stored documents a scan loads. */
  public static final long MAX_STORE_BYTES = 64L << 20;
  /** The ids that are also file names, one to one: OSV ids are letters, digits, '.', '_' and '-'. */
  public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern GENERATION = Pattern.compile(Pattern.quote(GENERATION_PREFIX) + "[A-Za-z0-9._-]{1,100}");

  private AdvisoryStore() {}

  /** A store that exists but cannot be used; the message names the file and the reason in one line. */
  public static final class Unreadable extends RuntimeException {
    public Unreadable(String message) {
      super(message);
    }
  }

  /** What a store holds: the vllm advisories, when they were imported and from what (null when not recorded). */
  public record Contents(Path dir, List<Advisory> advisories, String imported, String source) {}

  /** The directory whose documents are the store, or null when there is no store at all. */
  public static Path committed(Path store) {
    Path pointer = store.resolve(POINTER);
    if (Files.isRegularFile(pointer)) {
      String name;
      try {
        name = new String(readBounded(pointer, 256), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new Unreadable(pointer + ": " + e.getMessage());
      }
      if (!GENERATION.matcher(name).matches()) throw new Unreadable(pointer + " does not name a generation ('" + name + "')");
      Path dir = store.resolve(name);
      if (!Files.isDirectory(dir)) throw new Unreadable(pointer + " names " + dir + ", which is missing");
      return dir;
    }
    if (hasDocuments(store)) return store;
    Path old = store.resolveSibling(store.getFileName() + ".old");
    if (hasDocuments(old)) return old;
    return null;
  }

  /** The store's advisories, or null when there is none; {@link Unreadable} when it exists but is broken or too large. */
  public static Contents read(Path store) {
    Path dir = committed(store);
    return dir == null ? null : readGeneration(dir);
  }

  /** One directory of documents (a committed generation, or one about to be), within the limits. */
  public static Contents readGeneration(Path dir) {
    List<Path> files;
    try (Stream<Path> all = Files.list(dir)) {
      files = all.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().limit(MAX_DOCUMENTS + 1L).toList();
    } catch (IOException e) {
      throw new Unreadable(dir + ": " + e.getMessage());
    }
    if (files.size() > MAX_DOCUMENTS) throw new Unreadable(dir + " holds more than " + MAX_DOCUMENTS + " documents");
    List<Advisory> out = new ArrayList<>();
    long total = 0;
    for (Path f : files) {
      try {
        byte[] doc = readBounded(f, MAX_DOCUMENT_BYTES);
        total += doc.length;
        if (total > MAX_STORE_BYTES) throw new Unreadable(dir + " is larger than " + (MAX_STORE_BYTES >> 20) + " MiB");
        Advisory a = OsvReader.read(doc);
        if (a != null) out.add(a);
      } catch (IOException | IllegalArgumentException e) {
        throw new Unreadable(f + ": " + e.getMessage());
      }
    }
    Properties info = new Properties();
    Path infoFile = dir.resolve(INFO);
    if (Files.isRegularFile(infoFile)) {
      try (InputStream in = Files.newInputStream(infoFile)) {
        info.load(in);
      } catch (IOException | IllegalArgumentException e) {
        throw new Unreadable(infoFile + ": " + e.getMessage());
      }
    }
    return new Contents(dir, out, info.getProperty("imported"), info.getProperty("source"));
  }

  /** The file an advisory id is stored in; ids that are not {@link #SAFE_ID} are refused by the import. */
  public static String fileName(String id) {
    if (!SAFE_ID.matcher(id).matches()) throw new IllegalArgumentException("id '" + id + "' cannot name a file");
    return id + ".json";
  }

  /** When a generation was committed, as recorded in its info file (RFC 3339). */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** At most {@code max} bytes of a file; a larger one (or one that grows while read, e.g. a fifo) is refused. */
  public static byte[] readBounded(Path f, int max) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) throw new IOException("too large (more than " + describe(max) + ", the limit for one document)");
      return b;
    }
  }

  public static String describe(long bytes) {
    return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }

  private static boolean hasDocuments(Path dir) {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> all = Files.list(dir)) {
      return all.anyMatch(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p));
    } catch (IOException e) {
      return false;
    }
  }
}

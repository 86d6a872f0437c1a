package dev.vllmscan.launcher.advisories;

import dev.vllmscan.provider.api.advisory.Advisory;
import dev.vllmscan.provider.api.advisory.AdvisoryStore;
import dev.vllmscan.provider.api.advisory.OsvReader;
import java.io.ByteArrayOutputStream;
import java.io.IOError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Commits an import to the store (layout in {@link AdvisoryStore}): the merged documents go into a new generation
 * directory, which becomes the store by one atomic rename of the pointer file. Until that rename the committed
 * generation is untouched; after it, the old one is only garbage. A store left by an import that died (an orphan
 * generation, a temporary pointer, the documents of the older flat layout, a {@code STORE.old} from an interrupted
 * swap of earlier versions) is repaired by the next import: what was committed is carried over, the rest removed.
 */
final class StoreWriter {
  /** A document to lay over the store. */
  record Incoming(Advisory advisory, byte[] bytes) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path store;

  StoreWriter(Path store) {
    this.store = store;
  }

  /** The store's absolute path, refused (exit 2, in words) when it cannot be a store: "/", a file, a foreign directory. */
  static Path checkPath(Path given) {
    Path abs;
    try {
      abs = given.toAbsolutePath().normalize();
    } catch (InvalidPathException | IOError e) {
      throw ImportFailure.input("store path invalid: " + given + " (" + e.getMessage() + ")");
    }
    if (abs.getParent() == null) {
      throw ImportFailure.input("store path invalid: " + abs + " (a store needs a directory of its own, e.g. "
          + "~/.local/share/vllmscan/advisories)");
    }
    if (Files.exists(abs) && !Files.isDirectory(abs)) throw ImportFailure.input("store path invalid: " + abs + " is a file");
    if (Files.isDirectory(abs)) {
      try (Stream<Path> all = Files.list(abs)) {
        Path foreign = all.filter(p -> !ours(p.getFileName().toString())).findFirst().orElse(null);
        if (foreign != null) {
          throw ImportFailure.input("store path invalid: " + abs + " holds files that are not an advisory store (e.g. "
              + foreign.getFileName() + "); give a new or empty directory");
        }
      } catch (IOException e) {
        throw ImportFailure.input("store path invalid: " + abs + " cannot be listed (" + e.getMessage() + ")");
      }
    }
    return abs;
  }

  private static boolean ours(String name) {
    return name.equals(AdvisoryStore.POINTER) || name.startsWith(AdvisoryStore.POINTER + ".tmp-")
        || name.startsWith(AdvisoryStore.GENERATION_PREFIX) || name.endsWith(".json");
  }

  AdvisoryImport.Result commit(List<Incoming> incoming, int read, String source) {
    try {
      Files.createDirectories(store);
    } catch (IOException e) {
      throw ImportFailure.input("store path invalid: cannot create " + store + " (" + e.getMessage() + ")");
    }
    Path committed;
    try {
      committed = AdvisoryStore.committed(store);
    } catch (AdvisoryStore.Unreadable e) {
      throw ImportFailure.input("the store " + store + " is damaged (" + e.getMessage() + "); move it away and import again");
    }
    removeUncommitted(committed);
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, Advisory> byId = new LinkedHashMap<>();
    if (committed != null) carryOver(committed, files, byId);
    int added = 0;
    int updated = 0;
    int notNewer = 0;
    for (Incoming in : incoming) {
      Advisory had = byId.get(in.advisory().id());
      if (had != null && !in.advisory().modifiedAt().isAfter(had.modifiedAt())) {
        notNewer++;
        continue;
      }
      if (had == null) added++;
      else updated++;
      byId.put(in.advisory().id(), in.advisory());
      files.put(AdvisoryStore.fileName(in.advisory().id()), in.bytes());
    }
    Path generation = writeGeneration(files, source);
    AdvisoryStore.Contents check;
    try {
      check = AdvisoryStore.readGeneration(generation);
    } catch (AdvisoryStore.Unreadable e) {
      deleteTree(generation);
      throw ImportFailure.input("the merged store does not read back (" + e.getMessage() + "); nothing was stored");
    }
    swapPointer(generation);
    // Committed: the rest is garbage, and a failure to remove it only leaves work for the next import.
    removeUncommitted(generation);
    if (committed != null && !committed.startsWith(store)) deleteTree(committed);
    String date = check.advisories().stream().max(Comparator.comparing(Advisory::modifiedAt)).map(Advisory::modified).orElse("none");
    return new AdvisoryImport.Result(read, incoming.size(), added, updated, notNewer, date, store);
  }

  /** The documents of the committed generation (or of an older layout), under the file names they will keep. */
  private static void carryOver(Path committed, Map<String, byte[]> files, Map<String, Advisory> byId) {
    try (Stream<Path> all = Files.list(committed)) {
      for (Path f : all.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        byte[] bytes = AdvisoryStore.readBounded(f, AdvisoryStore.MAX_DOCUMENT_BYTES);
        Advisory a = OsvReader.read(bytes);
        if (a == null) continue;
        // Earlier versions wrote ids through a lossy mapping; such a file keeps its name rather than being dropped.
        String name = AdvisoryStore.SAFE_ID.matcher(a.id()).matches() ? AdvisoryStore.fileName(a.id()) : f.getFileName().toString();
        files.put(name, bytes);
        byId.put(a.id(), a);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw ImportFailure.input("the store " + committed + " cannot be read (" + e.getMessage() + "); move it away and import again");
    }
  }

  private Path writeGeneration(Map<String, byte[]> files, String source) {
    String name = AdvisoryStore.GENERATION_PREFIX + AdvisoryStore.now().replace(":", "") + "-" + HexFormat.of().formatHex(random(4));
    Path generation = store.resolve(name);
    try {
      Files.createDirectory(generation);
      for (Map.Entry<String, byte[]> f : files.entrySet()) writeDurably(generation.resolve(f.getKey()), f.getValue());
      Properties info = new Properties();
      info.setProperty("imported", AdvisoryStore.now());
      info.setProperty("source", source);
      info.setProperty("documents", String.valueOf(files.size()));
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      info.store(text, "written by vllmscan advisories update");
      writeDurably(generation.resolve(AdvisoryStore.INFO), text.toByteArray());
      syncDirectory(generation);
    } catch (IOException e) {
      deleteTree(generation);
      throw ImportFailure.input("cannot write the store " + store + " (" + e.getMessage() + "); nothing was stored");
    }
    return generation;
  }

  /** The one step that changes what the store is: rename(2) of a new pointer over the old one. */
  private void swapPointer(Path generation) {
    Path pointer = store.resolve(AdvisoryStore.POINTER);
    Path next = store.resolve(AdvisoryStore.POINTER + ".tmp-" + HexFormat.of().formatHex(random(4)));
    try {
      writeDurably(next, (generation.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
      Files.move(next, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(store);
    } catch (IOException e) {
      deleteTree(next);
      deleteTree(generation);
      throw ImportFailure.input("cannot commit the store " + store + " (" + e.getMessage() + "); it is as it was");
    }
  }

  /** Everything in the store but the committed generation: orphans of imports that died, flat-layout documents. */
  private void removeUncommitted(Path keep) {
    if (keep != null && keep.equals(store)) return; // the flat layout is the store until a generation replaces it
    try (Stream<Path> all = Files.list(store)) {
      for (Path p : all.toList()) {
        String n = p.getFileName().toString();
        if (p.equals(keep) || n.equals(AdvisoryStore.POINTER)) continue;
        if (keep == null && n.endsWith(".json")) continue;
        if (ours(n)) deleteTree(p);
      }
    } catch (IOException e) {
      // left for the next import
    }
  }

  private static void writeDurably(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(ch)) {
      out.write(bytes);
      out.flush();
      ch.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every file system lets a directory be synced; the rename is still atomic
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> all = Files.walk(p)) {
      for (Path x : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    } catch (IOException | UncheckedIOException e) {
      // left for the next import
    }
  }
}

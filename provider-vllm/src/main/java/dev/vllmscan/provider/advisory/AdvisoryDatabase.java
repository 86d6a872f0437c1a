package dev.vllmscan.provider.advisory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The advisories the scanner matches against: the OSV documents bundled in the provider, or those stored by
 * {@code vllmscan advisories update} in the user's data directory when they are newer.
 */
public final class AdvisoryDatabase {
  private static final String BUNDLED_INDEX = "/advisories/index.txt";
  private static volatile AdvisoryDatabase current;

  private final List<Advisory> advisories;
  private final String origin;

  public AdvisoryDatabase(List<Advisory> advisories, String origin) {
    this.advisories = List.copyOf(advisories);
    this.origin = origin;
  }

  public List<Advisory> advisories() {
    return advisories;
  }

  /** Where the data came from ("bundled" or a directory). */
  public String origin() {
    return origin;
  }

  /** The newest modification date among the advisories (the data's date). */
  public String dataDate() {
    return advisories.stream().map(Advisory::modified).max(Comparator.naturalOrder()).orElse("none");
  }

  /** The user's store: $XDG_DATA_HOME/vllmscan/advisories, else ~/.local/share/vllmscan/advisories. */
  public static Path userStore() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("vllmscan").resolve("advisories");
  }

  private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Reads the advisories on a background thread, once per process: a scan starts it while its probes are on the
   * network, so the first advisory read (about 100 OSV documents to parse) does not wait for it afterwards.
   */
  public static void warmInBackground() {
    if (current != null || !WARMING.compareAndSet(false, true)) return;
    Thread t = new Thread(() -> {
      try {
        current();
      } catch (RuntimeException e) {
        // the read that needs the advisories loads them again and reports the failure
      }
    }, "advisories-warm");
    t.setDaemon(true);
    t.start();
  }

  /** The bundled set, or the user's store when it holds newer data. */
  public static synchronized AdvisoryDatabase current() {
    if (current == null) {
      AdvisoryDatabase bundled = bundled();
      AdvisoryDatabase user = Files.isDirectory(userStore()) ? readStore(userStore()) : null;
      current = user != null && !user.advisories.isEmpty() && user.dataDate().compareTo(bundled.dataDate()) > 0 ? user : bundled;
    }
    return current;
  }

  public static AdvisoryDatabase bundled() {
    List<Advisory> out = new ArrayList<>();
    try (InputStream index = AdvisoryDatabase.class.getResourceAsStream(BUNDLED_INDEX)) {
      if (index == null) throw new IllegalStateException(BUNDLED_INDEX + " missing from the provider jar");
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String id = line.trim();
        if (id.isEmpty() || id.startsWith("#")) continue;
        try (InputStream doc = AdvisoryDatabase.class.getResourceAsStream("/advisories/osv/" + id + ".json")) {
          if (doc == null) throw new IllegalStateException("bundled advisory " + id + " missing");
          Advisory a = OsvReader.read(doc.readAllBytes());
          if (a != null) out.add(a);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AdvisoryDatabase(out, "bundled");
  }

  /** Every *.json in a store directory; a store that cannot be read counts as absent. */
  public static AdvisoryDatabase readStore(Path dir) {
    List<Advisory> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        Advisory a = OsvReader.read(Files.readAllBytes(f));
        if (a != null) out.add(a);
      }
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    return new AdvisoryDatabase(out, dir.toString());
  }
}

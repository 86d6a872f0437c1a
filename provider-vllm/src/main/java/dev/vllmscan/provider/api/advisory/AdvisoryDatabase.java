package dev.vllmscan.provider.api.advisory;

import dev.vllmscan.sdk.plugin.Log;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The advisories the scanner matches against: the OSV documents bundled in the provider, with the user's store (from
 * {@code vllmscan advisories update}) laid over them by id. A stored document adds an advisory or replaces the bundled
 * one when its {@code modified} is newer; it removes one only by OSV's {@code withdrawn}. So an import never makes the
 * set silently smaller, and a store that cannot be read leaves the bundled set in force, said in one line.
 */
public final class AdvisoryDatabase {
  private static final String BUNDLED_INDEX = "/advisories/index.txt";
  public static final String BUNDLED = "bundled";
  private static volatile AdvisoryDatabase current;

  private final List<Advisory> advisories;
  private final String origin;
  private final Map<String, String> sources;
  private final List<String> withdrawn;
  private final AdvisoryStore.Contents store;
  private final String storeProblem;

  public AdvisoryDatabase(List<Advisory> advisories, String origin) {
    this(advisories, origin, Map.of(), List.of(), null, null);
  }

  private AdvisoryDatabase(List<Advisory> advisories, String origin, Map<String, String> sources, List<String> withdrawn,
      AdvisoryStore.Contents store, String storeProblem) {
    this.advisories = List.copyOf(advisories);
    this.origin = origin;
    this.sources = Map.copyOf(sources);
    this.withdrawn = List.copyOf(withdrawn);
    this.store = store;
    this.storeProblem = storeProblem;
  }

  public List<Advisory> advisories() {
    return advisories;
  }

  /** Where the data came from: "bundled", a store directory, or "bundled + STORE". */
  public String origin() {
    return origin;
  }

  /** Where one advisory came from: "bundled", "store" (added by it) or "store (newer than bundled)". */
  public String source(String id) {
    return sources.getOrDefault(id, origin);
  }

  /** Ids the store withdrew (OSV {@code withdrawn}): bundled advisories that no longer count, named rather than dropped. */
  public List<String> withdrawn() {
    return withdrawn;
  }

  /** The store laid over the bundled set, or null. */
  public AdvisoryStore.Contents store() {
    return store;
  }

  /** Why the user's store is not in use although it exists (one line), or null. */
  public String storeProblem() {
    return storeProblem;
  }

  /** The newest modification date among the advisories (the data's date). */
  public String dataDate() {
    return advisories.stream().max(Comparator.comparing(Advisory::modifiedAt)).map(Advisory::modified).orElse("none");
  }

  /** The user's store: $XDG_DATA_HOME/vllmscan/advisories, else ~/.local/share/vllmscan/advisories. */
  public static Path userStore() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("vllmscan").resolve("advisories");
  }

  private static final AtomicBoolean WARMING = new AtomicBoolean();

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

  /** The bundled set with the user's store over it, read once per process; a store that cannot be used is logged once. */
  public static synchronized AdvisoryDatabase current() {
    if (current == null) {
      current = load(userStore());
      if (current.storeProblem() != null) Log.warn(current.storeProblem());
    }
    return current;
  }

  /** The bundled set with {@code store} over it; a store that cannot be used leaves the bundled set, with the reason. */
  public static AdvisoryDatabase load(Path store) {
    AdvisoryDatabase bundled = bundled();
    try {
      AdvisoryStore.Contents contents = AdvisoryStore.read(store);
      return contents == null ? bundled : merge(bundled, contents);
    } catch (AdvisoryStore.Unreadable e) {
      return new AdvisoryDatabase(bundled.advisories, BUNDLED, Map.of(), List.of(), null,
          "advisory store not used, scanning with the " + bundled.advisories.size() + " bundled advisories: " + e.getMessage()
              + " (run `vllmscan advisories update` again, or remove " + store + ")");
    }
  }

  /** By id: a stored document adds, or replaces an older one; a withdrawn one removes (and is named as withdrawn). */
  static AdvisoryDatabase merge(AdvisoryDatabase bundled, AdvisoryStore.Contents store) {
    Map<String, Advisory> byId = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (Advisory a : bundled.advisories) {
      byId.put(a.id(), a);
      sources.put(a.id(), BUNDLED);
    }
    for (Advisory a : store.advisories()) {
      Advisory had = byId.get(a.id());
      if (had != null && !a.modifiedAt().isAfter(had.modifiedAt())) continue;
      byId.put(a.id(), a);
      sources.put(a.id(), had == null ? "store" : "store (newer than " + sources.get(a.id()) + ")");
    }
    List<Advisory> kept = new ArrayList<>();
    List<String> withdrawn = new ArrayList<>();
    for (Advisory a : byId.values()) {
      if (a.isWithdrawn()) withdrawn.add(a.id());
      else kept.add(a);
    }
    return new AdvisoryDatabase(kept, BUNDLED + " + " + store.dir(), sources, withdrawn, store, null);
  }

  public static AdvisoryDatabase bundled() {
    URL indexUrl = AdvisoryDatabase.class.getResource(BUNDLED_INDEX);
    if (indexUrl == null) throw new IllegalStateException(BUNDLED_INDEX + " missing from the provider jar");
    return new AdvisoryDatabase(readIndexed(indexUrl), "bundled");
  }

  /** The OSV documents an index names, one id a line, each read from {@code osv/<id>.json} beside the index. */
  static List<Advisory> readIndexed(URL indexUrl) {
    List<Advisory> out = new ArrayList<>();
    try (InputStream index = indexUrl.openStream()) {
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String id = line.trim();
        if (id.isEmpty() || id.startsWith("#")) continue;
        // Beside the index, in the same jar (or directory): a class-loader lookup per document first searched the
        // JDK's own modules for each name, a quarter of reading them (99 lookups per provider start).
        try (InputStream doc = openBeside(indexUrl, "osv/" + id + ".json")) {
          if (doc == null) throw new IllegalStateException("bundled advisory " + id + " missing");
          Advisory a = OsvReader.read(doc.readAllBytes());
          if (a != null) out.add(a);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static InputStream openBeside(URL base, String relative) throws IOException {
    try {
      return new URL(base, relative).openStream();
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /** A store on its own (for `advisories list --store`); {@link AdvisoryStore.Unreadable} when it cannot be read. */
  public static AdvisoryDatabase readStore(Path store) {
    AdvisoryStore.Contents contents = AdvisoryStore.read(store);
    if (contents == null) throw new AdvisoryStore.Unreadable(store + " holds no advisory store");
    List<Advisory> kept = contents.advisories().stream().filter(a -> !a.isWithdrawn()).toList();
    List<String> withdrawn = contents.advisories().stream().filter(Advisory::isWithdrawn).map(Advisory::id).toList();
    Map<String, String> sources = new LinkedHashMap<>();
    kept.forEach(a -> sources.put(a.id(), "store"));
    return new AdvisoryDatabase(kept, contents.dir().toString(), sources, withdrawn, contents, null);
  }
}

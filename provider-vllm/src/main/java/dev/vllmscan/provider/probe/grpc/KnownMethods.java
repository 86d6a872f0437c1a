package dev.vllmscan.provider.probe.grpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * vLLM's engine methods as observed ({@code catalogue/grpc-methods.tsv}): the one list of them. Its read-only rows
 * are what {@link GrpcAllowList} lets through; all rows are the fallback names when reflection is off.
 */
public final class KnownMethods {
  static final String CATALOGUE = "/catalogue/grpc-methods.tsv";
  static final String READ_ONLY = "read-only";
  /** Every kind a row may have; anything else (a typo included) stops the provider rather than guessing. */
  static final Set<String> KINDS = Set.of(READ_ONLY, "state-changing", "stream");
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

  public record Method(String name, String kind, String what) {
    public boolean readOnly() {
      return kind.equals(READ_ONLY);
    }
  }

  private static final List<Method> ALL = load();

  private KnownMethods() {}

  public static List<Method> all() {
    return ALL;
  }

  private static List<Method> load() {
    try (InputStream in = KnownMethods.class.getResourceAsStream(CATALOGUE)) {
      if (in == null) throw new IllegalStateException("catalogue/grpc-methods.tsv missing from the provider jar");
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rows of a catalogue. Strict, because the allow-list is built from it: a row must have a method name, a
   * known kind and a description, and no method may be listed twice (a second row could not quietly re-kind it).
   */
  static List<Method> parse(BufferedReader r) throws IOException {
    List<Method> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String line; (line = r.readLine()) != null; ) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t");
      if (f.length != 3) throw new IllegalStateException("bad row in grpc-methods.tsv (want method, kind, what): " + line);
      if (!NAME.matcher(f[0]).matches()) throw new IllegalStateException("bad method name in grpc-methods.tsv: " + f[0]);
      if (!KINDS.contains(f[1])) throw new IllegalStateException("unknown kind in grpc-methods.tsv: " + f[1] + " (want one of " + KINDS + ")");
      if (!names.add(f[0])) throw new IllegalStateException("method listed twice in grpc-methods.tsv: " + f[0]);
      out.add(new Method(f[0], f[1], f[2]));
    }
    return List.copyOf(out);
  }
}

package dev.vllmscan.provider.probe.grpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** vLLM's engine methods as observed ({@code catalogue/grpc-methods.tsv}): the fallback when reflection is off. */
public final class KnownMethods {
  public record Method(String name, String kind, String what) {
    public boolean readOnly() {
      return kind.equals("read-only");
    }
  }

  private static final List<Method> ALL = load();

  private KnownMethods() {}

  public static List<Method> all() {
    return ALL;
  }

  private static List<Method> load() {
    try (InputStream in = KnownMethods.class.getResourceAsStream("/catalogue/grpc-methods.tsv")) {
      if (in == null) throw new IllegalStateException("catalogue/grpc-methods.tsv missing from the provider jar");
      List<Method> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t");
        if (f.length != 3) throw new IllegalStateException("bad row in grpc-methods.tsv: " + line);
        out.add(new Method(f[0], f[1], f[2]));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

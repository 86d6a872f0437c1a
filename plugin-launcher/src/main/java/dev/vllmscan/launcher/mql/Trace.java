package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.ResourceRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one check's evaluation looked at, for its evidence: the fields it read at the top level (with their
 * values) and the list elements that made a quantifier fail. Reads inside predicates are not recorded; the
 * elements they judged are.
 */
public final class Trace {
  public record FieldRead(ResourceRef ref, String field, Object value) {}

  private final List<FieldRead> reads = Collections.synchronizedList(new ArrayList<>());
  private final List<Object> offending = Collections.synchronizedList(new ArrayList<>());

  void read(ResourceRef ref, String field, Object value) {
    if (value instanceof ResourceRef) return;
    if (value instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof ResourceRef) return;
    synchronized (reads) {
      for (FieldRead r : reads) {
        if (r.ref().equals(ref) && r.field().equals(field)) return;
      }
      reads.add(new FieldRead(ref, field, value));
    }
  }

  void offending(List<?> elements) {
    offending.addAll(elements);
  }

  public List<FieldRead> reads() {
    synchronized (reads) {
      return List.copyOf(reads);
    }
  }

  public List<Object> offending() {
    synchronized (offending) {
      return new ArrayList<>(offending);
    }
  }
}

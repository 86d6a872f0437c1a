package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The field reads of one evaluation run: each (resource, id, field) read at most once, reads that start together
 * sent together (one round trip where the source batches), and a list's elements read as soon as the list arrives.
 * Shared by the executors of checks evaluated side by side.
 */
final class FieldReads {
  private final Schema schema;
  private final DataSource data;
  /** The future of each read's value, or of the QueryError it ended in. */
  // Keyed by the read itself: a key string joined from resource, id and field was a tenth of a fleet's launcher
  // allocation (~650 reads per target, each looked up several times).
  private final Map<DataSource.FieldRead, CompletableFuture<Object>> memo = new ConcurrentHashMap<>();
  /** Names the queries use inside blocks and predicates: the element fields to read early. */
  private final Set<String> elementFields = ConcurrentHashMap.newKeySet();
  /** Fields read early with every prefetched resource and list element that has them. */
  private final Set<String> companions = ConcurrentHashMap.newKeySet();
  private static final Object NULL = new Object();

  FieldReads(Schema schema, DataSource data) {
    this.schema = schema;
    this.data = data;
  }

  DataSource source() {
    return data;
  }

  void elementField(String name) {
    elementFields.add(name);
  }

  void companion(String field) {
    companions.add(field);
  }

  /** The fields to read for a resource: those asked for, plus the companions it has. */
  Set<String> withCompanions(String resource, Set<String> names) {
    Resource r = schema.resource(resource);
    for (String f : companions) if (r != null && r.field(f) != null) names.add(f);
    return names;
  }

  /** A field's value, waiting for it; a provider field error is thrown as the QueryError it is. */
  Object value(ResourceRef ref, String name) {
    Object v = Executor.join(read(ref, name));
    return v == NULL ? null : v;
  }

  /** The memoised read of one field, started now if nobody asked for it before. */
  CompletableFuture<Object> read(ResourceRef ref, String name) {
    DataSource.FieldRead read = new DataSource.FieldRead(ref, name);
    readAll(List.of(read));
    return memo.get(read);
  }

  /** Starts the reads nobody asked for before, together (one round trip where the source can batch). */
  void readAll(List<DataSource.FieldRead> reads) {
    List<DataSource.FieldRead> fresh = new ArrayList<>();
    List<CompletableFuture<Object>> mine = new ArrayList<>();
    for (DataSource.FieldRead r : reads) {
      CompletableFuture<Object> slot = new CompletableFuture<>();
      if (memo.putIfAbsent(r, slot) == null) {
        fresh.add(r);
        mine.add(slot);
      }
    }
    if (fresh.isEmpty()) return;
    List<CompletableFuture<Object>> answers = fresh.size() == 1
        ? List.of(data.fieldAsync(fresh.get(0).ref(), fresh.get(0).field())) : data.fieldsAsync(fresh);
    for (int i = 0; i < fresh.size(); i++) {
      CompletableFuture<Object> slot = mine.get(i);
      answers.get(i).whenComplete((v, err) -> {
        if (err == null) {
          slot.complete(v == null ? NULL : v);
          if (v instanceof List<?> list && !elementFields.isEmpty()) prefetchElements(list);
        } else {
          slot.completeExceptionally(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
        }
      });
    }
  }

  /**
   * A list of resources just arrived: start reading, all at once, every field of its elements that the queries
   * name (and the companions), instead of one round trip per element as each predicate reaches it. Errors wait in
   * the memo for the check that reads them.
   */
  private void prefetchElements(List<?> list) {
    if (list.isEmpty() || !(list.get(0) instanceof ResourceRef first)) return;
    Resource r = schema.resource(first.name());
    if (r == null) return;
    List<String> wanted = new ArrayList<>();
    for (String f : elementFields) if (r.field(f) != null) wanted.add(f);
    for (String f : companions) if (r.field(f) != null && !wanted.contains(f)) wanted.add(f);
    List<DataSource.FieldRead> reads = new ArrayList<>();
    for (Object el : list) {
      if (el instanceof ResourceRef ref) for (String f : wanted) reads.add(new DataSource.FieldRead(ref, f));
    }
    readAll(reads);
  }

  /** These reads as a data source: memoised and batched, so other readers (the report writer) share them. */
  DataSource asSource() {
    return new DataSource() {
      @Override
      public ResourceRef create(String resource, Map<String, Object> args) {
        return data.create(resource, args);
      }

      @Override
      public Object field(ResourceRef ref, String field) {
        return value(ref, field);
      }

      @Override
      public CompletableFuture<Object> fieldAsync(ResourceRef ref, String field) {
        return read(ref, field).thenApply(v -> v == NULL ? null : v);
      }

      @Override
      public List<CompletableFuture<Object>> fieldsAsync(List<FieldRead> reads) {
        readAll(reads);
        return reads.stream().map(r -> memo.get(r).thenApply(v -> v == NULL ? null : v)).toList();
      }

      @Override
      public Map<String, Object> asset() {
        return data.asset();
      }
    };
  }
}

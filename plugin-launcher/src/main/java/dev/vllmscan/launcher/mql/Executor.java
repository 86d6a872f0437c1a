package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.regex.Pattern;
import dev.vllmscan.llx.Dict;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Evaluates a checked query lazily: only the fields the query names are fetched, each at most once per
 * run; elements of a list are evaluated concurrently. Field errors become {@link QueryError}s.
 */
public final class Executor implements AutoCloseable {
  private final Schema schema;
  private final DataSource data;
  /** The run's field reads (memoised, batched), shared with sibling executors. */
  private final FieldReads reads;
  /** Eight of the process's evaluation threads at a time for this run (and its siblings). */
  private final Lane pool;
  /** The executor that made the lane (and closes it); siblings share it. */
  private final boolean root;

  public Executor(Schema schema, DataSource data) {
    this(schema, new FieldReads(schema, data), new Lane(8), true);
  }

  private Executor(Schema schema, FieldReads reads, Lane pool, boolean root) {
    this.schema = schema;
    this.data = reads.source();
    this.reads = reads;
    this.pool = pool;
    this.root = root;
  }

  /**
   * An executor for another query evaluated at the same time: the same reads (memo, batches, prefetch hints) and
   * threads, its own trace and budget.
   */
  public Executor sibling() {
    return new Executor(schema, reads, pool, false);
  }

  /** Runs work on the evaluation threads; work started there evaluates its own list elements inline. */
  public <T> CompletableFuture<T> submit(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, pool::execute);
  }

  private volatile Trace trace;

  /**
   * Work one query may do: evaluation steps, and wall time (--query-timeout). Four nested where() over the routes
   * would otherwise run for minutes; past either budget the query ends in error with the reason.
   */
  public static final long MAX_STEPS = 2_000_000;
  private static volatile Duration timeBudget = Duration.ofSeconds(60);
  private final AtomicLong steps = new AtomicLong();
  private volatile long deadlineNanos;

  public static void timeBudget(Duration d) {
    timeBudget = d;
  }

  private void startBudget() {
    steps.set(0);
    deadlineNanos = System.nanoTime() + timeBudget.toNanos();
  }

  private void step() {
    long n = steps.incrementAndGet();
    if (n > MAX_STEPS) throw new QueryError("the query did more than " + MAX_STEPS + " evaluation steps; narrow it (e.g. fewer nested where())");
    if ((n & 1023) == 0 && System.nanoTime() > deadlineNanos) {
      throw new QueryError("the query ran longer than its " + timeBudget.toSeconds() + " s budget (--query-timeout)");
    }
  }

  /**
   * Starts reading, concurrently and without waiting, every resource field the expressions name by path
   * ({@code vllm.server.docsExposed}): a policy's field reads then overlap instead of queueing one round trip at a time.
   */
  public void prefetch(List<Expr> exprs) {
    Map<String, Set<String>> byResource = new LinkedHashMap<>();
    for (Expr e : exprs) collect(e, byResource);
    if (byResource.isEmpty()) return;
    // The resources in one round trip, then all their fields in one more: a round trip each for every resource and
    // its fields was a quarter of a fleet target's gRPC calls.
    CompletableFuture.runAsync(() -> {
      try {
        List<DataSource.FieldRead> all = new ArrayList<>();
        data.createAll(new ArrayList<>(byResource.keySet())).forEach((target, ref) -> {
          for (String n : reads.withCompanions(target, byResource.get(target))) all.add(new DataSource.FieldRead(ref, n));
        });
        reads.readAll(all);
      } catch (RuntimeException ignored) {
        // the check that reads it reports the error
      }
    }, pool::execute);
  }

  private void collect(Expr e, Map<String, Set<String>> seen) {
    if (e instanceof Expr.Ident id) reads.elementField(id.name());
    if (e instanceof Expr.Member m) {
      if (!m.call()) reads.elementField(m.name());
      String target = Checker.path(m.target());
      Resource r = target == null ? null : schema.resource(target);
      if (!m.call() && r != null && !r.extension() && r.field(m.name()) != null) {
        seen.computeIfAbsent(target, t -> new LinkedHashSet<>()).add(m.name());
      }
      collect(m.target(), seen);
      for (Expr.Arg a : m.args()) collect(a.value(), seen);
    } else if (e instanceof Expr.Binary b) {
      collect(b.left(), seen);
      collect(b.right(), seen);
    } else if (e instanceof Expr.Unary u) {
      collect(u.operand(), seen);
    } else if (e instanceof Expr.Block b) {
      collect(b.target(), seen);
      for (Expr item : b.items()) collect(item, seen);
    } else if (e instanceof Expr.ListLit l) {
      for (Expr item : l.items()) collect(item, seen);
    }
  }

  /**
   * A field the caller will want beside whatever the queries read (the report writer's {@code evidence}): it goes in
   * the same batches as the prefetched fields of each resource and list element that has it.
   */
  public void alsoRead(String field) {
    reads.companion(field);
  }

  /** This executor's reads as a data source: memoised and batched, so other readers share its round trips. */
  public DataSource memoized() {
    return reads.asSource();
  }

  public Object eval(Expr e) {
    startBudget();
    return eval(e, null, false);
  }

  /** Evaluates one check, recording what it read and which elements failed it. */
  public Object eval(Expr e, Trace into) {
    trace = into;
    startBudget();
    try {
      return eval(e, null, false);
    } finally {
      trace = null;
    }
  }

  private void traceRead(boolean inScope, ResourceRef ref, String name, Object value) {
    Trace t = trace;
    if (t != null && !inScope) t.read(ref, name, value);
  }

  private void traceOffending(boolean inScope, List<?> elements) {
    Trace t = trace;
    if (t != null && !inScope) t.offending(elements);
  }

  /** A resource value that is the final result expands to its @defaults fields, as shells print it. */
  public Object evalForDisplay(Expr e) {
    Object v = eval(e);
    return expandDefaults(v);
  }

  private Object expandDefaults(Object v) {
    if (v instanceof ResourceRef ref) {
      Resource r = schema.resource(ref.name());
      Map<String, Object> out = new LinkedHashMap<>();
      if (r == null) return v;
      for (String f : r.defaultFields()) {
        try {
          out.put(f, field(ref, f));
        } catch (QueryError err) {
          out.put(f, new ErrorValue(err.getMessage()));
        }
      }
      return new Projection(ref.name(), out);
    }
    if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof ResourceRef) {
      return parallel(list, this::expandDefaults);
    }
    return v;
  }

  /** A block's result: the resource it came from and its fields in order. */
  public record Projection(String resource, Map<String, Object> fields) {}

  /** An error shown in place of a value inside a block. */
  public record ErrorValue(String message) {}

  private Object field(ResourceRef ref, String name) {
    if (ref.name().equals(Builtins.ASSET)) return data.asset().get(name);
    return reads.value(ref, name);
  }

  private Object eval(Expr e, Object scope, boolean inScope) {
    step();
    if (e instanceof Expr.Literal l) return l.value();
    if (e instanceof Expr.Regex r) return Pattern.compile(r.pattern());
    if (e instanceof Expr.ListLit list) {
      List<Object> out = new ArrayList<>();
      for (Expr i : list.items()) out.add(eval(i, scope, inScope));
      return out;
    }
    if (e instanceof Expr.Unary u) {
      Object v = eval(u.operand(), scope, inScope);
      return v instanceof Unknown ? v : !Semantics.truthy(v);
    }
    if (e instanceof Expr.Binary b) return binary(b, scope, inScope);
    if (e instanceof Expr.Block b) return block(b, scope, inScope);
    if (e instanceof Expr.Star) throw new QueryError("'*' only stands inside a block, e.g. vllm.server { * }");
    if (e instanceof Expr.Ident id) return ident(id, scope, inScope);
    return member((Expr.Member) e, scope, inScope);
  }

  private Object binary(Expr.Binary b, Object scope, boolean inScope) {
    Object left = eval(b.left(), scope, inScope);
    switch (b.op()) {
      case "&&": {
        if (left != null && !(left instanceof Unknown) && !Semantics.truthy(left)) return false;
        Object right = eval(b.right(), scope, inScope);
        // Kleene: a known false on either side decides; otherwise any unknown makes the whole unknown.
        if (right != null && !(right instanceof Unknown) && !Semantics.truthy(right)) return false;
        Unknown u = Unknown.merge(left, right);
        return u != null ? u : Semantics.combine(left, right);
      }
      case "||": {
        if (left != null && !(left instanceof Unknown) && Semantics.truthy(left)) return true;
        Object right = eval(b.right(), scope, inScope);
        if (right != null && !(right instanceof Unknown) && Semantics.truthy(right)) return true;
        Unknown u = Unknown.merge(left, right);
        return u != null ? u : Semantics.combine(left, right);
      }
      default:
        break;
    }
    Object right = eval(b.right(), scope, inScope);
    if ((b.op().equals("==") || b.op().equals("!=")) && (surelyNonEmpty(left, right) || surelyNonEmpty(right, left))) {
      return b.op().equals("!=");
    }
    Unknown u = Unknown.merge(left, right);
    if (u != null) return u;
    return switch (b.op()) {
      case "==" -> Semantics.equal(left, right);
      case "!=" -> !Semantics.equal(left, right);
      default -> Semantics.compare(b.op(), left, right);
    };
  }

  /** {@code list == empty} is decided by one sure member even when others are unsure. */
  private static boolean surelyNonEmpty(Object maybeList, Object other) {
    return other == Expr.Empty.EMPTY && maybeList instanceof MaybeList m && !m.sure().isEmpty();
  }

  private Object block(Expr.Block b, Object scope, boolean inScope) {
    Object target = eval(b.target(), scope, inScope);
    if (target == null || target instanceof Unknown) return target;
    if (target instanceof MaybeList m) {
      return new MaybeList(parallel(m.sure(), el -> project(b, el)), parallel(m.maybe(), el -> project(b, el)), m.why());
    }
    if (target instanceof List<?> list) {
      return parallel(list, el -> project(b, el));
    }
    return project(b, target);
  }

  private Projection project(Expr.Block b, Object element) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (int i = 0; i < b.items().size(); i++) {
      Expr item = b.items().get(i);
      if (item instanceof Expr.Star) {
        // { * }: every field of the element's resource, in schema order, each read on its own.
        Resource r = element instanceof ResourceRef ref ? schema.resource(ref.name()) : null;
        if (r == null) continue;
        for (String f : r.fields().keySet()) {
          labels.add(f);
          futures.add(fork(() -> {
            try {
              return field((ResourceRef) element, f);
            } catch (QueryError err) {
              return new ErrorValue(err.getMessage());
            }
          }));
        }
        continue;
      }
      labels.add(b.labels().get(i));
      futures.add(fork(() -> {
        try {
          return eval(item, element, true);
        } catch (QueryError err) {
          return new ErrorValue(err.getMessage());
        }
      }));
    }
    for (int i = 0; i < labels.size(); i++) {
      out.put(labels.get(i), join(futures.get(i)));
    }
    String name = element instanceof ResourceRef r ? r.name() : "";
    return new Projection(name, out);
  }

  private Object ident(Expr.Ident id, Object scope, boolean inScope) {
    if (inScope && scope instanceof ResourceRef ref && hasField(ref.name(), id.name())) {
      return field(ref, id.name());
    }
    if (inScope && id.name().equals("_")) return scope;
    if (id.name().equals(Builtins.ASSET)) return new ResourceRef(Builtins.ASSET, "asset");
    return data.create(id.name(), Map.of());
  }

  private boolean hasField(String resource, String field) {
    if (resource.equals(Builtins.ASSET)) return Builtins.ASSET_FIELDS.containsKey(field);
    Resource r = schema.resource(resource);
    return r != null && r.field(field) != null;
  }

  private Object member(Expr.Member m, Object scope, boolean inScope) {
    String targetPath = Checker.path(m.target());
    boolean targetIsScopeField = inScope && scope instanceof ResourceRef sr && m.target() instanceof Expr.Ident ti
        && hasField(sr.name(), ti.name());
    if (targetPath != null && !targetIsScopeField) {
      String full = targetPath + "." + m.name();
      Resource r = schema.resource(full);
      if (r != null && !r.extension()) {
        Map<String, Object> args = new LinkedHashMap<>();
        int i = 0;
        for (Expr.Arg a : m.args()) {
          String name = a.name() != null ? a.name() : (i < r.init().size() ? r.init().get(i).name() : "arg" + i);
          args.put(name, eval(a.value(), scope, inScope));
          i++;
        }
        return data.create(full, args);
      }
    }
    Object target = eval(m.target(), scope, inScope);
    if (target instanceof ResourceRef ref) {
      Object v = field(ref, m.name());
      traceRead(inScope, ref, m.name(), v);
      return v;
    }
    if (target instanceof Unknown) return target;
    if (target instanceof MaybeList maybe) return maybeFunction(m, maybe, scope, inScope);
    return function(m, target, scope, inScope);
  }

  private Object function(Expr.Member m, Object target, Object scope, boolean inScope) {
    String fn = m.name();
    Expr arg = m.args().isEmpty() ? null : m.args().get(0).value();
    if (target instanceof Dict d) target = d.value();
    if (fn.equals("in")) {
      Object list = arg == null ? null : eval(arg, scope, inScope);
      if (list instanceof Unknown) return list;
      if (target == null || !(list instanceof List<?> l)) return false;
      for (Object o : l) {
        if (Semantics.equal(target, o)) return true;
      }
      return false;
    }
    if (target instanceof String s) {
      return switch (fn) {
        case "contains" -> {
          Object needle = eval(arg, scope, inScope);
          if (needle instanceof Unknown) yield needle;
          if (needle instanceof List<?> l) yield l.stream().anyMatch(x -> x instanceof String xs && s.contains(xs));
          yield needle instanceof String ns && s.contains(ns);
        }
        case "length" -> (long) s.length();
        case "downcase" -> s.toLowerCase(Locale.ROOT);
        case "upcase" -> s.toUpperCase(Locale.ROOT);
        default -> throw new QueryError(fn + " is not a string function");
      };
    }
    if (target == null) {
      if (fn.equals("length") || fn.equals("first") || fn.equals("last") || fn.equals("where") || fn.equals("map")
          || fn.equals("contains")) {
        return fn.equals("contains") ? false : null;
      }
      throw new QueryError("failed to validate " + fn + " entries (list is null)");
    }
    if (target instanceof Map<?, ?> map && fn.equals("length")) return (long) map.size();
    if (!(target instanceof List<?> list)) throw new QueryError(fn + " needs a list");
    switch (fn) {
      case "length":
        return (long) list.size();
      case "first":
        return list.isEmpty() ? null : list.get(0);
      case "last":
        return list.isEmpty() ? null : list.get(list.size() - 1);
      case "map":
        return parallel(list, el -> eval(arg, el, true));
      case "contains":
        if (!list.isEmpty() && list.get(0) instanceof ResourceRef) {
          return quantify("any", list, Collections.nCopies(list.size(), true), null, arg, true);
        }
        Object needle = eval(arg, scope, inScope);
        if (needle instanceof Unknown) return needle;
        return list.stream().anyMatch(x -> Semantics.equal(x, needle));
      default:
        break;
    }
    if (fn.equals("where")) return where(list, Collections.nCopies(list.size(), true), null, arg);
    return quantify(fn, list, Collections.nCopies(list.size(), true), null, arg, inScope);
  }

  /** Functions over a list some of whose members may or may not belong (the result of an unsure where). */
  private Object maybeFunction(Expr.Member m, MaybeList list, Object scope, boolean inScope) {
    String fn = m.name();
    Expr arg = m.args().isEmpty() ? null : m.args().get(0).value();
    List<Object> all = list.all();
    List<Boolean> sure = new ArrayList<>(Collections.nCopies(list.sure().size(), true));
    sure.addAll(Collections.nCopies(list.maybe().size(), false));
    return switch (fn) {
      case "where" -> where(all, sure, list.why(), arg);
      case "all", "any", "none", "one" -> quantify(fn, all, sure, list.why(), arg, inScope);
      case "contains" -> quantify("any", all, sure, list.why(), arg, inScope);
      default -> list.why();
    };
  }

  private Object where(List<?> list, List<Boolean> sure, Unknown membership, Expr predicate) {
    List<Object> results = parallel(list, el -> eval(predicate, el, true));
    List<Object> yes = new ArrayList<>();
    List<Object> maybe = new ArrayList<>();
    List<Object> unknowns = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object r = results.get(i);
      if (r instanceof Unknown u) {
        maybe.add(list.get(i));
        unknowns.add(u);
      } else if (Semantics.truthy(r)) {
        (sure.get(i) ? yes : maybe).add(list.get(i));
      }
    }
    if (maybe.isEmpty()) return yes;
    Unknown why = Unknown.merge(unknowns.toArray());
    if (membership != null) why = Unknown.merge(why, membership);
    return new MaybeList(yes, maybe, why);
  }

  private Object quantify(String fn, List<?> list, List<Boolean> sure, Unknown membership, Expr predicate, boolean inScope) {
    List<Object> results = parallel(list, el -> eval(predicate, el, true));
    Quantifier.Outcome out = Quantifier.apply(fn, results, sure, membership);
    List<Object> offending = new ArrayList<>();
    for (int i : out.offending()) offending.add(list.get(i));
    traceOffending(inScope, offending);
    return out.value();
  }

  private List<Object> parallel(List<?> list, Function<Object, Object> f) {
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (Object el : list) futures.add(fork(() -> f.apply(el)));
    List<Object> out = new ArrayList<>();
    for (CompletableFuture<Object> fu : futures) out.add(join(fu));
    return out;
  }

  /**
   * Fans out only from outside the pool: work forked from a pool thread runs inline, so nested blocks
   * (a list of resources, each a block of fields) can never fill the pool with tasks waiting on queued ones.
   */
  private CompletableFuture<Object> fork(Supplier<Object> work) {
    if (!Lane.onLaneThread()) return CompletableFuture.supplyAsync(work, pool::execute);
    try {
      return CompletableFuture.completedFuture(work.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Waits for a result; a failure is thrown as the RuntimeException (usually a QueryError) it was. */
  static Object join(CompletableFuture<Object> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryError("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new QueryError(String.valueOf(e.getCause()));
    }
  }

  @Override
  public void close() {
    if (root) pool.close();
  }
}

package dev.vllmscan.launcher.host;

import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.llx.Primitive;
import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.ConnectRes;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.schema.Schema;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import dev.vllmscan.launcher.text.Timeline;
import dev.vllmscan.llx.Types;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One connected asset on a running provider: what the query engine talks to. */
public final class Session implements AutoCloseable {
  private final HostClient client;
  private final InstalledProvider provider;
  private final Asset asset;
  private final int connection;
  private final boolean ownsClient;

  private Session(HostClient client, InstalledProvider provider, Asset asset, int connection, boolean ownsClient) {
    this.client = client;
    this.provider = provider;
    this.asset = asset;
    this.connection = connection;
    this.ownsClient = ownsClient;
  }

  /** Starts the provider, parses the target and connects. */
  public static Session open(InstalledProvider provider, String target, Map<String, Primitive> flags, String logLevel,
      Consumer<String> stderr) {
    return open(provider, target, flags, logLevel, stderr, Map.of());
  }

  /** As {@link #open}, with extra environment for the provider process (JVM options, for instance). */
  public static Session open(InstalledProvider provider, String target, Map<String, Primitive> flags, String logLevel,
      Consumer<String> stderr, Map<String, String> env) {
    HostClient client = HostClient.spawn(() -> ProviderProcess.start(provider.binary(), logLevel, env, stderr, 60_000));
    try {
      return connect(client, provider, target, flags, true);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Connects a target on the built-in provider served in this JVM (no plugin subprocess). */
  public static Session openEmbedded(InstalledProvider provider, String target, Map<String, Primitive> flags, String logLevel) {
    HostClient client = new HostClient(EmbeddedProvider.start(logLevel));
    try {
      return connect(client, provider, target, flags, true);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Connects one more target on an already running provider (fleet scans reuse one process). */
  public static Session connect(HostClient client, InstalledProvider provider, String target, Map<String, Primitive> flags,
      boolean ownsClient) {
    client.allowDataCallsUpTo(HostClient.dataDeadlineSeconds(intFlag(flags, "timeout", 10), intFlag(flags, "rate", 0)));
    try {
      Asset parsed = client.parseCli(provider.name(), List.of(target), flags);
      Timeline.mark("ParseCLI answered");
      ConnectRes res = client.connect(parsed);
      return new Session(client, provider, res.getAsset(), res.getId(), ownsClient);
    } catch (StatusRuntimeException e) {
      String why = e.getStatus().getDescription() == null ? e.getStatus().getCode().toString()
          : e.getStatus().getDescription();
      // The provider rejects bad targets and flags in ParseCLI: that is the user's input, not the target.
      if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) throw new IllegalArgumentException(why);
      throw new HostException(why);
    }
  }

  private static int intFlag(Map<String, Primitive> flags, String name, int fallback) {
    Primitive p = flags.get(name);
    Object v = p == null ? null : Values.decode(p);
    return v instanceof Long l ? l.intValue() : fallback;
  }

  public static Map<String, Primitive> flags(String apiKey, boolean insecure, int timeout) {
    return flags(apiKey, insecure, timeout, 0, 0);
  }

  /** ParseCLI flags; a concurrency or rate of 0 leaves the provider's default. */
  public static Map<String, Primitive> flags(String apiKey, boolean insecure, int timeout, int concurrency, int rate) {
    Map<String, Primitive> f = flagsWithoutPace(apiKey, insecure, timeout);
    if (concurrency > 0) f.put("concurrency", Values.encode(Types.INT, (long) concurrency));
    if (rate > 0) f.put("rate", Values.encode(Types.INT, (long) rate));
    return f;
  }

  /**
   * {@code flags} with side ports off: for scans the user did not point anywhere (the class-data warm-up, the
   * bench's emulated fleets), which must not knock on this machine's other ports.
   */
  public static Map<String, Primitive> withoutSidePorts(Map<String, Primitive> flags) {
    Map<String, Primitive> f = new LinkedHashMap<>(flags);
    f.put("no-side-ports", Values.encode(Types.BOOL, true));
    return f;
  }

  /** {@code flags} with at most {@code probes} in flight per target, unless they already name a concurrency. */
  public static Map<String, Primitive> withProbeConcurrencyUnlessSet(Map<String, Primitive> flags, int probes) {
    if (flags.containsKey("concurrency")) return flags;
    Map<String, Primitive> f = new LinkedHashMap<>(flags);
    f.put("concurrency", Values.encode(Types.INT, (long) probes));
    return f;
  }

  private static Map<String, Primitive> flagsWithoutPace(String apiKey, boolean insecure, int timeout) {
    Map<String, Primitive> f = new LinkedHashMap<>();
    f.put("api-key", Values.encode(Types.STRING, apiKey == null ? "" : apiKey));
    f.put("insecure", Values.encode(Types.BOOL, insecure));
    f.put("timeout", Values.encode(Types.INT, (long) timeout));
    f.put("discover", Values.encode(Types.array(Types.STRING), List.of()));
    f.put("pretty", Values.encode(Types.BOOL, false));
    return f;
  }

  public Schema schema() {
    return provider.schema();
  }

  public Asset asset() {
    return asset;
  }

  public int connection() {
    return connection;
  }

  public HostClient client() {
    return client;
  }

  /**
   * Resources created without arguments (vllm.server, vllm.metrics...): one per connection, as mql's runtime keeps
   * them. Each check that names one asked the provider again, a blocking round trip per mention.
   */
  private final Map<String, ResourceRef> singletons = new ConcurrentHashMap<>();

  public ResourceRef create(String resource, Map<String, Object> args) {
    if (!args.isEmpty()) return createNow(resource, args);
    ResourceRef known = singletons.get(resource);
    if (known != null) return known;
    // Not computeIfAbsent: a failed create is not remembered, and the round trip holds no lock.
    ResourceRef made = createNow(resource, args);
    ResourceRef first = singletons.putIfAbsent(resource, made);
    return first != null ? first : made;
  }

  /**
   * Creates these argument-less resources in one round trip (those not created before); the map leaves out any the
   * provider could not create: {@link #create} asks again for them and says why.
   */
  public Map<String, ResourceRef> createAll(List<String> resources) {
    Map<String, ResourceRef> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String r : resources) {
      ResourceRef known = singletons.get(r);
      if (known != null) out.put(r, known);
      else missing.add(r);
    }
    if (missing.isEmpty()) return out;
    roundTrips.incrementAndGet();
    List<DataReq> reqs = missing.stream()
        .map(r -> DataReq.newBuilder().setConnection(connection).setResource(r).build()).toList();
    List<HostClient.BatchAnswer> answers;
    try {
      answers = client.getDataBatchAsync(reqs).join();
    } catch (RuntimeException e) {
      return out;
    }
    for (int i = 0; i < missing.size(); i++) {
      HostClient.BatchAnswer a = answers.get(i);
      if (a.failure() != null || !(Values.decode(a.res().getData()) instanceof ResourceRef made)) continue;
      ResourceRef first = singletons.putIfAbsent(missing.get(i), made);
      out.put(missing.get(i), first != null ? first : made);
    }
    return out;
  }

  private ResourceRef createNow(String resource, Map<String, Object> args) {
    roundTrips.incrementAndGet();
    DataReq.Builder req = DataReq.newBuilder().setConnection(connection).setResource(resource);
    args.forEach((k, v) -> req.putArgs(k, Values.encode(Values.inferType(v), v)));
    DataRes res = client.getData(req.build());
    Object v = Values.decode(res.getData());
    if (!(v instanceof ResourceRef ref)) throw new HostException("provider did not create " + resource);
    return ref;
  }

  /** A field value, or a {@link FieldFailure} when the provider reported a field error. */
  public Object field(ResourceRef ref, String field) {
    fieldReads.incrementAndGet();
    roundTrips.incrementAndGet();
    return decodeField(client.getData(fieldRequest(ref, field)));
  }

  /** {@link #field} without waiting for the answer. */
  public CompletableFuture<Object> fieldAsync(ResourceRef ref, String field) {
    fieldReads.incrementAndGet();
    roundTrips.incrementAndGet();
    return client.getDataAsync(fieldRequest(ref, field)).thenApply(Session::decodeField);
  }

  /**
   * Many field reads in one round trip (see {@link HostClient#getDataBatchAsync}); each future holds what
   * {@link #field} would return, or fails with what it would throw.
   */
  public List<CompletableFuture<Object>> fieldsAsync(List<Map.Entry<ResourceRef, String>> reads) {
    if (reads.isEmpty()) return List.of();
    fieldReads.addAndGet(reads.size());
    roundTrips.incrementAndGet();
    List<CompletableFuture<Object>> out = new ArrayList<>();
    for (int i = 0; i < reads.size(); i++) out.add(new CompletableFuture<>());
    long kinds = reads.stream().map(r -> r.getKey().name()).distinct().count();
    String what = reads.size() + " reads of " + (kinds == 1 ? reads.get(0).getKey().name() : kinds + " resources")
        + " (" + reads.get(0).getKey().name() + "." + reads.get(0).getValue() + ", …)";
    Timeline.mark("batch sent: " + what);
    client.getDataBatchAsync(reads.stream().map(r -> fieldRequest(r.getKey(), r.getValue())).toList()).whenComplete((answers, err) -> {
      Timeline.mark("batch answered: " + what);
      for (int i = 0; i < out.size(); i++) {
        if (err != null) out.get(i).completeExceptionally(err);
        else if (answers.get(i).failure() != null) out.get(i).completeExceptionally(answers.get(i).failure());
        else out.get(i).complete(decodeField(answers.get(i).res()));
      }
    });
    return out;
  }

  private final AtomicInteger roundTrips = new AtomicInteger();

  /** GetData or batch calls sent so far (for the timeline). */
  public int roundTrips() {
    return roundTrips.get();
  }

  private DataReq fieldRequest(ResourceRef ref, String field) {
    return DataReq.newBuilder().setConnection(connection).setResource(ref.name()).setResourceId(ref.id()).setField(field).build();
  }

  private static Object decodeField(DataRes res) {
    if (!res.getError().isEmpty()) return new FieldFailure(res.getError());
    return Values.decode(res.getData());
  }

  private final AtomicInteger fieldReads = new AtomicInteger();

  /** GetData field reads sent so far (for the timeline). */
  public int fieldReads() {
    return fieldReads.get();
  }

  /** A provider-reported field error. */
  public record FieldFailure(String message) {}

  public Path providerDir() {
    return provider.dir();
  }

  @Override
  public void close() {
    try {
      client.disconnect(connection);
    } catch (RuntimeException ignored) {
      // closing anyway
    }
    if (ownsClient) client.close();
  }
}

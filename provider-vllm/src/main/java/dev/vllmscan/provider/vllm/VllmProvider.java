package dev.vllmscan.provider.vllm;

import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.connection.ConnectionConfig;
import dev.vllmscan.provider.connection.VllmConnection;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.llx.Primitive;
import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.Config;
import dev.vllmscan.proto.providers.ConnectReq;
import dev.vllmscan.proto.providers.ConnectRes;
import dev.vllmscan.proto.providers.Credential;
import dev.vllmscan.proto.providers.CredentialType;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.proto.providers.Platform;
import dev.vllmscan.proto.providers.StoreReq;
import dev.vllmscan.sdk.plugin.Provider;
import dev.vllmscan.sdk.plugin.ProviderException;
import dev.vllmscan.provider.probe.Pace;
import dev.vllmscan.provider.probe.RouteCatalogue;
import dev.vllmscan.provider.resources.Resources;
import dev.vllmscan.sdk.runtime.DataHandler;
import dev.vllmscan.sdk.runtime.ResourceCache;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import dev.vllmscan.schema.Schema;
import dev.vllmscan.schema.SchemaJson;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import dev.vllmscan.provider.api.advisory.AdvisoryDatabase;
import dev.vllmscan.sdk.plugin.Log;

/** The vLLM provider: CLI parsing, connections and resource data, free of gRPC. */
public final class VllmProvider implements Provider {
  public static final String CONNECTOR = "vllm";

  private final DataHandler<VllmConnection> data;
  private final Map<Integer, VllmConnection> connections = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1000);
  private final HeadStart headStart = new HeadStart();

  /**
   * Connection option (and ParseCLI flag) for hosts that are about to read the whole posture, such as a policy
   * scan: the catalogue run starts during Connect instead of at the first field read, so it overlaps the host's
   * own work. Shells and cnspec leave it off and stay lazy.
   */
  static final String PROBE_AT_CONNECT = "probe-at-connect";

  /**
   * Flag and connection option: a PEM bundle of CAs to trust before SSL_CERT_FILE / SSL_CERT_DIR and the JDK store
   * ({@code cnspec scan vllm URL --ca-cert FILE}, or {@code ca-cert} in an inventory's options).
   */
  static final String CA_CERT = "ca-cert";

  public VllmProvider() {
    // Reading the schema (Jackson's start and a 50 KB parse: ~60 ms of a cold JVM, README "Sixth pass") goes beside the
    // gRPC server's start instead of before the handshake: nothing asks for it before the first field read.
    FutureTask<Schema> schema = new FutureTask<>(VllmProvider::loadSchema);
    Thread reader = new Thread(schema, "schema-read");
    reader.setDaemon(true);
    reader.start();
    this.data = new DataHandler<>(CONNECTOR, () -> awaitSchema(schema), new Resources().all());
  }

  private static Schema awaitSchema(FutureTask<Schema> schema) {
    try {
      return schema.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the provider's schema", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  @Override
  public String name() {
    return CONNECTOR;
  }

  static Schema loadSchema() {
    try (InputStream in = VllmProvider.class.getResourceAsStream("/provider/vllm.resources.json")) {
      if (in == null) throw new IllegalStateException("vllm.resources.json missing from the provider jar");
      return SchemaJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Asset parseCli(ParseCLIReq req) {
    if (!req.getConnector().equals(CONNECTOR)) {
      throw ProviderException.invalid("unknown connector '" + req.getConnector() + "'; this provider serves 'vllm'");
    }
    if (req.getArgsCount() != 1) {
      throw ProviderException.invalid("expected exactly one argument, the server URL (e.g. http://localhost:8000), got "
          + req.getArgsCount());
    }
    String key = stringFlag(req.getFlagsMap().get("api-key"));
    if (key == null || key.isBlank()) key = System.getenv("VLLM_API_KEY");
    boolean insecure = Boolean.TRUE.equals(flag(req.getFlagsMap().get("insecure")));
    Object t = flag(req.getFlagsMap().get("timeout"));
    int timeout = t instanceof Long l ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l)) : ConnectionConfig.DEFAULT_TIMEOUT;
    if (t instanceof Long l && l == 0) timeout = ConnectionConfig.DEFAULT_TIMEOUT;
    ConnectionConfig cfg = ConnectionConfig.parse(req.getArgs(0), key, insecure, timeout)
        .withCaCert(stringFlag(req.getFlagsMap().get(CA_CERT)));
    cfg.trust(); // a CA file that cannot be used is refused here, before any request
    Pace pace = pace(intFlag(req.getFlagsMap().get("concurrency"), Pace.DEFAULT_CONCURRENCY),
        intFlag(req.getFlagsMap().get("rate"), 0));
    Config.Builder conn = Config.newBuilder()
        .setType(CONNECTOR)
        .setHost(cfg.host())
        .setPort(Math.max(cfg.port(), 0))
        .setPath(cfg.path())
        .setRuntime(cfg.scheme())
        .setInsecure(insecure)
        .putOptions("base-url", cfg.baseUrl())
        .putOptions("timeout", String.valueOf(cfg.timeoutSeconds()))
        .putOptions("concurrency", String.valueOf(pace.concurrency()))
        .putOptions("rate", String.valueOf(pace.ratePerSecond()));
    if (Boolean.TRUE.equals(flag(req.getFlagsMap().get(PROBE_AT_CONNECT)))) conn.putOptions(PROBE_AT_CONNECT, "true");
    if (cfg.caCert() != null) conn.putOptions(CA_CERT, cfg.caCert());
    boolean noSidePorts = Boolean.TRUE.equals(flag(req.getFlagsMap().get(SidePortPlan.OFF_OPTION)));
    String sidePorts = stringFlag(req.getFlagsMap().get(SidePortPlan.OPTION));
    SidePortPlan plan = sidePlan(sidePorts, noSidePorts);
    if (plan.mode() == SidePortPlan.Mode.OFF) conn.putOptions(SidePortPlan.OFF_OPTION, "true");
    if (plan.mode() == SidePortPlan.Mode.FLAG) conn.putOptions(SidePortPlan.OPTION, plan.encode());
    if (cfg.hasKey()) {
      conn.addCredentials(Credential.newBuilder().setType(CredentialType.password)
          .setSecret(ByteString.copyFrom(cfg.apiKey(), StandardCharsets.UTF_8)));
    }
    return Asset.newBuilder().setName("vLLM " + cfg.baseUrl()).addConnections(conn).build();
  }

  private static Object flag(Primitive p) {
    return p == null ? null : Values.decode(p);
  }

  /** A flag's int value; absent or 0 (a host's unset default) gives the fallback. */
  private static int intFlag(Primitive p, int fallback) {
    Object v = flag(p);
    if (!(v instanceof Long l) || l == 0) return fallback;
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
  }

  private static Pace pace(int concurrency, int rate) {
    try {
      return new Pace(concurrency, rate);
    } catch (IllegalArgumentException e) {
      throw ProviderException.invalid(e.getMessage());
    }
  }

  private static SidePortPlan sidePlan(String list, boolean off) {
    try {
      return SidePortPlan.fromOptions(list, off);
    } catch (IllegalArgumentException e) {
      throw ProviderException.invalid(e.getMessage());
    }
  }

  /** Side ports from the connection options (set by ParseCLI or an inventory): the defaults when absent. */
  static SidePortPlan sidePlanOf(Config conn) {
    String off = conn.getOptionsOrDefault(SidePortPlan.OFF_OPTION, "").trim();
    return sidePlan(conn.getOptionsOrDefault(SidePortPlan.OPTION, ""), off.equalsIgnoreCase("true"));
  }

  /** Pace from the connection options (set by ParseCLI, or by an inventory), defaults when absent. */
  static Pace paceOf(Config conn) {
    try {
      return pace(Integer.parseInt(conn.getOptionsOrDefault("concurrency", String.valueOf(Pace.DEFAULT_CONCURRENCY)).trim()),
          Integer.parseInt(conn.getOptionsOrDefault("rate", "0").trim()));
    } catch (NumberFormatException e) {
      throw ProviderException.invalid("concurrency and rate must be whole numbers");
    }
  }

  private static String stringFlag(Primitive p) {
    Object v = flag(p);
    return v instanceof String s ? s : null;
  }

  /**
   * Prepares the connection a scan's Connect will ask for, from the ParseCLI request its launcher is about to send:
   * the cold work (parsing, the HTTP client) is done now, and nothing is sent to the target until {@link #begin}.
   */
  @Override
  public void prepare(ParseCLIReq req) {
    headStart.prepare(() -> {
      Config conn = parseCli(req).getConnections(0);
      if (!"true".equals(conn.getOptionsOrDefault(PROBE_AT_CONNECT, ""))) return null;
      return new HeadStart.Prepared(conn,
          new Posture(fromConnection(conn), RouteCatalogue.builtIn(), paceOf(conn), sidePlanOf(conn)));
    });
  }

  /** Starts the prepared connection's catalogue run, unless a Connect already took (or dropped) it. */
  @Override
  public void begin() {
    if (headStart.begin()) AdvisoryDatabase.warmInBackground();
  }

  @Override
  public ConnectRes connect(ConnectReq req) {
    if (!req.hasAsset() || req.getAsset().getConnectionsCount() == 0) {
      throw ProviderException.invalid("Connect needs an asset with one vllm connection");
    }
    Log.debug("timeline: Connect received");
    Config conn = req.getAsset().getConnections(0);
    ConnectionConfig cfg = fromConnection(conn);
    int id = conn.getId() != 0 ? conn.getId() : nextId.incrementAndGet();
    ResourceCache cache = new ResourceCache();
    if (conn.getParentConnectionId() > 0 && connections.containsKey(conn.getParentConnectionId())) {
      cache = connections.get(conn.getParentConnectionId()).cache();
    }
    Posture adopted = headStart.adopt(conn);
    Posture posture = adopted != null ? adopted : new Posture(cfg, RouteCatalogue.builtIn(), paceOf(conn), sidePlanOf(conn));
    if (adopted != null) Log.debug("timeline: Connect adopts the prepared connection");
    VllmConnection prior = connections.put(id, new VllmConnection(id, cache, posture));
    if (prior != null) prior.close();

    if ("true".equals(conn.getOptionsOrDefault(PROBE_AT_CONNECT, ""))) {
      posture.startCatalogueRun(); // once per posture: a prepared one may have begun already
      AdvisoryDatabase.warmInBackground();
    }
    // Hosts show the platform version next to the asset (and policies may filter on it): take it from /version.
    String version = posture.versionForAsset(Math.min(3000, cfg.timeoutSeconds() * 1000L));
    Platform.Builder platform = Platform.newBuilder()
        .setName("vllm-server")
        .setTitle("vLLM Inference Server")
        .addFamily("vllm")
        .setKind("api")
        .setRuntime("vllm")
        .addTechnologyUrlSegments("ai").addTechnologyUrlSegments("vllm").addTechnologyUrlSegments("server");
    if (version != null) platform.setVersion(version);
    Config echoed = conn.toBuilder().setId(id).clearCredentials().build();
    Asset asset = req.getAsset().toBuilder()
        .setId(cfg.baseUrl())
        .setName(req.getAsset().getName().isEmpty() ? "vLLM " + cfg.baseUrl() : req.getAsset().getName())
        .setFqdn(cfg.host())
        .setPlatform(platform)
        .clearPlatformIds()
        .addPlatformIds("//platformid.api.mondoo.app/runtime/vllm/server/" + cfg.baseUrl())
        .clearConnections()
        .addConnections(echoed)
        .build();
    return ConnectRes.newBuilder().setId(id).setName(CONNECTOR).setAsset(asset).build();
  }

  /** Key precedence, lowest first: VLLM_API_KEY, option api-key, password credentials (last wins). */
  static ConnectionConfig fromConnection(Config conn) {
    String base = conn.getOptionsOrDefault("base-url", "");
    if (base.isBlank()) {
      if (conn.getHost().isBlank()) throw ProviderException.invalid("the vllm connection has no host or base-url");
      String scheme = conn.getRuntime().isBlank() ? "http" : conn.getRuntime();
      base = scheme + "://" + conn.getHost() + (conn.getPort() > 0 ? ":" + conn.getPort() : "") + conn.getPath();
    }
    String key = System.getenv("VLLM_API_KEY");
    if (conn.containsOptions("api-key")) key = conn.getOptionsOrThrow("api-key");
    for (Credential c : conn.getCredentialsList()) {
      if (c.getType() == CredentialType.password) {
        key = !c.getSecret().isEmpty() ? c.getSecret().toStringUtf8() : c.getPassword();
      }
    }
    int timeout = ConnectionConfig.DEFAULT_TIMEOUT;
    String t = conn.getOptionsOrDefault("timeout", "");
    if (!t.isBlank()) {
      try {
        timeout = Integer.parseInt(t.trim());
      } catch (NumberFormatException e) {
        throw ProviderException.invalid("timeout must be a positive integer, got '" + t + "'");
      }
    }
    return ConnectionConfig.parse(base, key, conn.getInsecure(), timeout).withCaCert(conn.getOptionsOrDefault(CA_CERT, null));
  }

  @Override
  public void disconnect(int connection) {
    VllmConnection c = connections.remove(connection);
    if (c != null) c.close();
  }

  @Override
  public void shutdown() {
    connections.values().forEach(VllmConnection::close);
    connections.clear();
  }

  @Override
  public DataRes getData(DataReq req) {
    return data.getData(connection(req.getConnection()), req);
  }

  @Override
  public DataRes answerFromMemory(DataReq req) {
    VllmConnection c = connections.get(req.getConnection());
    return c == null ? null : data.answerFromMemory(c, req);
  }

  @Override
  public void storeData(StoreReq req) {
    data.storeData(connection(req.getConnection()), req);
  }

  private VllmConnection connection(int id) {
    VllmConnection c = connections.get(id);
    if (c == null) throw ProviderException.notFound("connection " + id + " not found");
    return c;
  }

  /** Requests sent for a connection so far (for the bench and the closing numbers). */
  public int requestCount(int connection) {
    return connection(connection).posture().prober().requestCount();
  }
}

package dev.vllmscan.provider.e2e;

import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.llx.Types;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.llx.Primitive;
import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.ConnectReq;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.provider.vllm.VllmProvider;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import dev.vllmscan.schema.SchemaJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives the provider exactly as a host does (ParseCLI → Connect → GetData), in-process, and reads fields by
 * the generated schema. A field error is returned as a {@link FieldError} value so tests can assert on it.
 */
final class ProviderHarness implements AutoCloseable {
  record FieldError(String message) {}

  static final Schema SCHEMA = loadSchema();

  private final VllmProvider provider = new VllmProvider();
  private final int connection;

  ProviderHarness(String url, String apiKey) {
    this(url, apiKey, false, 5);
  }

  ProviderHarness(String url, String apiKey, boolean insecure, int timeoutSeconds) {
    this(url, apiKey, insecure, timeoutSeconds, Map.of());
  }

  /** {@code extra}: more ParseCLI flags as plain values (e.g. "rate" → 40L). */
  ProviderHarness(String url, String apiKey, boolean insecure, int timeoutSeconds, Map<String, Object> extra) {
    Map<String, Primitive> flags = new LinkedHashMap<>();
    extra.forEach((k, v) -> flags.put(k, Values.encode(Values.inferType(v), v)));
    if (apiKey != null) flags.put("api-key", Values.encode(Types.STRING, apiKey));
    flags.put("insecure", Values.encode(Types.BOOL, insecure));
    flags.put("timeout", Values.encode(Types.INT, (long) timeoutSeconds));
    Asset asset = provider.parseCli(ParseCLIReq.newBuilder().setConnector("vllm").addArgs(url).putAllFlags(flags).build());
    connection = provider.connect(ConnectReq.newBuilder().setAsset(asset).build()).getId();
  }

  private static Schema loadSchema() {
    try (InputStream in = ProviderHarness.class.getResourceAsStream("/provider/vllm.resources.json")) {
      return SchemaJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  ResourceRef create(String resource, Map<String, Object> args) {
    DataReq.Builder req = DataReq.newBuilder().setConnection(connection).setResource(resource);
    args.forEach((k, v) -> req.putArgs(k, Values.encode(Values.inferType(v), v)));
    return (ResourceRef) Values.decode(provider.getData(req.build()).getData());
  }

  Object field(ResourceRef ref, String field) {
    DataRes res = provider.getData(DataReq.newBuilder().setConnection(connection).setResource(ref.name())
        .setResourceId(ref.id()).setField(field).build());
    return res.getError().isEmpty() ? Values.decode(res.getData()) : new FieldError(res.getError());
  }

  /** Every field of {@code vllm.server}, by name. */
  Map<String, Object> server() {
    return fields(create("vllm.server", Map.of()));
  }

  Map<String, Object> fields(ResourceRef ref) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String f : SCHEMA.resource(ref.name()).fields().keySet()) out.put(f, field(ref, f));
    return out;
  }

  /** Reads every field of every resource reachable from {@code vllm}, as {@code shell> vllm { * }} would. */
  int fullDump() {
    Set<String> seen = new HashSet<>();
    walk(create("vllm", Map.of()), seen);
    return seen.size();
  }

  private void walk(ResourceRef ref, Set<String> seen) {
    if (!seen.add(ref.name() + "\u0000" + ref.id())) return;
    Resource r = SCHEMA.resource(ref.name());
    for (String f : r.fields().keySet()) {
      Object v = field(ref, f);
      if (v instanceof ResourceRef child) walk(child, seen);
      if (v instanceof List<?> list) {
        for (Object o : list) if (o instanceof ResourceRef child) walk(child, seen);
      }
    }
  }

  int requests() {
    return provider.requestCount(connection);
  }

  @Override
  public void close() {
    provider.shutdown();
  }
}

package dev.vllmscan.sdk.runtime;

import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.llx.Types;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.llx.Primitive;
import dev.vllmscan.proto.llx.Result;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.ResourceData;
import dev.vllmscan.proto.providers.StoreReq;
import dev.vllmscan.sdk.plugin.ProviderException;
import dev.vllmscan.schema.Field;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GetData/StoreData semantics, independent of any provider: resource creation vs field read, typed
 * encoding by the schema, null as Nil, field failures as {@code DataRes.error}, protocol failures as
 * gRPC status errors.
 */
public final class DataHandler<C extends ProviderConnection> {
  private final String provider;
  private final Supplier<Schema> schema;
  private final Map<String, ResourceDefinition<C>> definitions = new LinkedHashMap<>();

  /** {@code provider}: the connector name, for messages ("not provided by the vllm provider"). */
  public DataHandler(String provider, Schema schema, List<? extends ResourceDefinition<C>> definitions) {
    this(provider, () -> schema, definitions);
  }

  /**
   * With the schema still being read: {@code schema} is asked at each field read or creation, never here, so a
   * provider can read its schema beside its gRPC server's start instead of before it.
   */
  public DataHandler(String provider, Supplier<Schema> schema, List<? extends ResourceDefinition<C>> definitions) {
    this.provider = provider;
    this.schema = schema;
    for (ResourceDefinition<C> d : definitions) {
      this.definitions.put(d.name(), d);
    }
  }

  public Schema schema() {
    return schema.get();
  }

  public DataRes getData(C connection, DataReq req) {
    Resource resource = schema().resource(req.getResource());
    ResourceDefinition<C> definition = definitions.get(req.getResource());
    if (resource == null || definition == null) {
      throw ProviderException.notFound("resource '" + req.getResource() + "' is not provided by the " + provider + " provider");
    }
    if (req.getResourceId().isEmpty() && req.getField().isEmpty()) {
      Map<String, Object> args = new LinkedHashMap<>();
      req.getArgsMap().forEach((k, v) -> args.put(k, Values.decode(v)));
      ResourceInstance created = definition.create(connection, args);
      return DataRes.newBuilder().setData(Values.encode(Types.resource(created.name()), created.ref())).build();
    }
    ResourceInstance self = connection.cache().get(req.getResource(), req.getResourceId());
    if (self == null) {
      throw ProviderException.notFound(
          "resource '" + req.getResource() + "' (id: " + req.getResourceId() + ") doesn't exist");
    }
    Field field = resource.field(req.getField());
    if (field == null) {
      return DataRes.newBuilder().setData(Values.typedEmpty(Types.ANY))
          .setError("field '" + req.getField() + "' does not exist on " + req.getResource()).build();
    }
    return answer(req, field, self.read(field.name(), () -> compute(definition, connection, self, field.name())));
  }

  /**
   * The answer to a field read whose result is already in memory (static fields, values computed earlier), or
   * null when it still has to be computed, which may mean waiting on the target.
   */
  public DataRes answerFromMemory(C connection, DataReq req) {
    if (req.getResourceId().isEmpty() || req.getField().isEmpty()) return null;
    Resource resource = schema().resource(req.getResource());
    Field field = resource == null ? null : resource.field(req.getField());
    ResourceInstance self = field == null ? null : connection.cache().get(req.getResource(), req.getResourceId());
    FieldResult result = self == null ? null : self.known(field.name());
    return result == null ? null : answer(req, field, result);
  }

  private DataRes answer(DataReq req, Field field, FieldResult result) {
    if (result.error() != null) {
      return DataRes.newBuilder().setData(Values.typedEmpty(field.type())).setError(result.error()).build();
    }
    try {
      return DataRes.newBuilder().setData(encode(field.type(), result.value())).build();
    } catch (RuntimeException e) {
      return DataRes.newBuilder().setData(Values.typedEmpty(field.type()))
          .setError("cannot encode " + req.getResource() + "." + field.name() + ": " + e.getMessage()).build();
    }
  }

  public void storeData(C connection, StoreReq req) {
    List<String> problems = new ArrayList<>();
    for (ResourceData data : req.getResourcesList()) {
      String id = data.getId();
      if (id.isEmpty() && data.containsFields("__id")) {
        id = String.valueOf(Values.decode(data.getFieldsOrThrow("__id").getData()));
      }
      if (data.getName().isEmpty()) {
        problems.add("resource without a name");
        continue;
      }
      String finalId = id;
      ResourceInstance instance = connection.cache().getOrCreate(data.getName(), id,
          () -> new ResourceInstance(data.getName(), finalId));
      for (Map.Entry<String, Result> e : data.getFieldsMap().entrySet()) {
        if (e.getKey().equals("__id")) continue;
        Result r = e.getValue();
        if (!r.getError().isEmpty()) {
          instance.store(e.getKey(), FieldResult.failed(r.getError()));
        } else {
          try {
            instance.store(e.getKey(), FieldResult.of(r.hasData() ? Values.decode(r.getData()) : null));
          } catch (RuntimeException ex) {
            problems.add(data.getName() + "." + e.getKey() + ": " + ex.getMessage());
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ProviderException.invalid(String.join("; ", problems));
    }
  }

  private FieldResult compute(ResourceDefinition<C> definition, C connection, ResourceInstance self, String field) {
    try {
      return FieldResult.of(definition.resolve(connection, self, field));
    } catch (FieldError e) {
      return FieldResult.failed(e.getMessage());
    }
  }

  private static Primitive encode(String type, Object value) {
    if (value instanceof ResourceInstance ri) {
      value = ri.ref();
    } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof ResourceInstance) {
      List<ResourceRef> refs = new ArrayList<>();
      for (Object o : list) refs.add(((ResourceInstance) o).ref());
      value = refs;
    }
    return Values.encode(type, value);
  }
}

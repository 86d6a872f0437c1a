package dev.vllmscan.launcher.mql;

import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.proto.providers.Asset;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The executor's data source backed by a connected provider session. */
public final class SessionSource implements DataSource {
  private final Session session;

  public SessionSource(Session session) {
    this.session = session;
  }

  @Override
  public ResourceRef create(String resource, Map<String, Object> args) {
    try {
      return session.create(resource, args);
    } catch (StatusRuntimeException e) {
      throw new QueryError(e.getStatus().getDescription() == null ? e.getStatus().getCode().toString()
          : e.getStatus().getDescription());
    }
  }

  @Override
  public Map<String, ResourceRef> createAll(List<String> resources) {
    return session.createAll(resources);
  }

  @Override
  public Object field(ResourceRef ref, String field) {
    try {
      return value(session.field(ref, field));
    } catch (StatusRuntimeException e) {
      throw new QueryError(String.valueOf(e.getStatus().getDescription()));
    }
  }

  @Override
  public CompletableFuture<Object> fieldAsync(ResourceRef ref, String field) {
    return adapt(session.fieldAsync(ref, field));
  }

  @Override
  public List<CompletableFuture<Object>> fieldsAsync(List<FieldRead> reads) {
    return session.fieldsAsync(reads.stream().map(r -> Map.entry(r.ref(), r.field())).toList()).stream()
        .map(SessionSource::adapt).toList();
  }

  /** A session answer as the executor expects it: provider statuses and field errors become QueryErrors. */
  private static CompletableFuture<Object> adapt(CompletableFuture<Object> answer) {
    CompletableFuture<Object> out = new CompletableFuture<>();
    answer.whenComplete((v, err) -> {
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      try {
        if (cause instanceof StatusRuntimeException e) throw new QueryError(String.valueOf(e.getStatus().getDescription()));
        if (cause != null) throw cause instanceof RuntimeException re ? re : new QueryError(String.valueOf(cause));
        out.complete(value(v));
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
    });
    return out;
  }

  private static Object value(Object v) {
    if (v instanceof Session.FieldFailure f) {
      // "unknown: why" is the provider's way to say "not observed": a value of its own, not a failure of the query.
      if (f.message().startsWith(Unknown.PREFIX)) return Unknown.of(f.message().substring(Unknown.PREFIX.length()));
      throw new QueryError(f.message());
    }
    return v;
  }

  @Override
  public Map<String, Object> asset() {
    Asset a = session.asset();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", a.getName());
    out.put("platform", a.getPlatform().getName());
    out.put("title", a.getPlatform().getTitle());
    out.put("family", a.getPlatform().getFamilyList());
    out.put("kind", a.getPlatform().getKind());
    out.put("runtime", a.getPlatform().getRuntime());
    out.put("version", a.getPlatform().getVersion());
    out.put("ids", a.getPlatformIdsList());
    out.put("fqdn", a.getFqdn());
    return out;
  }
}

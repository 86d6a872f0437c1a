package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.lr.VllmServerFields.Field;
import dev.vllmscan.provider.verdict.Rollups;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The verdict and listing fields of {@code vllm.server}: each decides a field from the posture, and {@code evidence}
 * lists what decided each of them. A constant names its field through the generated {@link Field}, so the name and
 * the place in {@code evidence} come from the {@code .lr}, and the field's typed method refers to the constant: a
 * missing or misspelt one does not compile.
 */
enum ServerVerdicts {
  DOCS_EXPOSED(Field.DOCS_EXPOSED, p -> Rollups.exposed(p.routes(), "docs")),
  OPENAPI_EXPOSED(Field.OPENAPI_EXPOSED, p -> Rollups.openapiExposed(p.routes())),
  METRICS_EXPOSED(Field.METRICS_EXPOSED, p -> p.metrics().exposed()),
  LOAD_ENDPOINT_EXPOSED(Field.LOAD_ENDPOINT_EXPOSED, p -> Rollups.exposed(p.routes(), "load")),
  TOKENIZER_INFO_EXPOSED(Field.TOKENIZER_INFO_EXPOSED, p -> Rollups.exposed(p.routes(), "tokenizer-info")),
  DEV_ENDPOINTS_EXPOSED(Field.DEV_ENDPOINTS_EXPOSED, p -> Rollups.categoryExposed(p.routes(), "development")),
  PROFILER_ENDPOINTS_EXPOSED(Field.PROFILER_ENDPOINTS_EXPOSED, p -> Rollups.categoryExposed(p.routes(), "profiler")),
  CORS_CONFIGURED(Field.CORS_CONFIGURED, p -> p.cors().configured()),
  CORS_ALLOWS_ANY_ORIGIN(Field.CORS_ALLOWS_ANY_ORIGIN, p -> p.cors().allowsAnyOrigin()),
  CORS_REFLECTS_ORIGIN(Field.CORS_REFLECTS_ORIGIN, p -> p.cors().reflectsOrigin()),
  CORS_ALLOWS_CREDENTIALS(Field.CORS_ALLOWS_CREDENTIALS, p -> p.cors().allowsCredentials()),
  CORS_ALLOWS_NULL_ORIGIN(Field.CORS_ALLOWS_NULL_ORIGIN, p -> p.cors().allowsNullOrigin()),
  CORS_PREFLIGHT_ACCEPTED(Field.CORS_PREFLIGHT_ACCEPTED, p -> p.cors().preflightAccepted()),
  ANONYMOUS_INFERENCE_ALLOWED(Field.ANONYMOUS_INFERENCE_ALLOWED, p -> Rollups.exposed(p.routes(), "completion")),
  API_KEY_REQUIRED(Field.API_KEY_REQUIRED, p -> Rollups.apiKeyRequired(p.routes())),
  RUNTIME_LORA_UPDATING_ENABLED(Field.RUNTIME_LORA_UPDATING_ENABLED, p -> Rollups.runtimeLoraUpdatingEnabled(p.routes())),
  STORED_RESPONSES_EXPOSED(Field.STORED_RESPONSES_EXPOSED, p -> Rollups.exposed(p.routes(), "stored-responses")),
  WEIGHT_UPDATE_ROUTES_EXPOSED(Field.WEIGHT_UPDATE_ROUTES_EXPOSED, p -> Rollups.exposed(p.routes(), "weights")),
  UNGUARDED_INFERENCE_ROUTES(Field.UNGUARDED_INFERENCE_ROUTES, null, p -> Rollups.unguardedInferenceRoutes(p.routes())),
  UNGUARDED_ROUTES_ANSWERING(Field.UNGUARDED_ROUTES_ANSWERING, null, p -> Rollups.unguardedRoutesAnswering(p.routes()));

  /** In .lr order: the order {@code evidence} lists them. */
  static final List<ServerVerdicts> IN_LR_ORDER = Arrays.stream(values())
      .sorted(Comparator.comparingInt(v -> v.field.ordinal())).toList();

  private final Field field;
  private final Function<Posture, Verdict> verdict;
  /** A listing field's list (its value); its verdict is "any listed". Null for a plain verdict field. */
  private final Function<Posture, Rollups.Listing> listing;

  ServerVerdicts(Field field, Function<Posture, Verdict> verdict) {
    this(field, verdict, null);
  }

  ServerVerdicts(Field field, Function<Posture, Verdict> verdict, Function<Posture, Rollups.Listing> listing) {
    this.field = field;
    this.listing = listing;
    this.verdict = listing == null ? verdict : p -> {
      Rollups.Listing l = listing.apply(p);
      return l.unknownReason() != null ? Verdict.unknown(l.unknownReason()) : Verdict.of(!l.items().isEmpty(), l.evidence().toArray(String[]::new));
    };
  }

  String fieldName() {
    return field.lrName();
  }

  Verdict verdict(Posture p) {
    return verdict.apply(p);
  }

  /** The listing, for a listing field; null for a verdict field. */
  Rollups.Listing listing(Posture p) {
    return listing == null ? null : listing.apply(p);
  }
}

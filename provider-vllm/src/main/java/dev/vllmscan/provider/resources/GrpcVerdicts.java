package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.lr.VllmGrpcFields.Field;
import dev.vllmscan.provider.probe.grpc.GrpcObservation;
import dev.vllmscan.provider.verdict.GrpcVerdict;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The verdict fields of {@code vllm.grpc}, each bound to its generated {@link Field} (name and place in
 * {@code evidence} from the {@code .lr}); the field's typed method refers to the constant, so a missing one does not
 * compile.
 */
enum GrpcVerdicts {
  USES_TLS(Field.USES_TLS, GrpcVerdict::usesTls),
  REFLECTION_EXPOSED(Field.REFLECTION_EXPOSED, GrpcVerdict::reflectionExposed),
  HEALTH_EXPOSED(Field.HEALTH_EXPOSED, GrpcVerdict::healthExposed),
  ANONYMOUS_ACCESS(Field.ANONYMOUS_ACCESS, GrpcVerdict::anonymousAccess);

  /** In .lr order: the order {@code evidence} lists them. */
  static final List<GrpcVerdicts> IN_LR_ORDER = Arrays.stream(values())
      .sorted(Comparator.comparingInt(v -> v.field.ordinal())).toList();

  private final Field field;
  private final Function<GrpcObservation, Verdict> verdict;

  GrpcVerdicts(Field field, Function<GrpcObservation, Verdict> verdict) {
    this.field = field;
    this.verdict = verdict;
  }

  String fieldName() {
    return field.lrName();
  }

  Verdict verdict(GrpcObservation o) {
    return verdict.apply(o);
  }
}

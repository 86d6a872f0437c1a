package dev.vllmscan.provider.verdict;

import dev.vllmscan.contract.Contract;
import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.probe.Observation;
import java.util.List;
import java.util.Set;
import dev.vllmscan.provider.probe.grpc.GrpcObservation;
import java.util.TreeSet;

/**
 * Whether a target can be judged at all, and how much of it. Not assessable (down, not vLLM, a catch-all,
 * a wall we cannot see past) makes every posture field an error, whichever host asks. One exception: an
 * authentication layer that refuses every route while {@code /health} answers as vLLM's does leaves the
 * anonymous surface assessable; facts behind the wall stay unknown.
 *
 * @param scope {@link #FULL} or {@link #ANONYMOUS_SURFACE}; null when not assessable
 */
public record Assessment(boolean assessable, String reason, String scope) {
  public static final String FULL = Contract.SCOPE_FULL;
  public static final String ANONYMOUS_SURFACE = Contract.SCOPE_ANONYMOUS_SURFACE;
  /** vLLM's gRPC frontend: its own checks apply, the HTTP ones do not. */
  public static final String GRPC_FRONTEND = Contract.SCOPE_GRPC_FRONTEND;

  /** Routes that may answer past a wall (health checks are often exempt) before it stops counting as a wall. */
  static final int WALL_EXEMPTIONS = 2;

  public boolean behindWall() {
    return ANONYMOUS_SURFACE.equals(scope);
  }

  public static Assessment of(RouteEvidence e, Set<String> fingerprints, Observation health, boolean insecure,
      boolean keySupplied) {
    if (e.unreachable() != null) return notAssessable(unreachable(e.baseUrl(), e.unreachable(), insecure));
    List<Observation> answers = e.anon().values().stream().filter(Observation::answered).toList();
    if (answers.isEmpty()) {
      String error = e.anon().values().stream().map(Observation::error).filter(x -> x != null).findFirst().orElse("no answer");
      return notAssessable(unreachable(e.baseUrl(), error, insecure));
    }
    if (!Fingerprints.strong(fingerprints)) {
      long walled = answers.stream()
          .filter(o -> AccessClassifier.classify(o, e.baseUrl(), o.request().method()) == AccessClass.AUTH).count();
      if (walled >= answers.size() - WALL_EXEMPTIONS) {
        if (healthLikeVllm(health)) {
          return new Assessment(true, "only the anonymous surface was assessed: every route but /health answered "
              + wallStatuses(answers, e.baseUrl()) + " from an authentication layer in front of the server"
              + (keySupplied ? " and the API key did not get through it" : "; rerun with --api-key to assess what is behind it"),
              ANONYMOUS_SURFACE);
        }
        return notAssessable("every route is behind an authentication layer that is not vLLM's own"
            + (keySupplied ? " and the API key did not get through it" : "; rerun with --api-key to assess the server behind it"));
      }
      if (e.calibration().catchAllEverywhere()) {
        return notAssessable("every path answers like a random path (catch-all gateway or single-page app); no vLLM behind it was seen");
      }
      return notAssessable("not recognised as vLLM: none of " + answers.size() + " answers carried a vLLM fingerprint");
    }
    long settled = e.verdicts().values().stream()
        .filter(v -> !v.anonymousAccessible().isUnknown() || !v.present().isUnknown()).count();
    if (settled < 5) {
      return notAssessable("only " + settled + " of " + e.verdicts().size() + " routes gave a conclusive answer");
    }
    int capped = e.openapi().capped();
    return new Assessment(true, capped == 0 ? null : "budget reached: " + capped + " routes listed in /openapi.json were not"
        + " probed (at most " + e.routes().stream().filter(r -> r.source().equals("openapi")).count() + " are); fields that"
        + " depend on them are unknown", FULL);
  }

  /**
   * A target asked over gRPC: assessable when vLLM's engine service was recognised there; a gRPC server without it
   * (any other service, a catch-all) is not, and neither is one that showed nothing either way.
   */
  public static Assessment ofGrpc(GrpcObservation o) {
    String address = o.target().address();
    if (!o.answered()) return notAssessable("not reachable: " + o.noAnswer());
    Verdict present = GrpcVerdict.present(o);
    if (present.isNo()) return notAssessable("a gRPC server at " + address + " that is not vLLM's frontend: " + present.reason());
    if (present.isUnknown()) return notAssessable(present.reason());
    String given = o.target().detectedFrom();
    String reason = given != null
        ? "vLLM's gRPC frontend: " + given + " answers only HTTP/2 gRPC, so it was assessed as " + address
            + " (scan vllm " + address + " to name it directly); the HTTP checks do not apply"
        : "vLLM's gRPC frontend at " + address + "; the HTTP checks do not apply";
    return new Assessment(true, reason, GRPC_FRONTEND);
  }

  private static Assessment notAssessable(String reason) {
    return new Assessment(false, reason, null);
  }

  private static String unreachable(String baseUrl, String error, boolean insecure) {
    String hint = error.startsWith("TLS handshake failed") && !insecure
        ? "; if the certificate comes from a private CA, rerun with --ca-cert CA.pem (or SSL_CERT_FILE=CA.pem); to scan"
          + " anyway, --insecure (the certificate is still reported)" : "";
    return "not reachable: no HTTP answer from " + baseUrl + " (" + error + ")" + hint;
  }

  /** vLLM's /health: 200 with an empty body (never an HTML page or a login form). */
  static boolean healthLikeVllm(Observation health) {
    return health != null && health.answered() && health.status() == 200 && health.body().length == 0;
  }

  private static String wallStatuses(List<Observation> answers, String baseUrl) {
    Set<Integer> statuses = new TreeSet<>();
    for (Observation o : answers) {
      if (AccessClassifier.classify(o, baseUrl, o.request().method()) == AccessClass.AUTH) statuses.add(o.status());
    }
    return statuses.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse("401");
  }
}

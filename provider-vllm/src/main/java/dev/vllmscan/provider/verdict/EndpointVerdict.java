package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.RouteSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts of one route from its anonymous and (optional) authenticated observations, after
 * calibration. Pure: the same inputs give the same answers.
 */
public record EndpointVerdict(
    Boolean present,
    Boolean anonymousAccessible,
    Boolean requiresAuth,
    Integer anonymousStatusCode,
    Integer authenticatedStatusCode,
    String authLayer,
    Boolean keyEffective,
    Boolean strictlyRegistered,
    List<String> notes) {

  public static EndpointVerdict of(RouteSpec route, Observation anon, Observation auth, boolean keySupplied,
      Calibration cal, String baseUrl) {
    AccessClass anonClass = AccessClassifier.classify(anon, baseUrl, route.method());
    boolean anonLooksAbsent = cal != null && cal.looksAbsent(anon);
    AccessClass authClass = auth == null ? null : AccessClassifier.classify(auth, baseUrl, route.method());
    boolean authLooksAbsent = auth != null && cal != null && cal.looksAbsent(auth);

    Boolean accessible = switch (anonClass) {
      case REACHED -> anonLooksAbsent ? null : Boolean.TRUE;
      case AUTH, ABSENT -> Boolean.FALSE;
      default -> null;
    };
    Boolean requiresAuth = switch (anonClass) {
      case AUTH -> Boolean.TRUE;
      case REACHED -> anonLooksAbsent ? null : Boolean.FALSE;
      default -> null;
    };
    boolean useAuth = authClass != null && authClass != AccessClass.AUTH && authClass != AccessClass.NO_ANSWER;
    AccessClass best = useAuth ? authClass : anonClass;
    boolean bestLooksAbsent = useAuth ? authLooksAbsent : anonLooksAbsent;
    Boolean present = switch (best) {
      case REACHED, AUTH -> bestLooksAbsent ? null : Boolean.TRUE;
      case ABSENT -> Boolean.FALSE;
      default -> null;
    };
    Boolean strict = best == AccessClass.AUTH ? null : present;

    String layer = null;
    if (anonClass == AccessClass.AUTH) {
      layer = AccessClassifier.isVllmKeyRejection(anon) ? "vllm-key" : "proxy";
    }
    Boolean keyEffective = null;
    if (auth != null && anonClass != AccessClass.NO_ANSWER && authClass != AccessClass.NO_ANSWER) {
      keyEffective = anonClass == AccessClass.AUTH && authClass != AccessClass.AUTH;
    } else if (keySupplied && Boolean.TRUE.equals(accessible)) {
      // Open without the key: it makes no difference here, so it was not sent.
      keyEffective = Boolean.FALSE;
    }

    List<String> notes = new ArrayList<>();
    if (route.isStoredResponseProbe()) {
      notes.add("probed with a synthetic response id that cannot name a real response");
    }
    if (route.stateChanging()) {
      notes.add("changes server state: probed only with " + route.wireMethod() + ", which the route rejects,"
          + " and no body; the handler did not run");
    }
    if (anon != null && anon.error() != null) notes.add("anonymous probe failed: " + anon.error());
    if (auth != null && auth.error() != null) notes.add("authenticated probe failed: " + auth.error());
    if (anon != null && anon.answered()) {
      int s = anon.status();
      if (anonClass == AccessClass.AUTH) notes.add("anonymous request rejected by an auth layer (" + s + ")");
      else if (s == 404) notes.add("route not observed (404)");
      else if (s == 501) notes.add("route not implemented (501)");
      else if (s == 405) notes.add(anonClass == AccessClass.REACHED
          ? "route exists; method rejected (405)" : "405 without the documented method in Allow: inconclusive");
      else if (s == 400 || s == 422) notes.add("request reached route validation (" + s + ")");
      else if (s >= 300 && s < 400) notes.add("redirect to " + anon.header("location") + " not followed");
      else if (s < 300) notes.add("request reached the route (" + s + ")");
      if (anonLooksAbsent && anonClass != AccessClass.ABSENT) {
        notes.add("answer matches what a random path gets on this target: not evidence of the route");
      }
    }
    return new EndpointVerdict(present, accessible, requiresAuth, anon == null ? null : anon.status(),
        auth == null ? null : auth.status(), layer, keyEffective, strict, List.copyOf(notes));
  }
}

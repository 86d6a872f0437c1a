package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.RouteSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts of one route from its anonymous and (optional) authenticated observations, after
 * calibration. Pure: the same inputs give the same answers. {@code requiresAuth} is null (not unknown)
 * where the question does not apply: the route is not there.
 */
public record EndpointVerdict(
    RouteSpec route,
    Verdict present,
    Verdict anonymousAccessible,
    Verdict requiresAuth,
    Integer anonymousStatusCode,
    Integer authenticatedStatusCode,
    String authLayer,
    Boolean keyEffective,
    Verdict strictlyRegistered,
    List<String> notes) {

  private static final String LIKE_RANDOM = "answers like a random path on this target, so it is no evidence of the route";

  public static EndpointVerdict of(RouteSpec route, Observation anon, Observation auth, boolean keySupplied,
      Calibration cal, String baseUrl) {
    AccessClass anonClass = AccessClassifier.classify(anon, baseUrl, route.method());
    boolean anonLooksAbsent = cal != null && cal.looksAbsent(anon);
    AccessClass authClass = auth == null ? null : AccessClassifier.classify(auth, baseUrl, route.method());
    boolean authLooksAbsent = auth != null && cal != null && cal.looksAbsent(auth);
    String anonWhy = "anonymous " + AccessClassifier.describe(anonClass, anon);

    Verdict accessible = switch (anonClass) {
      case REACHED -> anonLooksAbsent ? Verdict.unknown(anonWhy + ", but " + LIKE_RANDOM) : Verdict.yes(anonWhy);
      case AUTH, ABSENT, DISABLED -> Verdict.no(anonWhy);
      default -> Verdict.unknown(anonWhy);
    };
    Verdict requiresAuth = switch (anonClass) {
      case AUTH -> Verdict.yes(anonWhy);
      case DISABLED -> Verdict.no(anonWhy);
      case REACHED -> anonLooksAbsent ? Verdict.unknown(anonWhy + ", but " + LIKE_RANDOM) : Verdict.no(anonWhy);
      case ABSENT -> null;
      default -> Verdict.unknown(anonWhy);
    };
    boolean useAuth = authClass != null && authClass != AccessClass.AUTH && authClass != AccessClass.NO_ANSWER;
    AccessClass best = useAuth ? authClass : anonClass;
    boolean bestLooksAbsent = useAuth ? authLooksAbsent : anonLooksAbsent;
    String bestWhy = useAuth ? "with the key " + AccessClassifier.describe(authClass, auth) : anonWhy;
    Verdict present = switch (best) {
      case REACHED, AUTH -> bestLooksAbsent ? Verdict.unknown(bestWhy + ", but " + LIKE_RANDOM) : Verdict.yes(bestWhy);
      case DISABLED -> Verdict.yes(bestWhy);
      case ABSENT -> Verdict.no(bestWhy);
      default -> Verdict.unknown(bestWhy);
    };
    Verdict strict = best == AccessClass.AUTH
        ? Verdict.unknown(bestWhy + ": an auth layer answers before routing") : present;

    String layer = null;
    if (anonClass == AccessClass.AUTH) {
      layer = AccessClassifier.isVllmKeyRejection(anon) ? "vllm-key" : "proxy";
    }
    Boolean keyEffective = null;
    if (auth != null && anonClass != AccessClass.NO_ANSWER && authClass != AccessClass.NO_ANSWER) {
      keyEffective = anonClass == AccessClass.AUTH && authClass != AccessClass.AUTH;
    } else if (keySupplied && accessible.isYes()) {
      // Open without the key: it makes no difference here, so it was not sent.
      keyEffective = Boolean.FALSE;
    }
    return new EndpointVerdict(route, present, accessible, requiresAuth, anon == null ? null : anon.status(),
        auth == null ? null : auth.status(), layer, keyEffective, strict,
        notes(route, anon, auth, anonClass, anonLooksAbsent));
  }

  /** One line for people: "POST /invocations: anonymous 200, with the key -". */
  public String summary() {
    return route.wireMethod() + " " + route.path() + ": anonymous " + status(anonymousStatusCode)
        + (authenticatedStatusCode == null ? "" : ", with the key " + authenticatedStatusCode);
  }

  private static String status(Integer s) {
    return s == null ? "no answer" : String.valueOf(s);
  }

  private static List<String> notes(RouteSpec route, Observation anon, Observation auth, AccessClass anonClass,
      boolean anonLooksAbsent) {
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
      notes.add("anonymous " + AccessClassifier.describe(anonClass, anon));
      if (anon.truncated()) notes.add("body cut at the read limit");
      if (anonLooksAbsent && anonClass != AccessClass.ABSENT) notes.add(LIKE_RANDOM);
    }
    return List.copyOf(notes);
  }
}

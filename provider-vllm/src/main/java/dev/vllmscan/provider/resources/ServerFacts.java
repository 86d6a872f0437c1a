package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.provider.verdict.AccessClass;
import dev.vllmscan.provider.verdict.AccessClassifier;
import dev.vllmscan.provider.verdict.EndpointVerdict;
import dev.vllmscan.provider.verdict.RouteEvidence;
import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.connection.TlsInspector;
import java.util.List;

/** Server facts read from single routes' content (version, model list, OpenAPI paths, certificate). */
final class ServerFacts {
  private ServerFacts() {}

  /** Whether anyone without a key learns the version from /version. */
  static Verdict versionDisclosed(Posture p) {
    RouteEvidence e = p.routes();
    EndpointVerdict row = e.only("version");
    Observation o = row == null ? null : e.anon(row.route().key());
    if (o == null || !o.answered()) return Verdict.unknown("GET /version: " + (o == null ? "not probed" : "no answer (" + o.error() + ")"));
    String v = Posture.versionIn(o);
    if (v != null) return Verdict.yes("GET /version: anonymous " + o.status() + ", version " + v);
    if (o.is2xx() && o.truncated()) return Verdict.unknown("GET /version: answer cut at the read limit");
    if (o.status() >= 500 || o.status() == 408 || o.status() == 429) {
      return Verdict.unknown("GET /version: anonymous " + o.status() + " (after one retry)");
    }
    return Verdict.no("GET /version: anonymous " + o.status() + (o.is2xx() ? " without a version string" : ""));
  }

  /** The version: disclosed anonymously, else read with the key when something in front refused it. */
  static String version(Posture p) {
    Verdict disclosed = versionDisclosed(p);
    if (disclosed.isUnknown()) throw FieldError.unknown(disclosed.reason());
    if (disclosed.isYes()) return Posture.versionIn(p.routes().anon("GET /version"));
    Posture.Content withKey = p.content("/version");
    String v = Posture.versionIn(withKey.observation());
    if (v != null) return v;
    if (p.assessment().behindWall() && !refusedByTheWall(p, withKey)) {
      throw FieldError.unknown("the version is behind an authentication layer in front of the server");
    }
    return null;
  }

  /**
   * Behind a wall, a /version the wall refused (and that the key, if any, did not get past) is evidence that the
   * version is not disclosed: null, as for any server that hides it. Anything short of that refusal (a keyed
   * request that timed out or met a 5xx) leaves it unknown.
   */
  private static boolean refusedByTheWall(Posture p, Posture.Content asked) {
    String base = p.config().baseUrl();
    Observation anonymous = p.routes().anon("GET /version");
    boolean anonymousRefused = anonymous != null && anonymous.answered()
        && AccessClassifier.classify(anonymous, base, "GET") == AccessClass.AUTH;
    if (!anonymousRefused) return false;
    Observation last = asked.observation();
    return asked.identity().equals("anonymous")
        || (last.answered() && AccessClassifier.classify(last, base, "GET") == AccessClass.AUTH);
  }

  static Verdict anonymousModelListExposed(Posture p) {
    EndpointVerdict v = p.routes().only("model-list");
    Observation o = p.routes().anon("GET /v1/models");
    if (v == null || o == null) return Verdict.unknown("GET /v1/models was not probed");
    if (!v.anonymousAccessible().isYes()) return v.anonymousAccessible();
    if (!o.is2xx()) return Verdict.no("GET /v1/models: anonymous " + o.status());
    // A 2xx we could not read as a model list settles nothing: it may be the list, cut short or mangled.
    return o.json() != null && o.json().has("data") ? Verdict.yes("GET /v1/models: anonymous " + o.status() + " with a model list")
        : Verdict.unknown("GET /v1/models: anonymous " + o.status() + " but not a readable model list");
  }

  static List<String> openapiRoutes(Posture p) {
    RouteEvidence.OpenApi doc = p.routes().openapi();
    if (doc.unknownReason() != null) throw FieldError.unknown("/openapi.json is exposed but " + doc.unknownReason());
    return doc.paths();
  }

  static String certificateEvidence(Posture p) {
    TlsInspector.TlsFacts t = p.tls();
    if (!p.config().baseUrl().startsWith("https://")) return "plain HTTP: no certificate";
    return (t.subject() == null ? "" : "subject " + t.subject() + ", ")
        + (t.notAfter() == null ? "" : "expires " + t.notAfter() + ", ")
        + (t.problem() == null ? "trusted by " + t.trustSource() + " and matches the host" : t.problem());
  }
}

package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.probe.Observation;
import java.util.List;

/**
 * CORS posture from preflights sent with a random probe origin (to / and to a real API route) and
 * with {@code Origin: null}. A reflected random origin is as open as {@code *}, and worse with credentials.
 */
public record CorsVerdict(Boolean configured, Boolean allowsAnyOrigin, Boolean reflectsOrigin,
    Boolean allowsCredentials, Boolean allowsNullOrigin, Boolean preflightAccepted) {

  public static CorsVerdict of(String probeOrigin, List<Observation> randomOriginPreflights, Observation nullOriginPreflight) {
    boolean anyAnswer = false;
    boolean configured = false;
    boolean star = false;
    boolean reflected = false;
    boolean credentials = false;
    boolean accepted = false;
    for (Observation o : randomOriginPreflights) {
      if (o == null || !o.answered()) continue;
      anyAnswer = true;
      String acao = o.header("access-control-allow-origin");
      if (acao != null || o.header("access-control-allow-methods") != null || o.header("access-control-allow-headers") != null) {
        configured = true;
      }
      if (acao == null) continue;
      boolean ok = o.is2xx();
      if (acao.trim().equals("*")) star = true;
      if (acao.trim().equalsIgnoreCase(probeOrigin)) reflected = true;
      if (ok && (acao.trim().equals("*") || acao.trim().equalsIgnoreCase(probeOrigin))) {
        accepted = true;
        if ("true".equalsIgnoreCase(String.valueOf(o.header("access-control-allow-credentials")).trim())) credentials = true;
      }
    }
    if (!anyAnswer) return new CorsVerdict(null, null, null, null, null, null);
    Boolean nullOrigin = null;
    if (nullOriginPreflight != null && nullOriginPreflight.answered()) {
      String acao = nullOriginPreflight.header("access-control-allow-origin");
      nullOrigin = acao != null && acao.trim().equals("null");
    }
    return new CorsVerdict(configured, star || reflected, reflected, credentials, nullOrigin, accepted);
  }
}

package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.probe.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * CORS posture from preflights sent with a random probe origin (to / and to a real API route) and
 * with {@code Origin: null}. A reflected random origin is as open as {@code *}, and worse with credentials.
 * Every verdict carries the preflight answers that decided it.
 */
public record CorsVerdict(Verdict configured, Verdict allowsAnyOrigin, Verdict reflectsOrigin,
    Verdict allowsCredentials, Verdict allowsNullOrigin, Verdict preflightAccepted) {

  public static CorsVerdict of(String probeOrigin, List<Observation> randomOriginPreflights, Observation nullOriginPreflight) {
    boolean anyAnswer = false;
    boolean allAnswered = true;
    boolean configured = false;
    boolean star = false;
    boolean reflected = false;
    boolean credentials = false;
    boolean accepted = false;
    List<String> seen = new ArrayList<>();
    for (Observation o : randomOriginPreflights) {
      if (o == null || !o.answered()) {
        allAnswered = false;
        continue;
      }
      anyAnswer = true;
      seen.add(describe(o));
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
    if (!anyAnswer) {
      Verdict u = Verdict.unknown("no answer to the CORS preflights (OPTIONS / and /v1/chat/completions)");
      return new CorsVerdict(u, u, u, u, u, u);
    }
    String[] ev = seen.toArray(String[]::new);
    // A preflight that did not answer may be the one that allows an origin: only a "yes" is decided without it.
    String missing = allAnswered ? null : "one CORS preflight did not answer (" + String.join("; ", seen) + " answered)";
    Verdict nullOrigin;
    if (nullOriginPreflight != null && nullOriginPreflight.answered()) {
      String acao = nullOriginPreflight.header("access-control-allow-origin");
      nullOrigin = Verdict.of(acao != null && acao.trim().equals("null"), describe(nullOriginPreflight));
    } else {
      nullOrigin = Verdict.unknown("no answer to the preflight with Origin: null");
    }
    return new CorsVerdict(judge(configured, ev, missing), judge(star || reflected, ev, missing),
        judge(reflected, ev, missing), judge(credentials, ev, missing), nullOrigin, judge(accepted, ev, missing));
  }

  private static Verdict judge(boolean seen, String[] evidence, String missing) {
    if (seen || missing == null) return Verdict.of(seen, evidence);
    return Verdict.unknown(missing);
  }

  private static String describe(Observation o) {
    StringBuilder sb = new StringBuilder("OPTIONS ").append(o.request().path()).append(" with Origin: ")
        .append(o.request().headers().get("Origin")).append(" → ").append(o.status());
    for (String h : List.of("access-control-allow-origin", "access-control-allow-credentials")) {
      if (o.header(h) != null) sb.append(", ").append(h).append(": ").append(o.header(h));
    }
    if (o.header("access-control-allow-origin") == null) sb.append(", no access-control-allow-origin");
    return sb.toString();
  }
}

package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.probe.Observation;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One rule for every answer: status, headers and body facts → {@link AccessClass}. */
public final class AccessClassifier {
  private static final List<String> LOGIN_HINTS = List.of("/login", "/signin", "/sign_in", "/oauth2/", "/sso", "/auth",
      "/saml", "/oidc");

  private AccessClassifier() {}

  /**
   * @param documentedMethod the route's documented method: a 405 counts as reaching the router only when
   *     {@code Allow} names it, or the body is FastAPI's own 405 body
   */
  public static AccessClass classify(Observation o, String baseUrl, String documentedMethod) {
    if (o == null || !o.answered()) return AccessClass.NO_ANSWER;
    int s = o.status();
    if (VllmEnvelope.isFeatureDisabled(o)) return AccessClass.DISABLED;
    if (s == 401 || s == 403 || s == 407) return AccessClass.AUTH;
    if (s >= 400 && s < 500 && o.header("www-authenticate") != null) return AccessClass.AUTH;
    if (s >= 300 && s < 400) return redirectClass(o, baseUrl);
    if (s == 404 && VllmEnvelope.isHandlerNotFound(o)) return AccessClass.REACHED;
    if (s == 404 || s == 501) return AccessClass.ABSENT;
    if (s == 405) return allowMatches(o, documentedMethod) ? AccessClass.REACHED : AccessClass.UNKNOWN;
    if (s == 408 || s == 429 || s >= 500) return AccessClass.UNKNOWN;
    if (s >= 200 && s < 300 && isLoginPage(o)) return AccessClass.AUTH;
    if (s >= 100 && s < 500) return AccessClass.REACHED;
    return AccessClass.UNKNOWN;
  }

  static boolean allowMatches(Observation o, String documentedMethod) {
    String allow = o.header("allow");
    if (allow != null && documentedMethod != null) {
      boolean listed = Arrays.stream(allow.split(","))
          .anyMatch(m -> m.trim().equalsIgnoreCase(documentedMethod));
      if (listed) return true;
    }
    return o.text().trim().replace(" ", "").equals("{\"detail\":\"MethodNotAllowed\"}");
  }

  private static AccessClass redirectClass(Observation o, String baseUrl) {
    String location = o.header("location");
    if (location == null) return AccessClass.UNKNOWN;
    try {
      URI base = URI.create(baseUrl + "/");
      URI target = base.resolve(location.trim());
      if (target.getHost() != null && base.getHost() != null
          && (!target.getHost().equalsIgnoreCase(base.getHost()) || port(target) != port(base))) {
        return AccessClass.AUTH;
      }
      String path = target.getPath() == null ? "" : target.getPath().toLowerCase(Locale.ROOT);
      for (String hint : LOGIN_HINTS) {
        if (path.contains(hint)) return AccessClass.AUTH;
      }
    } catch (IllegalArgumentException e) {
      return AccessClass.UNKNOWN;
    }
    return AccessClass.UNKNOWN;
  }

  private static int port(URI u) {
    if (u.getPort() != -1) return u.getPort();
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  static boolean isLoginPage(Observation o) {
    if (!o.contentType().contains("text/html")) return false;
    String body = o.text().toLowerCase(Locale.ROOT);
    return body.contains("type=\"password\"") || body.contains("type='password'") || body.contains("type=password");
  }

  /** Why an answer got its class, in a few words for evidence and notes. */
  public static String describe(AccessClass c, Observation o) {
    if (o == null || !o.answered()) return o == null ? "not probed" : String.valueOf(o.error());
    int s = o.status();
    return switch (c) {
      case REACHED -> s == 404 ? "404 from the route's handler (" + VllmEnvelope.message(o) + "): route present"
          : s == 405 ? "405: route exists, method rejected" : s + ": reached the route";
      case AUTH -> s + " from an auth layer" + (isVllmKeyRejection(o) ? " (vLLM's API key)" : "")
          + (s >= 300 && s < 400 ? " (redirect to " + o.header("location") + ")" : "");
      case DISABLED -> "403 from vLLM: " + VllmEnvelope.message(o);
      case ABSENT -> s + ": route not there";
      case UNKNOWN -> s + (s >= 300 && s < 400 ? " redirect to " + o.header("location") + ", not followed"
          : s == 405 ? " without the documented method in Allow" : "") + ": inconclusive";
      case NO_ANSWER -> "no answer";
    };
  }

  /** vLLM's own key middleware: 401, body exactly {"error":"Unauthorized"}, no WWW-Authenticate. */
  public static boolean isVllmKeyRejection(Observation o) {
    return o != null && o.answered() && o.status() == 401 && o.header("www-authenticate") == null
        && o.text().trim().replace(" ", "").equals("{\"error\":\"Unauthorized\"}");
  }
}

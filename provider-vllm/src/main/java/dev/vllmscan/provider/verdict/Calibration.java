package dev.vllmscan.provider.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.probe.Observation;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What an absent route looks like on this target, learnt from random canary paths inside and outside
 * each guarded prefix. An answer with the same signature as the canary for its region is no evidence
 * that a route exists (catch-all gateways, SPAs, prefix-wide key middleware).
 */
public final class Calibration {
  public static final List<String> PREFIXES = List.of("/v1", "/v2", "/inference", "/cohere");
  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern CANARY_TOKEN = Pattern.compile("vllmscan-canary-[0-9a-f]+");

  private final String marker;
  /** key: identity|method|region ("" = outside every prefix). */
  private final Map<String, Observation> canaries;
  /** Each canary's signature, computed once: every route of the catalogue is compared with its region's canary. */
  private final Map<String, String> canarySignatures = new ConcurrentHashMap<>();

  public Calibration(String marker, Map<String, Observation> canaries) {
    this.marker = marker;
    this.canaries = Map.copyOf(canaries);
  }

  public static String region(String path) {
    for (String p : PREFIXES) {
      if (path.startsWith(p)) return p;
    }
    return "";
  }

  public static String canaryKey(boolean authenticated, String method, String region) {
    return (authenticated ? "key" : "anon") + "|" + method + "|" + region;
  }

  public Observation canary(boolean authenticated, String method, String region) {
    return canaries.get(canaryKey(authenticated, method, region));
  }

  /** True when the answer is indistinguishable from what a random path in its region gets. */
  public boolean looksAbsent(Observation o) {
    if (o == null || !o.answered() || o.request() == null) return false;
    String key = canaryKey(o.request().authenticated(), o.request().method(), region(o.request().path()));
    Observation canary = canaries.get(key);
    if (canary == null || !canary.answered()) return false;
    // Status and media type first: most routes differ from their canary there, and a body's shape costs a parse
    // (in a fleet, the catalogue's verdicts were an eighth of the provider's allocation, half of it these shapes).
    if (!Objects.equals(o.status(), canary.status()) || !media(o).equals(media(canary))) return false;
    return canarySignatures.computeIfAbsent(key, k -> signature(canary)).equals(signature(o));
  }

  /** Status, media type and body shape, with the canary's random token removed. */
  String signature(Observation o) {
    String media = media(o);
    return o.status() + "|" + media + "|" + bodyShape(o, media);
  }

  private static String media(Observation o) {
    String ct = o.contentType();
    int semi = ct.indexOf(';');
    return semi < 0 ? ct.trim() : ct.substring(0, semi).trim();
  }

  private String bodyShape(Observation o, String media) {
    String text = o.text().replace(marker, "");
    text = CANARY_TOKEN.matcher(text).replaceAll("");
    // Absent-route answers are small; a large body is never one, and parsing it would only cost memory.
    if (media.contains("json") && o.body().length <= 64 * 1024) {
      JsonNode n = o.json();
      if (n != null && n.isObject()) {
        TreeSet<String> keys = new TreeSet<>();
        n.fieldNames().forEachRemaining(keys::add);
        JsonNode detail = n.get("detail");
        String message = VllmEnvelope.message(o);
        return "json" + keys + (detail != null && detail.isTextual() ? detail.asText() : "")
            + (message == null ? "" : "|" + CANARY_TOKEN.matcher(message.replace(marker, "")).replaceAll(""));
      }
    }
    if (media.contains("html")) {
      Matcher m = TITLE.matcher(text);
      return "html:" + (m.find() ? m.group(1).trim().toLowerCase(Locale.ROOT) : hash(text));
    }
    return hash(text);
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      return Integer.toHexString(text.hashCode());
    }
  }

  /** Prefixes whose canary is rejected by an auth layer while the outside canary is not. */
  public List<String> guardedPrefixes() {
    List<String> out = new ArrayList<>();
    Observation outside = canary(false, "GET", "");
    boolean outsideAuth = outside != null && AccessClassifier.classify(outside, "http://x", "GET") == AccessClass.AUTH;
    for (String p : PREFIXES) {
      Observation c = canary(false, "GET", p);
      if (c != null && AccessClassifier.classify(c, "http://x", "GET") == AccessClass.AUTH && !outsideAuth) {
        out.add(p);
      }
    }
    return out;
  }

  /** Every canary region answers alike with a non-404 status: a catch-all in front of everything. */
  public boolean catchAllEverywhere() {
    Observation outside = canary(false, "GET", "");
    return outside != null && outside.answered() && outside.status() != 404 && outside.status() != 405
        && AccessClassifier.classify(outside, "http://x", "GET") != AccessClass.ABSENT;
  }
}

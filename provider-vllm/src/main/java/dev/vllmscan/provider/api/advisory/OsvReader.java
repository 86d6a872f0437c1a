package dev.vllmscan.provider.api.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OSV documents (the osv.dev schema) into {@link Advisory}s: only {@code PyPI/vllm} entries with ECOSYSTEM
 * ranges are kept; anything malformed is refused with the reason, never half-read.
 */
public final class OsvReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** RFC 3339's date-time: seconds required, a zone required (java.time alone would take "2026-11-28T00:00Z"). */
  private static final Pattern RFC3339 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:[Zz]|([+-])(\\d{2}):(\\d{2}))");

  private OsvReader() {}

  /** The advisory, or null when the document is valid OSV but not about PyPI's vllm. */
  public static Advisory read(byte[] document) {
    JsonNode n;
    try {
      n = JSON.readTree(document);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException("not an OSV document (no object)");
    String id = text(n, "id");
    if (id == null) throw new IllegalArgumentException("no id");
    if (text(n, "modified") == null) throw new IllegalArgumentException(id + ": no modified date");
    // A date that is not a date would sort anywhere (after every real one, as text): refuse it instead.
    for (String field : List.of("modified", "published", "withdrawn")) {
      if (n.has(field) && (text(n, field) == null || parseInstant(text(n, field)) == null)) {
        throw new IllegalArgumentException(id + ": " + field + " '" + n.get(field).asText() + "' is not an RFC 3339 date-time"
            + " (e.g. 2026-11-28T00:00:00Z)");
      }
    }
    String withdrawn = text(n, "withdrawn");
    List<Advisory.Range> ranges = new ArrayList<>();
    String specifier = null;
    boolean forVllm = false;
    for (JsonNode a : n.path("affected")) {
      JsonNode pkg = a.path("package");
      if (!"PyPI".equals(pkg.path("ecosystem").asText()) || !"vllm".equalsIgnoreCase(pkg.path("name").asText())) continue;
      forVllm = true;
      if (specifier == null) specifier = text(a.path("database_specific"), "specifier");
      for (JsonNode r : a.path("ranges")) {
        if (!"ECOSYSTEM".equals(r.path("type").asText())) continue;
        ranges.addAll(events(id, r.path("events")));
      }
    }
    if (!forVllm) return null;
    if (ranges.isEmpty() && withdrawn == null) throw new IllegalArgumentException(id + ": no ECOSYSTEM range for PyPI vllm");
    JsonNode ds = n.path("database_specific");
    List<String> aliases = new ArrayList<>();
    n.path("aliases").forEach(x -> aliases.add(x.asText()));
    List<String> cwe = new ArrayList<>();
    ds.path("cwe").forEach(x -> cwe.add(x.asText()));
    List<String> routes = new ArrayList<>();
    ds.path("routes").forEach(x -> routes.add(x.asText()));
    String needs = ds.path("needs").asText("not-observable");
    String url = n.path("references").path(0).path("url").asText(null);
    return new Advisory(id, aliases, text(n, "summary") == null ? id : text(n, "summary"),
        ds.path("severity").asText("").isBlank() ? "UNKNOWN" : ds.path("severity").asText().toUpperCase(Locale.ROOT),
        ds.path("cvss_score").isNumber() ? ds.get("cvss_score").asDouble() : null, cwe,
        specifier != null ? specifier : describe(ranges), ranges, text(ds, "fixed_in"), ds.path("attack_surface").asText("unknown"),
        ds.path("condition").asText(""), routes, needs, ds.path("observable").asBoolean(false) && !routes.isEmpty(), url,
        text(n, "modified"), withdrawn);
  }

  /** An RFC 3339 date-time as an instant (OSV's format for modified, published and withdrawn). */
  public static Instant instant(String rfc3339) {
    Instant i = parseInstant(rfc3339);
    if (i == null) throw new IllegalArgumentException("'" + rfc3339 + "' is not an RFC 3339 date-time");
    return i;
  }

  /**
   * Built from the pattern's fields rather than through java.time's ISO formatter: the formatter's machinery is
   * most of the cost of reading the ~100 bundled documents at a scan's start, and OffsetDateTime.of checks the same
   * ranges (a 30 February, an hour 24, a second 60, an offset past 18:00 are refused either way).
   */
  private static Instant parseInstant(String s) {
    Matcher m = RFC3339.matcher(s);
    if (!m.matches()) return null;
    try {
      String fraction = m.group(7);
      int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      ZoneOffset offset = ZoneOffset.UTC;
      if (m.group(8) != null) {
        int sign = m.group(8).equals("-") ? -1 : 1;
        offset = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(9)), sign * Integer.parseInt(m.group(10)));
      }
      return OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), nanos, offset)
          .toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** OSV events in order: each "introduced" opens a range that the next "fixed" or "last_affected" closes. */
  private static List<Advisory.Range> events(String id, JsonNode events) {
    List<Advisory.Range> out = new ArrayList<>();
    String introduced = null;
    for (JsonNode e : events) {
      if (e.has("introduced")) {
        if (introduced != null) out.add(new Advisory.Range(introduced, null, null));
        introduced = version(id, e.get("introduced").asText());
      } else if (e.has("fixed") || e.has("last_affected")) {
        if (introduced == null) throw new IllegalArgumentException(id + ": a range closes before it opens");
        String fixed = e.has("fixed") ? version(id, e.get("fixed").asText()) : null;
        String last = e.has("last_affected") ? version(id, e.get("last_affected").asText()) : null;
        out.add(new Advisory.Range(introduced, fixed, last));
        introduced = null;
      }
    }
    if (introduced != null) out.add(new Advisory.Range(introduced, null, null));
    return out;
  }

  private static String version(String id, String v) {
    if (Pep440.parse(v) == null) throw new IllegalArgumentException(id + ": '" + v + "' is not a PEP 440 version");
    return v;
  }

  private static String describe(List<Advisory.Range> ranges) {
    List<String> parts = new ArrayList<>();
    for (Advisory.Range r : ranges) {
      String lo = r.introduced() == null || r.introduced().equals("0") ? "" : ">=" + r.introduced();
      String hi = r.fixed() != null ? "<" + r.fixed() : r.lastAffected() != null ? "<=" + r.lastAffected() : "";
      parts.add(lo.isEmpty() ? (hi.isEmpty() ? ">=0" : hi) : hi.isEmpty() ? lo : lo + "," + hi);
    }
    return String.join(" || ", parts);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }
}

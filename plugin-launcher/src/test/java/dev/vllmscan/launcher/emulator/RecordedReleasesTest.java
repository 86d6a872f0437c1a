package dev.vllmscan.launcher.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The emulator held against real vLLM releases as the harness recorded them (testdata/real-vllm/facts): each era's
 * profile, given a variant's flags, registers the recorded route table, guards the recorded prefixes, answers the
 * recorded CORS preflight and gives the recorded answer (status, envelope, error type) to every probe the scanner
 * sends — except the differences its profile lists under realVllm.differences, each with its reason.
 */
class RecordedReleasesTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Stream<RecordedRelease> recorded() {
    return RecordedRelease.all().stream();
  }

  @Test
  void theOldestAndTheNewestErasAreRecorded() {
    List<String> releases = RecordedRelease.releases();
    assertTrue(releases.size() >= 2, "recorded releases: " + releases);
    assertTrue(releases.contains("0.8.5.post1"), "recorded releases: " + releases);
    for (String r : releases) {
      assertEquals(4, RecordedRelease.all().stream().filter(x -> x.release().equals(r)).count(), r + ": variants a-d");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recorded")
  void routeTableMatchesTheRelease(RecordedRelease r) {
    Map<String, String> emulated = new TreeMap<>();
    RouteTable.forProfile(r.profile()).forEach((p, m) -> emulated.put(template(p), String.join(",", new TreeSet<>(m))));
    emulated.put("/metrics", "GET");  // served by the emulator outside its table, as vLLM mounts Prometheus
    Map<String, String> real = new TreeMap<>();
    for (JsonNode route : r.facts().get("routes")) {
      TreeSet<String> methods = new TreeSet<>();
      route.get("methods").forEach(m -> methods.add(m.asText()));
      if (methods.isEmpty()) methods.add("GET");  // a mount (Prometheus at /metrics) answers GET like a route
      real.merge(template(route.get("path").asText()), String.join(",", methods), (a, b) -> String.join(",", new TreeSet<>(
          List.of((a + "," + b).split(",")))));
    }
    List<String> differences = r.differences().keySet().stream().map(RecordedReleasesTest::template).toList();
    List<String> wrong = new ArrayList<>();
    for (String path : new TreeSet<>(union(real.keySet(), emulated.keySet()))) {
      if (differences.contains(path)) continue;
      String want = real.get(path);
      String got = emulated.get(path);
      if (want == null || !want.equals(got)) {
        wrong.add(path + ": vLLM " + r.release() + " registers " + (want == null ? "nothing" : want) + ", the emulator "
            + (got == null ? "nothing" : got));
      }
    }
    assertTrue(wrong.isEmpty(), r + " route table drifted (fix the emulator's data or list the difference with its reason "
        + "under realVllm.differences in " + r.eraProfile() + ".yaml):\n" + String.join("\n", wrong));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recorded")
  void keyGuardAndCorsMatchTheRelease(RecordedRelease r) throws Exception {
    Profile p = r.profile();
    List<String> guarded = new ArrayList<>();
    r.facts().get("guardedPrefixes").forEach(g -> guarded.add(g.asText()));
    assertEquals(guarded, p.apiKey() == null ? List.of() : p.guardedPrefixes(), r + ": prefixes the key middleware guards");
    try (VllmEmulator e = VllmEmulator.start(p, 0)) {
      JsonNode want = r.facts().get("preflight");
      HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create(e.url() + "/v1/models"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", want.get("origin").asText())
          .header("Access-Control-Request-Method", "POST").timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(want.get("status").asInt(), got.statusCode(), r + ": preflight status");
      assertEquals(text(want.get("allowOrigin")), got.headers().firstValue("access-control-allow-origin").orElse(null),
          r + ": preflight Access-Control-Allow-Origin");
      assertEquals(text(want.get("allowCredentials")),
          got.headers().firstValue("access-control-allow-credentials").orElse(null), r + ": preflight credentials");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recorded")
  void answersMatchTheRelease(RecordedRelease r) throws Exception {
    Map<String, String> differences = r.differences();
    List<String> wrong = new ArrayList<>();
    int compared = 0;
    try (VllmEmulator e = VllmEmulator.start(r.profile(), 0)) {
      for (JsonNode a : r.facts().get("answers")) {
        String path = a.get("path").asText();
        if (differences.containsKey(path)) continue;
        // A 5xx is the stub engine's doing (no serving state behind the handler): a real engine answers otherwise.
        if (a.get("status").isNull() || a.get("status").asInt() >= 500) continue;
        compared++;
        String body = text(a.get("body"));
        HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create(e.url() + path))
            .method(a.get("wire").asText(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        String want = a.get("status").asInt() + " " + a.get("envelope").asText() + " " + text(a.get("type"));
        String seen = got.statusCode() + " " + Envelope.of(got.body()) + " " + Envelope.errorType(got.body());
        if (!want.equals(seen)) wrong.add(a.get("wire").asText() + " " + path + ": vLLM " + want + ", the emulator " + seen);
      }
      assertEquals(List.of(), e.invocations(), "no state-changing handler ran");
    }
    assertTrue(compared > 10, r + ": only " + compared + " answers compared");
    assertTrue(wrong.isEmpty(), r + " answers drifted (" + compared + " compared):\n" + String.join("\n", wrong));
  }

  /** Path parameters by position, not name: vLLM's {response_id} is the emulator's {id}. */
  private static String template(String path) {
    return path.replaceAll("\\{[^}/]+}", "{}");
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static <T> List<T> union(java.util.Collection<T> a, java.util.Collection<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The same shape names record_facts.py gives an answer. */
  static final class Envelope {
    static String of(String body) {
      if (body == null || body.isEmpty()) return "empty";
      JsonNode doc;
      try {
        doc = RecordedRelease.JSON.readTree(body);
      } catch (IOException e) {
        String start = body.strip();
        if (start.startsWith("{") || start.startsWith("[")) return "json";
        return start.startsWith("<") ? "html" : "text";
      }
      if (doc == null) return "text";
      if (doc.isObject()) {
        if (doc.path("error").isObject()) return "vllm-nested";
        if ("error".equals(doc.path("object").asText(null))) return "vllm-flat";
        if ("Unauthorized".equals(doc.path("error").asText(null))) return "unauthorized";
        if (doc.has("detail")) return "fastapi-detail";
      }
      return "json";
    }

    static String errorType(String body) {
      try {
        JsonNode doc = RecordedRelease.JSON.readTree(body);
        if (doc == null || !doc.isObject()) return null;
        JsonNode err = doc.path("error").isObject() ? doc.get("error") : doc;
        return Optional.ofNullable(err.get("type")).filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
      } catch (IOException e) {
        return null;
      }
    }
  }
}

package dev.vllmscan.provider.verdict;

import static dev.vllmscan.provider.verdict.VerdictTablesTest.FASTAPI_404;
import static dev.vllmscan.provider.verdict.VerdictTablesTest.JSON;
import static dev.vllmscan.provider.verdict.VerdictTablesTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vllmscan.provider.probe.Observation;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An answer looks absent exactly when status, media type and body shape match its region's canary. */
class CalibrationTest {
  private static final String MARKER = "vllmscan-canary-0f1e";
  private static final Calibration CAL = new Calibration(MARKER, Map.of(
      Calibration.canaryKey(false, "GET", "/v1"), answer("GET", "/v1/" + MARKER, 404, JSON, FASTAPI_404),
      Calibration.canaryKey(false, "GET", ""), answer("GET", "/" + MARKER, 404, "text/html",
          "<html><title>Not here: /" + MARKER + "</title></html>")));

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("the canary's own answer", answer("GET", "/v1/models", 404, JSON, FASTAPI_404), true),
        Arguments.of("a charset does not change the media type", answer("GET", "/v1/x", 404, JSON + "; charset=utf-8", FASTAPI_404), true),
        Arguments.of("another status", answer("GET", "/v1/models", 200, JSON, FASTAPI_404), false),
        Arguments.of("another media type", answer("GET", "/v1/models", 404, "text/plain", FASTAPI_404), false),
        Arguments.of("other JSON keys", answer("GET", "/v1/models", 404, JSON, "{\"error\":\"Not Found\"}"), false),
        Arguments.of("another detail", answer("GET", "/v1/models", 404, JSON, "{\"detail\":\"Model not found\"}"), false),
        Arguments.of("the canary's token is not part of the shape", answer("GET", "/health", 404, "text/html",
            "<html><title>Not here: /" + MARKER + "</title></html>"), true),
        Arguments.of("another title", answer("GET", "/health", 404, "text/html", "<html><title>Gone</title></html>"), false),
        Arguments.of("a region without a canary", answer("GET", "/v2/rerank", 404, JSON, FASTAPI_404), false),
        Arguments.of("no answer", Observation.failed(null, "timeout", 1), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void looksAbsent(String what, Observation o, boolean absent) {
    assertEquals(absent, CAL.looksAbsent(o), what);
  }
}

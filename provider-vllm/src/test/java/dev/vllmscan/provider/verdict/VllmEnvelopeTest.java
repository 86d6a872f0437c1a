package dev.vllmscan.provider.verdict;

import static dev.vllmscan.provider.verdict.VerdictTablesTest.JSON;
import static dev.vllmscan.provider.verdict.VerdictTablesTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vllmscan.provider.probe.Observation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which error envelopes count as vLLM's typed ones (the "vllm-error-envelope" fingerprint): a flat envelope
 * (vLLM ≤ 0.10.0) by having a type at all, a nested one (≥ 0.10.1) by its kind of type.
 */
class VllmEnvelopeTest {
  static Stream<Arguments> envelopes() {
    return Stream.of(
        Arguments.of("flat, an exception's name", "{\"object\":\"error\",\"message\":\"m\",\"type\":\"BadRequestError\",\"code\":400}", true),
        // The flat rule once fell through to the nested one: the envelope was compared by identity with a body
        // parsed anew on every call, so a flat type not ending in "Error" did not count.
        Arguments.of("flat, any other type", "{\"object\":\"error\",\"message\":\"m\",\"type\":\"invalid_request_error\",\"code\":400}", true),
        Arguments.of("flat, no type", "{\"object\":\"error\",\"message\":\"m\",\"code\":400}", false),
        Arguments.of("nested, an exception's name", "{\"error\":{\"message\":\"m\",\"type\":\"NotFoundError\",\"code\":404}}", true),
        Arguments.of("nested, a status phrase", "{\"error\":{\"message\":\"m\",\"type\":\"Bad Request\",\"code\":400}}", true),
        Arguments.of("nested, any other type", "{\"error\":{\"message\":\"m\",\"type\":\"invalid_request_error\",\"code\":400}}", false),
        Arguments.of("FastAPI's own 404", "{\"detail\":\"Not Found\"}", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envelopes")
  void typed(String what, String body, boolean typed) {
    Observation o = answer("POST", "/v1/completions", 400, JSON, body);
    assertEquals(typed, VllmEnvelope.isTyped(o), what);
  }
}

package dev.vllmscan.provider.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Equal requests are sent once per connection, so ProbeRequest's written-out equals and hashCode must weigh every
 * component, as a record's own would.
 */
class ProbeRequestTest {
  private static final ProbeRequest BASE =
      new ProbeRequest("OPTIONS", "/v1/models", false, Map.of("Origin", "https://a.example"), false);

  @Test
  void requestsWithTheSameComponentsAreOneRequest() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Origin", "https://a.example");
    ProbeRequest same = new ProbeRequest(new String("OPTIONS"), new String("/v1/models"), false, headers, false);
    assertEquals(BASE, same);
    assertEquals(BASE.hashCode(), same.hashCode());
    assertEquals(ProbeRequest.get("/health"), ProbeRequest.get("/health"));
    assertEquals(new ProbeRequest("GET", "/x", false, null, false), new ProbeRequest("GET", "/x", false, Map.of(), false));
  }

  @Test
  void eachComponentTellsRequestsApart() {
    for (ProbeRequest other : List.of(
        new ProbeRequest("GET", "/v1/models", false, Map.of("Origin", "https://a.example"), false),
        new ProbeRequest("OPTIONS", "/v1/model", false, Map.of("Origin", "https://a.example"), false),
        new ProbeRequest("OPTIONS", "/v1/models", true, Map.of("Origin", "https://a.example"), false),
        new ProbeRequest("OPTIONS", "/v1/models", false, Map.of("Origin", "https://b.example"), false),
        new ProbeRequest("OPTIONS", "/v1/models", false, Map.of(), false),
        new ProbeRequest("OPTIONS", "/v1/models", false, Map.of("Origin", "https://a.example"), true))) {
      assertNotEquals(BASE, other, other + " " + other.headers());
    }
    assertEquals(BASE.withKey(), new ProbeRequest("OPTIONS", "/v1/models", true, Map.of("Origin", "https://a.example"), false));
    assertNotEquals(BASE, null);
  }
}

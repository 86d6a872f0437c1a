package dev.vllmscan.launcher.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The emulator reads a request body by its declared length, chunked bodies to the end, and no body as empty. */
class RequestBodyTest {
  private static final String EMPTY = "\"Field required\"";
  private static final String GIVEN = "1 validation error";

  @Test
  void aBodyIsReadWhateverTheFraming() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      String url = e.url() + "/v1/chat/completions";
      assertTrue(post(url, null, -1).contains(EMPTY), "no body: an empty one");
      assertTrue(post(url, "{}", 0).contains(GIVEN), "Content-Length: 2");
      assertTrue(post(url, "{}", 1).contains(GIVEN), "chunked, no declared length");
    }
  }

  /** chunk: -1 no body, 0 a fixed-length body, 1 a chunked one. */
  private static String post(String url, String body, int chunk) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setRequestMethod("POST");
    c.setRequestProperty("Content-Type", "application/json");
    if (body != null) {
      c.setDoOutput(true);
      if (chunk == 1) c.setChunkedStreamingMode(1);
      else c.setFixedLengthStreamingMode(body.length());
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertEquals(400, c.getResponseCode());
    try (var in = c.getErrorStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

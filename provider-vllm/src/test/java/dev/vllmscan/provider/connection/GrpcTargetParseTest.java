package dev.vllmscan.provider.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.sdk.plugin.ProviderException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** grpc:// and grpcs:// targets: what is accepted, how it is normalised, and which detection errors ask over gRPC. */
class GrpcTargetParseTest {
  @ParameterizedTest
  @CsvSource({
      "grpc://127.0.0.1:50051, grpc://127.0.0.1:50051, http://127.0.0.1:50051",
      "GRPC://LocalHost:8000/, grpc://LocalHost:8000, http://LocalHost:8000",
      "grpcs://vllm.example:443, grpcs://vllm.example:443, https://vllm.example:443",
      "grpc://[::1]:9000, grpc://[::1]:9000, http://[::1]:9000",
  })
  void accepted(String raw, String base, String http) {
    ConnectionConfig c = ConnectionConfig.parse(raw, null, false, 10);
    assertTrue(c.grpc());
    assertEquals(base, c.baseUrl());
    assertEquals(http, c.httpBaseUrl());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "grpc://127.0.0.1|has no port",
      "grpcs://host|has no port",
      "grpc://127.0.0.1:8000/v1|no path or query",
      "grpc://127.0.0.1:8000?x=1|no path or query",
      "grpc://127.0.0.1:70000|port out of range",
      "ftp://127.0.0.1:21|use http://, https://, grpc:// or grpcs://",
  })
  void refusedWithWhatToDo(String raw, String says) {
    ProviderException e = assertThrows(ProviderException.class, () -> ConnectionConfig.parse(raw, null, false, 10));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "transport error: unexpected end of stream on http://127.0.0.1:5000/...|true",
      "not a valid HTTP answer: Unexpected status line|true",
      "connection closed before the answer ended|true",
      "connection reset: Connection reset|true",
      "connection refused: Failed to connect to /127.0.0.1:5000|false",
      "no answer within 10 s|false",
      "TLS handshake failed: certificate not trusted|false",
      "TLS error: Unsupported or unrecognized SSL message|false",
      "DNS lookup failed: nowhere.invalid|false",
  })
  void onlyADroppedConnectionIsAskedOverGrpc(String error, boolean ask) {
    assertEquals(ask, Posture.droppedLikeHttp2Only(error));
    assertFalse(Posture.droppedLikeHttp2Only(""));
  }
}

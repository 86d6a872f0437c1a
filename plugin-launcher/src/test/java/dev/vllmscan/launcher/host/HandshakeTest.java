package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The go-plugin handshake line, byte for byte as go-plugin writes it. */
class HandshakeTest {
  @Test
  void tcpLineWithEmptyCertificate() {
    Handshake h = Handshake.parse("1|1|tcp|127.0.0.1:10042|grpc|\n");
    assertEquals("tcp", h.network());
    assertEquals("127.0.0.1:10042", h.address());
    assertEquals("", h.serverCert());
  }

  @Test
  void unixSocketLineAsGoProvidersWriteIt() {
    Handshake h = Handshake.parse("1|1|unix|/tmp/plugin123456|grpc|");
    assertEquals("unix", h.network());
    assertEquals("/tmp/plugin123456", h.address());
  }

  @Test
  void autoMtlsCertificateIsKept() {
    assertEquals("MIIBase64", Handshake.parse("1|1|tcp|127.0.0.1:1|grpc|MIIBase64").serverCert());
  }

  @Test
  void wrongVersionsProtocolsAndGarbageAreRefusedWithAReason() {
    assertTrue(assertThrows(HostException.class, () -> Handshake.parse("2|1|tcp|127.0.0.1:1|grpc|"))
        .getMessage().contains("core API version"));
    assertTrue(assertThrows(HostException.class, () -> Handshake.parse("1|2|tcp|127.0.0.1:1|grpc|"))
        .getMessage().contains("API version"));
    assertTrue(assertThrows(HostException.class, () -> Handshake.parse("1|1|tcp|127.0.0.1:1|netrpc|"))
        .getMessage().contains("gRPC"));
    assertTrue(assertThrows(HostException.class, () -> Handshake.parse("1|1|udp|127.0.0.1:1|grpc|"))
        .getMessage().contains("udp"));
    assertTrue(assertThrows(HostException.class, () -> Handshake.parse("Starting provider..."))
        .getMessage().contains("Unrecognized"));
    assertTrue(assertThrows(HostException.class, () -> Handshake.parse(null)).getMessage().contains("exited"));
  }
}

package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import java.util.Locale;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.SidePortListeners;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side ports through the real launcher and provider subprocess, against loopback listeners on ephemeral ports that
 * count their connections and keep every byte they receive: what is probed, when, and what never reaches them.
 */
class SidePortsEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] ROLES = {"kv-events", "kv-transfer", "dp-master", "torch-master", "dp-supervisor"};

  static JsonNode check(String json, String uid) throws Exception {
    for (JsonNode p : JSON.readTree(json).at("/targets/0/policies")) {
      for (JsonNode c : p.get("checks")) if (c.get("uid").asText().equals(uid)) return c;
    }
    throw new AssertionError(uid + " not in the report");
  }

  static SidePortListeners everyRole() {
    Map<String, Integer> roles = new LinkedHashMap<>();
    for (String r : ROLES) roles.put(r, 0);
    return SidePortListeners.open(roles);
  }

  @Test
  void theOpenPublisherFailsTheCheckWithItsSignatureAsEvidence() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.32-kv-events"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "--side-ports", e.sidePorts().flagValue(), "-o", "json");
      assertEquals(1, o.code(), o.err());
      JsonNode kv = check(o.out(), "vllmscan-kv-events-port");
      assertEquals("fail", kv.get("result").asText());
      int port = e.sidePorts().ports().get("kv-events");
      String line = "127.0.0.1:" + port + " accepted; sent nothing; first bytes ff 00 00 00 00 00 00 00 01 7f (ZMTP signature)";
      assertTrue(kv.get("evidence").toString().contains(line), kv.toString());
      assertEquals(0, e.sidePorts().received("kv-events").length, "the publisher received not one byte");
      JsonNode dist = check(o.out(), "vllmscan-distributed-ports");
      assertEquals("skip", dist.get("result").asText());
      assertTrue(dist.get("evidence").toString().contains("names none of the distributed and transfer ports"), dist.toString());

      EndToEndTest.Outcome human = EndToEndTest.cli("scan", "vllm", e.url(), "--side-ports", e.sidePorts().flagValue(), "--no-color");
      assertTrue(human.out().contains(line), human.out());
      // CSV carries each check's one-line message only (as for every check); the formats with evidence show the bytes.
      for (String format : List.of("sarif", "junit", "yaml")) {
        EndToEndTest.Outcome f = EndToEndTest.cli("scan", "vllm", e.url(), "--side-ports", e.sidePorts().flagValue(), "-o", format);
        String text = format.equals("yaml")
            ? new ObjectMapper(new YAMLFactory()).readTree(f.out()).toString() : f.out();
        assertTrue(text.contains("ff 00 00 00 00 00 00 00 01 7f"), format + ": " + f.out());
      }
    }
  }

  @Test
  void theKeyNeverReachesASidePortAndOnlyTheSupervisorIsSpokenTo(@TempDir Path tmp) throws Exception {
    String key = "side-port-canary-key-7f3a";
    Path keyFile = Files.writeString(tmp.resolve("key"), key + "\n");
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.29-hardened"), 0); SidePortListeners side = everyRole()) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "--api-key-file", keyFile.toString(),
          "--side-ports", side.flagValue(), "-o", "json");
      assertEquals("fail", check(o.out(), "vllmscan-kv-events-port").get("result").asText(), o.err());
      assertEquals("fail", check(o.out(), "vllmscan-distributed-ports").get("result").asText());
      for (String role : ROLES) {
        assertEquals(1, side.accepts(role), role + ": one connection");
        String got = new String(side.received(role), StandardCharsets.ISO_8859_1);
        assertFalse(got.contains(key), role + " received the key");
        assertFalse(got.toLowerCase(Locale.ROOT).contains("authorization"), role + ": " + got);
        if (role.equals("dp-supervisor")) {
          assertTrue(got.startsWith("GET /health HTTP/1.1\r\n"), got);
        } else {
          assertEquals("", got, role + " was written to");
        }
      }
      assertTrue(e.requestLog().stream().anyMatch(l -> l.endsWith(" +key") || l.contains(" +key ")),
          "the key did reach the target itself (the control: it was set)");
      assertFalse(o.out().contains(key) || o.err().contains(key));
    }
  }

  @Test
  void aHardenedTargetWhoseNamedPortsRefuseGetsNoSidePortFailure() throws Exception {
    StringBuilder list = new StringBuilder();
    for (String role : ROLES) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        list.append(list.length() == 0 ? "" : ",").append(role).append("=").append(s.getLocalPort());
      }
    }
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.29-hardened"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "--api-key", e.profile().apiKey(),
          "--side-ports", list.toString(), "-o", "json");
      assertEquals("pass", check(o.out(), "vllmscan-kv-events-port").get("result").asText(), o.out());
      assertEquals("pass", check(o.out(), "vllmscan-distributed-ports").get("result").asText());
    }
  }

  @Test
  void noSidePortsConnectsToNothingButTheTarget(@TempDir Path tmp) throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0); SidePortListeners side = everyRole()) {
      // An inventory target that names the listeners: the control proves they are reached without the switch.
      Path inv = Files.writeString(tmp.resolve("inv.yaml"), "targets:\n  - url: " + e.url() + "\n    side-ports: \""
          + side.flagValue() + "\"\n");
      EndToEndTest.Outcome control = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "-o", "json");
      assertEquals("fail", check(control.out(), "vllmscan-kv-events-port").get("result").asText(), control.err());
      List<Integer> before = new ArrayList<>();
      for (String role : ROLES) {
        assertEquals(1, side.accepts(role), role);
        before.add(side.accepts(role));
      }
      EndToEndTest.Outcome off = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "--no-side-ports", "-o", "json");
      JsonNode kv = check(off.out(), "vllmscan-kv-events-port");
      assertEquals("skip", kv.get("result").asText(), off.out());
      assertTrue(kv.get("evidence").toString().contains("--no-side-ports"), kv.toString());
      EndToEndTest.Outcome run = EndToEndTest.cli("run", "vllm", e.url(), "--no-side-ports", "-c", "vllm.sidePorts.length", "-o", "json");
      assertEquals("{\"vllm.sidePorts.length\":0}", run.out().strip(), run.err());
      for (int i = 0; i < ROLES.length; i++) assertEquals(before.get(i), side.accepts(ROLES[i]), ROLES[i] + " was connected to");
    }
  }

  @Test
  void aFieldThatDoesNotAskLeavesTheSidePortsAlone() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.32-kv-events"), 0)) {
      String flag = e.sidePorts().flagValue();
      EndToEndTest.Outcome version = EndToEndTest.cli("run", "vllm", e.url(), "--side-ports", flag, "-c", "vllm.server.version");
      assertEquals(0, version.code(), version.err());
      assertEquals(0, e.sidePorts().accepts("kv-events"), "vllm.server.version touched a side port");
      EndToEndTest.Outcome ports = EndToEndTest.cli("run", "vllm", e.url(), "--side-ports", flag, "-c",
          "vllm.sidePorts { role reachable protocol }", "-o", "json");
      assertTrue(ports.out().contains("\"protocol\":\"zmtp\""), ports.out());
      assertEquals(1, e.sidePorts().accepts("kv-events"));
    }
  }

  @Test
  void aBadListIsAUsageErrorNamingTheItemBeforeAnyRequest() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "--side-ports", "kv-events=5557,zmq=99");
      assertEquals(2, o.code(), o.err());
      assertTrue(o.err().contains("'zmq=99'") && !o.err().contains("\tat "), o.err());
      EndToEndTest.Outcome both = EndToEndTest.cli("run", "vllm", e.url(), "--side-ports", "6000", "--no-side-ports", "-c", "vllm.sidePorts");
      assertEquals(2, both.code(), both.err());
      assertEquals(0, e.requests(), "nothing reached the target");
    }
  }
}

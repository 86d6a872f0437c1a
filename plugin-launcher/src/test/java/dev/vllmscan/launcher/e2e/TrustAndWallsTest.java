package dev.vllmscan.launcher.e2e;

import dev.vllmscan.launcher.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.ProviderFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enterprise deployments through the real launcher and provider: a private CA trusted by --ca-cert or by
 * SSL_CERT_FILE (passed through to the provider process, the API key never), a bad CA file refused before any
 * request, and an authentication wall read as evidence by the reference bundle.
 */
class TrustAndWallsTest {
  @TempDir Path tmp;

  private static final String REFERENCE = System.getProperty("vllmscan.home") + "/testdata/policies/reference-14.mql.yaml";

  @Test
  void aPrivateCaTargetScansLikeAPublicOneWithCaCertAndTheCertificateEvidenceNamesIt() throws Exception {
    Profile p = Profile.load("v0.29-tls-private-ca");
    try (VllmEmulator e = VllmEmulator.start(p, 0)) {
      Path ca = tmp.resolve("ca.pem");
      Files.writeString(ca, e.caCertificatePem());
      // --no-side-ports: the loopback's vLLM default ports belong to this machine, not to the emulated target.
      EndToEndTest.Outcome trusted = EndToEndTest.cli("scan", "vllm", e.url(), "--api-key-file", keyFile(p), "--ca-cert", ca.toString(),
          "--no-side-ports", "-o", "json");
      EndToEndTest.Outcome insecure = EndToEndTest.cli("scan", "vllm", e.url(), "--api-key-file", keyFile(p), "--insecure",
          "--no-side-ports", "-o", "json");
      Map<String, String> a = EndToEndTest.results(trusted.out());
      Map<String, String> b = EndToEndTest.results(insecure.out());
      assertEquals("pass", a.get("vllmscan-tls-certificate"), trusted.out());
      assertEquals("fail", b.get("vllmscan-tls-certificate"), "--insecure still reports the certificate as untrusted");
      a.remove("vllmscan-tls-certificate");
      b.remove("vllmscan-tls-certificate");
      assertEquals(b, a, "apart from the certificate verdict, trusting the CA judges the target exactly as --insecure does");
      EndToEndTest.Outcome run = EndToEndTest.cli("run", "vllm", e.url(), "--ca-cert", ca.toString(), "-c",
          "vllm.server.evidence", "-o", "json");
      assertTrue(run.out().contains("trusted by --ca-cert " + ca), run.out() + run.err());
    }
  }

  @Test
  void aMissingEmptyOrNonPemCaFileExitsTwoNamingItBeforeAnyRequest() throws Exception {
    Path empty = Files.createFile(tmp.resolve("empty.pem"));
    Path notPem = tmp.resolve("notes.txt");
    Files.writeString(notPem, "this is not a certificate\n");
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.29-tls-private-ca"), 0)) {
      for (Path bad : List.of(tmp.resolve("missing.pem"), empty, notPem)) {
        EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "--ca-cert", bad.toString());
        assertEquals(2, o.code(), o.err());
        List<String> lines = o.err().lines().filter(l -> !l.isBlank() && !l.startsWith("SLF4J(")).toList();
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).startsWith("vllmscan: --ca-cert " + bad + ": "), lines.get(0));
      }
      assertEquals(0, e.requests(), "no request reached the target");
    }
  }

  @Test
  void sslCertFileReachesTheProviderProcessTheApiKeyNever() throws Exception {
    Profile p = Profile.load("v0.29-tls-private-ca");
    try (VllmEmulator e = VllmEmulator.start(p, 0)) {
      Path ca = tmp.resolve("ca.pem");
      Files.writeString(ca, e.caCertificatePem());
      // The provider binary records what its environment holds (names only, and whether the key is there).
      Path seen = tmp.resolve("provider-env.txt");
      Path dir = ProviderFixture.wrap(tmp.resolve("p"), "echo \"SSL_CERT_FILE=$SSL_CERT_FILE key=${VLLM_API_KEY:+present}\" > '"
          + seen + "'\nexec java -jar \"$JAR\" \"$@\"");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-Dvllmscan.home=" + System.getProperty("vllmscan.home"),
          Main.class.getName(), "scan", "vllm", e.url(), "-o", "json", "--provider", dir.toString(), "--log-level", "info"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile());
      pb.environment().put("SSL_CERT_FILE", ca.toString());
      pb.environment().remove("SSL_CERT_DIR");
      pb.environment().put("VLLM_API_KEY", p.apiKey());
      Process launcher = pb.start();
      String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(launcher.waitFor(120, TimeUnit.SECONDS));
      String err = Files.readString(tmp.resolve("err.txt"));
      assertEquals("SSL_CERT_FILE=" + ca + " key=", Files.readString(seen).trim(), "the CA setting passes, the key does not");
      assertFalse(err.contains("no heartbeat"), "a loaded machine starved the launcher (not what this test is about): " + err);
      Map<String, String> r = EndToEndTest.results(out);
      assertEquals("pass", r.get("vllmscan-tls-certificate"), out + err);
      assertEquals("pass", r.get("vllmscan-openai-auth"), "the key still travelled over the protocol");
      assertTrue(e.requestsWithTheRightKey() > 0);
      assertFalse(out.contains(p.apiKey()) || err.contains(p.apiKey()));
      assertEquals(1, launcher.exitValue(), err);
    }
  }

  @Test
  void theReferenceBundleOnAnAuthWallPassesEverythingButTls() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.29-auth-wall"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "-f", REFERENCE, "-o", "json");
      Map<String, String> r = EndToEndTest.results(o.out());
      assertEquals(14, r.size(), o.out());
      r.forEach((uid, result) -> assertEquals(uid.equals("ref-use-tls") ? "fail" : "pass", result, uid + "\n" + o.out()));
      JsonNode target = new ObjectMapper().readTree(o.out()).at("/targets/0");
      assertEquals("anonymous-surface", target.at("/asset/scope").asText());
      assertEquals(1, o.code(), o.err());
      assertEquals(List.of(), e.invocations());
    }
  }

  private String keyFile(Profile p) throws Exception {
    Path f = tmp.resolve("key-" + p.name());
    if (!Files.exists(f)) Files.writeString(f, p.apiKey() + "\n");
    return f.toString();
  }
}

package dev.vllmscan.launcher.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.cyclonedx.model.vulnerability.Vulnerability.Analysis;
import org.junit.jupiter.api.Test;

/** The BOM's analysis state follows the advisory's three-valued applies, and claims "not affected" only on evidence. */
class CycloneDxAnalysisTest {
  private static AiInventory.Finding finding(Boolean applies, String... evidence) {
    List<String> lines = new java.util.ArrayList<>(List.of("CVE-2099-1 (HIGH 7.5; affects <1.0, upgrade to 1.0 or later): x"));
    lines.addAll(List.of(evidence));
    return new AiInventory.Finding("CVE-2099-1", List.of(), "x", "HIGH", 7.5, List.of("CWE-400"), "<1.0", "1.0", null,
        "http-api-anonymous", true, applies, lines);
  }

  @Test
  void exploitableWithTheEvidenceNotAffectedOnlyWithEvidenceElseInTriage() {
    Analysis yes = CycloneDxReport.analysis(finding(true, "  POST /tokenize: anonymous 400: reached the route"));
    assertEquals(Analysis.State.EXPLOITABLE, yes.getState());
    assertEquals("POST /tokenize: anonymous 400: reached the route", yes.getDetail());

    Analysis absent = CycloneDxReport.analysis(finding(false, "  POST /v1/audio/transcriptions: anonymous 404: route not there"));
    assertEquals(Analysis.State.NOT_AFFECTED, absent.getState());
    assertEquals(Analysis.Justification.CODE_NOT_REACHABLE, absent.getJustification());

    Analysis walled = CycloneDxReport.analysis(finding(false, "  POST /v1/completions: anonymous 401 from an auth layer (vLLM's API key)"));
    assertEquals(Analysis.State.NOT_AFFECTED, walled.getState());
    assertEquals(Analysis.Justification.PROTECTED_BY_MITIGATING_CONTROL, walled.getJustification(),
        "reachable with credentials: protected, not absent");

    Analysis noEvidence = CycloneDxReport.analysis(finding(false));
    assertEquals(Analysis.State.IN_TRIAGE, noEvidence.getState(), "never not_affected without evidence");

    Analysis unknown = CycloneDxReport.analysis(finding(null, "  unknown: model-supply-chain: needs loading untrusted model repo"));
    assertEquals(Analysis.State.IN_TRIAGE, unknown.getState());
    assertNull(unknown.getJustification());
  }

  @Test
  void pep440SpecifiersBecomeVersRangesOnlyWhenVersCanSayThem() {
    assertEquals("vers:pypi/<0.5.5", CycloneDxReport.vers("<0.5.5"));
    assertEquals("vers:pypi/>=0.10.2|<0.11.1", CycloneDxReport.vers(">=0.10.2,<0.11.1"));
    assertEquals("vers:pypi/<=0.5.0.post1", CycloneDxReport.vers("<=0.5.0.post1"));
    assertEquals("vers:pypi/*", CycloneDxReport.vers(">=0"));
    assertNull(CycloneDxReport.vers("~=0.5"), "compatible-release has no vers form: no range rather than a wrong one");
    assertNull(CycloneDxReport.vers(null));
  }
}

package dev.vllmscan.launcher.report;

import dev.vllmscan.contract.Contract;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.json.BomJsonGenerator;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Service;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * An AI bill of materials in CycloneDX 1.6 JSON, through cyclonedx-core-java (the reference model and generator,
 * so a field Dependency-Track reads cannot be misspelt). Per target: the vLLM server as a component
 * ({@code pkg:pypi/vllm@VERSION}) and as a service (endpoint, authenticated, TLS, trust boundary), each served model
 * and adapter as a {@code machine-learning-model} component with what was observed, and the advisories matched to
 * the version as {@code vulnerabilities} whose analysis state follows what the scan saw: exploitable with the
 * evidence, in triage when unknown, not affected only with evidence. A fleet gives one BOM holding every target.
 *
 * <p>This class (and the CycloneDX library) is loaded only when -o cyclonedx is asked for.
 */
final class CycloneDxReport {
  private static final String NS = "vllmscan:";
  private static final Pattern CWE = Pattern.compile("(?i)CWE-(\\d{1,6})");
  /** One PEP 440 comparison as vers can state it. */
  private static final Pattern CONSTRAINT = Pattern.compile("(==|!=|<=|>=|<|>)?([0-9][0-9A-Za-z.+!-]*)");

  private final Bom bom = new Bom();
  private final Set<String> keys = new HashSet<>();

  private CycloneDxReport() {}

  static String render(List<Report> reports) {
    CycloneDxReport r = new CycloneDxReport();
    r.metadata(reports);
    for (Report report : reports) r.target(report);
    try {
      return new BomJsonGenerator(r.bom, Version.VERSION_16).toJsonString() + "\n";
    } catch (GeneratorException e) {
      throw new IllegalStateException("cannot write the CycloneDX BOM: " + e.getMessage(), e);
    }
  }

  private void metadata(List<Report> reports) {
    bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
    bom.setVersion(1);
    Metadata m = new Metadata();
    m.setTimestamp(new Date());
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("vllmscan");
    tool.setVersion(Renderers.TOOL_VERSION);
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    m.setToolChoice(tools);
    Component subject = new Component();
    subject.setType(Component.Type.APPLICATION);
    if (reports.size() == 1) {
      subject.setName(reports.get(0).asset().name());
      subject.setBomRef(key(reports.get(0).asset().baseUrl()));
      keys.clear(); // the single target's own references reuse its key
    } else {
      subject.setName("vLLM fleet (" + reports.size() + " targets)");
      subject.setBomRef("vllmscan-fleet");
      subject.addProperty(new Property(NS + "bom-scope", "one BOM with every target of the fleet"));
    }
    m.setComponent(subject);
    bom.setMetadata(m);
  }

  /** A target's components, service, vulnerabilities and how they depend on each other. */
  private void target(Report r) {
    String key = key(r.asset().baseUrl());
    AiInventory inv = r.inventory();
    Component server = server(r, key, inv);
    bom.addComponent(server);
    Service api = service(r, key, inv);
    bom.addService(api);
    Dependency serverDeps = new Dependency(server.getBomRef());
    List<Dependency> adapterDeps = new ArrayList<>();
    if (inv != null) {
      Set<String> listed = new HashSet<>();
      for (AiInventory.Model model : inv.models() == null ? List.<AiInventory.Model>of() : inv.models()) {
        Component c = model(key, model, inv.grpcFrontend());
        listed.add(model.id());
        bom.addComponent(c);
        serverDeps.addDependency(new Dependency(c.getBomRef()));
        if (model.parent() != null) {
          Dependency d = new Dependency(c.getBomRef());
          d.addDependency(new Dependency(modelRef(key, model.parent())));
          adapterDeps.add(d);
        }
      }
      // Adapters the anonymous /metrics names, also when the model list itself could not be read.
      for (String adapter : inv.metricsAdapters()) {
        if (listed.contains(adapter)) continue;
        Component c = machineLearningModel(key, adapter);
        c.addProperty(new Property(NS + "kind", "LoRA adapter"));
        c.addProperty(new Property(NS + "seen-in", "/metrics vllm:lora_requests_info"));
        bom.addComponent(c);
        serverDeps.addDependency(new Dependency(c.getBomRef()));
      }
    }
    Dependency target = new Dependency(reportsSubjectRef(key));
    target.addDependency(new Dependency(server.getBomRef()));
    target.addDependency(new Dependency(api.getBomRef()));
    Dependency apiDeps = new Dependency(api.getBomRef());
    apiDeps.addDependency(new Dependency(server.getBomRef()));
    bom.addDependency(target);
    bom.addDependency(apiDeps);
    bom.addDependency(serverDeps);
    adapterDeps.forEach(bom::addDependency);
    if (inv != null && inv.advisories() != null) {
      List<Vulnerability> vulns = bom.getVulnerabilities() == null ? new ArrayList<>() : new ArrayList<>(bom.getVulnerabilities());
      for (AiInventory.Finding f : inv.advisories()) vulns.add(vulnerability(key, server.getBomRef(), inv.version(), f));
      bom.setVulnerabilities(vulns);
    }
  }

  /** In a fleet each target is its own component under the fleet; alone, the target is the BOM's subject. */
  private String reportsSubjectRef(String key) {
    String subject = bom.getMetadata().getComponent().getBomRef();
    if (subject.equals(key)) return key;
    boolean present = bom.getComponents() != null && bom.getComponents().stream().anyMatch(c -> key.equals(c.getBomRef()));
    if (!present) {
      Component t = new Component();
      t.setType(Component.Type.APPLICATION);
      t.setName("vLLM " + key.replaceFirst("~\\d+$", ""));
      t.setBomRef(key);
      bom.addComponent(t);
      List<Dependency> deps = bom.getDependencies() == null ? List.of() : bom.getDependencies();
      Dependency fleet = deps.stream().filter(d -> d.getRef().equals(subject)).findFirst().orElse(null);
      if (fleet == null) {
        fleet = new Dependency(subject);
        bom.addDependency(fleet);
      }
      fleet.addDependency(new Dependency(key));
    }
    return key;
  }

  private static Component server(Report r, String key, AiInventory inv) {
    Component c = new Component();
    c.setType(Component.Type.APPLICATION);
    c.setName("vllm");
    c.setBomRef(key + "#vllm");
    c.setDescription("vLLM inference server at " + r.asset().baseUrl());
    String version = inv != null ? inv.version() : r.asset().version();
    if (version != null) {
      c.setVersion(version);
      c.setPurl("pkg:pypi/vllm@" + version);
    } else {
      // Said as such, never guessed: a BOM without the version must not read as "any version".
      c.setPurl("pkg:pypi/vllm");
      c.addProperty(new Property(NS + "version", Contract.UNKNOWN + (inv != null && inv.versionUnknown() != null
          ? inv.versionUnknown() : r.asset().assessable() ? "not disclosed" : "target not assessable")));
    }
    if (inv != null && inv.models() == null) c.addProperty(new Property(NS + "models", Contract.UNKNOWN + inv.modelsUnknown()));
    if (inv != null && inv.advisories() == null) {
      c.addProperty(new Property(NS + "advisories", "not matched: " + inv.advisoriesUnknown()));
    }
    return c;
  }

  private static Service service(Report r, String key, AiInventory inv) {
    Service s = new Service();
    s.setBomRef(key + "#api");
    boolean grpc = inv != null && inv.grpcFrontend();
    s.setName(grpc ? "vLLM gRPC frontend (vllm.grpc.engine.VllmEngine)" : "vLLM OpenAI-compatible API");
    s.addEndpoint(r.asset().baseUrl());
    boolean tls = grpc ? inv.usesTls() : r.asset().baseUrl().regionMatches(true, 0, "https:", 0, 6);
    // What the scan settled comes first: an anonymous-surface scope (an auth wall, or a fleet entry whose key
    // variable was unset) stands for "authenticated" only when the scan itself could not say.
    Boolean settled = inv == null ? null : inv.authenticated();
    Boolean authenticated = settled != null ? settled
        : Contract.SCOPE_ANONYMOUS_SURFACE.equals(r.asset().scope()) ? Boolean.TRUE : null;
    if (authenticated != null) s.setAuthenticated(authenticated);
    else s.addProperty(new Property(NS + "authenticated", Contract.UNKNOWN + "whether the API demands credentials was not settled"));
    s.setxTrustBoundary(!loopback(r.asset().baseUrl()));
    s.addProperty(new Property(NS + "tls", String.valueOf(tls)));
    if (tls && inv != null && inv.certificate() != null) s.addProperty(new Property(NS + "certificate", inv.certificate()));
    s.addProperty(new Property(NS + "assessable", String.valueOf(r.asset().assessable())));
    if (r.asset().scope() != null) s.addProperty(new Property(NS + "assessment-scope", r.asset().scope()));
    if (r.asset().reason() != null) s.addProperty(new Property(NS + "assessment-note", r.asset().reason()));
    if (r.riskScore() != null) s.addProperty(new Property(NS + "risk-score", String.valueOf(r.riskScore())));
    return s;
  }

  private static Component model(String key, AiInventory.Model m, boolean grpc) {
    Component c = machineLearningModel(key, m.id());
    c.addProperty(new Property(NS + "kind", m.parent() != null ? "LoRA adapter" : "base model"));
    if (m.root() != null) c.addProperty(new Property(NS + "root", m.root()));
    if (m.parent() != null) c.addProperty(new Property(NS + "parent", m.parent()));
    if (m.maxModelLen() != null) c.addProperty(new Property(NS + "max-model-len", String.valueOf(m.maxModelLen())));
    if (m.ownedBy() != null) c.addProperty(new Property(NS + "owned-by", m.ownedBy()));
    c.addProperty(new Property(NS + "seen-in", grpc ? "gRPC GetModelInfo" : "/v1/models"));
    return c;
  }

  private static Component machineLearningModel(String key, String id) {
    Component c = new Component();
    c.setType(Component.Type.MACHINE_LEARNING_MODEL);
    c.setName(id);
    c.setBomRef(modelRef(key, id));
    return c;
  }

  private static String modelRef(String key, String id) {
    return key + "#model/" + id;
  }

  static Vulnerability vulnerability(String key, String serverRef, String version, AiInventory.Finding f) {
    Vulnerability v = new Vulnerability();
    v.setBomRef(key + "#vuln/" + f.id());
    v.setId(f.id());
    v.setSource(source(f.id()));
    for (String alias : f.aliases()) {
      Vulnerability.Reference ref = new Vulnerability.Reference();
      ref.setId(alias);
      ref.setSource(source(alias));
      v.addReference(ref);
    }
    Vulnerability.Rating rating = new Vulnerability.Rating();
    rating.setSource(source(f.id()));
    if (f.cvss() != null) rating.setScore(f.cvss());
    rating.setSeverity(severity(f.severity()));
    v.addRating(rating);
    if (f.cwe() != null) {
      for (String cwe : f.cwe()) {
        var m = CWE.matcher(cwe);
        if (m.find()) v.addCwe(Integer.parseInt(m.group(1)));
      }
    }
    if (f.summary() != null) v.setDescription(f.summary());
    v.setRecommendation(f.fixedIn() != null && Character.isDigit(f.fixedIn().charAt(0))
        ? "Upgrade vLLM to " + f.fixedIn() + " or later." : "No fixed version is published: block the affected routes at the proxy.");
    if (f.url() != null) {
      Vulnerability.Advisory adv = new Vulnerability.Advisory();
      adv.setUrl(f.url());
      v.addAdvisory(adv);
    }
    Vulnerability.Affect affect = new Vulnerability.Affect();
    affect.setRef(serverRef);
    String range = vers(f.affected());
    if (range != null) {
      Vulnerability.Version affected = new Vulnerability.Version();
      affected.setRange(range);
      affected.setStatus(Vulnerability.Version.Status.AFFECTED);
      affect.addVersion(affected);
    }
    if (version != null) {
      Vulnerability.Version detected = new Vulnerability.Version();
      detected.setVersion(version);
      detected.setStatus(Boolean.TRUE.equals(f.versionAffected()) ? Vulnerability.Version.Status.AFFECTED
          : Vulnerability.Version.Status.UNKNOWN);
      affect.addVersion(detected);
    }
    v.setAffects(List.of(affect));
    v.setAnalysis(analysis(f));
    if (f.surface() != null) v.setProperties(List.of(new Property(NS + "surface", f.surface())));
    return v;
  }

  /**
   * From the three-valued {@code applies}: exploitable with the evidence; not affected only with evidence that the
   * condition is absent; in triage when the scan could not tell.
   */
  static Vulnerability.Analysis analysis(AiInventory.Finding f) {
    Vulnerability.Analysis a = new Vulnerability.Analysis();
    List<String> evidence = f.evidence().size() > 1 ? f.evidence().subList(1, f.evidence().size()) : List.of();
    String detail = String.join("\n", evidence.stream().map(String::strip).toList());
    if (Boolean.TRUE.equals(f.applies())) {
      a.setState(Vulnerability.Analysis.State.EXPLOITABLE);
    } else if (Boolean.FALSE.equals(f.applies()) && !evidence.isEmpty()) {
      a.setState(Vulnerability.Analysis.State.NOT_AFFECTED);
      // Refused by an authentication layer: reachable only with credentials, a mitigating control; otherwise the
      // vulnerable routes were not there at all.
      boolean walled = evidence.stream().anyMatch(l -> l.contains("auth layer") || l.matches(".*\\b40[13]\\b.*"));
      a.setJustification(walled ? Vulnerability.Analysis.Justification.PROTECTED_BY_MITIGATING_CONTROL
          : Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE);
    } else {
      a.setState(Vulnerability.Analysis.State.IN_TRIAGE);
      if (detail.isEmpty()) detail = "the scan could not observe whether the vulnerable condition holds";
    }
    if (!detail.isEmpty()) a.setDetail(detail);
    return a;
  }

  private static Vulnerability.Source source(String id) {
    Vulnerability.Source s = new Vulnerability.Source();
    s.setName("OSV");
    s.setUrl("https://osv.dev/vulnerability/" + id);
    return s;
  }

  private static Vulnerability.Rating.Severity severity(String s) {
    if (s == null) return Vulnerability.Rating.Severity.UNKNOWN;
    return switch (s.toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> Vulnerability.Rating.Severity.CRITICAL;
      case "HIGH" -> Vulnerability.Rating.Severity.HIGH;
      case "MEDIUM", "MODERATE" -> Vulnerability.Rating.Severity.MEDIUM;
      case "LOW" -> Vulnerability.Rating.Severity.LOW;
      default -> Vulnerability.Rating.Severity.UNKNOWN;
    };
  }

  /**
   * A PEP 440 specifier (comparisons joined by commas, all of which must hold) as a vers range; null when it holds
   * anything vers cannot say (~=, ===, wildcards, unions), so no range is stated rather than a wrong one.
   */
  static String vers(String specifier) {
    if (specifier == null || specifier.isBlank()) return null;
    List<String> out = new ArrayList<>();
    for (String part : specifier.replace(" ", "").split(",")) {
      var m = CONSTRAINT.matcher(part);
      if (!m.matches()) return null;
      String op = m.group(1) == null || m.group(1).equals("==") ? "" : m.group(1);
      if (op.equals(">=") && m.group(2).equals("0")) continue;
      out.add(op + m.group(2));
    }
    return "vers:pypi/" + (out.isEmpty() ? "*" : String.join("|", out));
  }

  /** A unique reference stem per target (a URL listed twice in a fleet gets a suffix). */
  private String key(String baseUrl) {
    String k = baseUrl;
    for (int i = 2; !keys.add(k); i++) k = baseUrl + "~" + i;
    return k;
  }

  private static boolean loopback(String baseUrl) {
    try {
      String host = URI.create(baseUrl).getHost();
      if (host == null) return false;
      if (host.equalsIgnoreCase("localhost")) return true;
      if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")) return false; // only literal addresses: no DNS lookup here
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (Exception e) {
      return false;
    }
  }
}

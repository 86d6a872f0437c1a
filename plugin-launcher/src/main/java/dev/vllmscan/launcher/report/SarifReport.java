package dev.vllmscan.launcher.report;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.RunAutomationDetails;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * SARIF 2.1.0 through java-sarif, a model generated from OASIS's schema, so a field GitHub code scanning reads
 * cannot be misspelt: one rule per check (and per advisory a check names), one result per failed or undecided
 * check, stable partial fingerprints per target and rule, and an invocation that is unsuccessful when a target
 * could not be assessed.
 */
final class SarifReport {
  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
  private static final String FINGERPRINT = "vllmscanFinding/v1";
  /** Evidence lines that name an advisory: "CVE-… (HIGH 7.5, …): summary https://…". */
  private static final Pattern ADVISORY = Pattern.compile(
      "^((?:CVE|GHSA|PYSEC)-[0-9A-Za-z-]+) \\(([A-Z]+)(?: ([0-9.]+))?([^)]*)\\): (.*?)(?: (https?://\\S+))?$");
  /** Inside an advisory line's parentheses: "; affects SPEC" (a specifier may hold commas) and the fix. */
  private static final Pattern AFFECTS = Pattern.compile("; affects ([^;]*?)(?:,|$)(?= upgrade| no fixed|$)");
  private static final Pattern FIX = Pattern.compile("(upgrade to \\S+ or later|no fixed version published)");

  private final Map<String, ReportingDescriptor> rules = new LinkedHashMap<>();
  private final List<Result> results = new ArrayList<>();

  private SarifReport() {}

  static String render(List<Report> reports) {
    StringWriter out = new StringWriter();
    try {
      write(reports, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes the log to {@code out}. Two passes over the reports: the first settles the rules (and their indexes) and
   * counts the results, the second makes each target's results only while they are written, so a fleet's results
   * (25 per unreachable target) never all exist at once.
   */
  static void write(List<Report> reports, Writer out) throws IOException {
    SarifReport s = new SarifReport();
    int count = 0;
    for (Report r : reports) count += s.resultsOf(r).size();
    String policies = String.join(",", reports.stream().flatMap(x -> x.policies().stream()).map(Report.PolicyResult::uid)
        .distinct().toList());
    Run run = new Run()
        .withTool(new Tool().withDriver(new ToolComponent().withName("vllmscan").withVersion(Renderers.TOOL_VERSION)
            .withRules(new LinkedHashSet<>(s.rules.values()))))
        // One category per policy set, so uploads of different bundles do not close each other's alerts.
        .withAutomationDetails(new RunAutomationDetails().withId("vllmscan/" + policies + "/"))
        .withInvocations(List.of(invocation(reports)))
        .withResults(s.streamed(reports, count));
    SarifSchema210 log = new SarifSchema210().with$schema(URI.create("https://json.schemastore.org/sarif-2.1.0.json"))
        .withVersion(SarifSchema210.Version._2_1_0).withRuns(List.of(run));
    JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, log);
    out.write("\n");
  }

  /** One target's results (the rules they name are added on first sight, so indexes follow the first pass's order). */
  private List<Result> resultsOf(Report r) {
    results.clear();
    for (Report.PolicyResult p : r.policies()) {
      for (Report.CheckResult c : p.checks()) check(r, c);
    }
    List<Result> out = new ArrayList<>(results);
    results.clear();
    return out;
  }

  /** The results as Jackson iterates them: made one target at a time, {@code count} of them in all. */
  private List<Result> streamed(List<Report> reports, int count) {
    return new AbstractList<>() {
      @Override
      public int size() {
        return count;
      }

      @Override
      public Result get(int index) {
        throw new UnsupportedOperationException("results are written in order, once");
      }

      @Override
      public Iterator<Result> iterator() {
        return reports.stream().flatMap(r -> resultsOf(r).stream()).iterator();
      }
    };
  }

  private void check(Report r, Report.CheckResult c) {
    rules.computeIfAbsent(c.uid(), id -> rule(c));
    if (c.result() != Report.Outcome.FAIL && c.result() != Report.Outcome.ERROR) return;
    boolean undecided = c.result() == Report.Outcome.ERROR;
    Result res = new Result().withRuleId(c.uid()).withRuleIndex(index(c.uid()))
        .withLevel(undecided ? Result.Level.NOTE : level(c.impact()))
        .withMessage(new Message().withText(undecided
            ? "Could not be decided: " + c.message() + " (check: " + c.title() + ")"
            : c.message() + " (expected: " + c.title() + ")"))
        .withPartialFingerprints(fingerprints(r, c.uid()))
        .withLocations(List.of(location(r)));
    if (!c.evidence().isEmpty()) res.setProperties(new PropertyBag().withAdditionalProperty("evidence", c.evidence()));
    results.add(res);
    if (!undecided) advisories(r, c);
  }

  private static ReportingDescriptor rule(Report.CheckResult c) {
    ReportingDescriptor rule = new ReportingDescriptor().withId(c.uid()).withName(c.uid())
        .withShortDescription(new MultiformatMessageString().withText(c.title()))
        .withHelp(help(c))
        .withDefaultConfiguration(new ReportingConfiguration().withLevel(configLevel(c.impact())))
        // GitHub code scanning reads a 0.0-10.0 severity and the tags (shown and filterable) from these properties.
        .withProperties(severity(c.impact() / 10.0).withTags(tags(c)));
    if (c.docs() != null && c.docs().description() != null) {
      rule.setFullDescription(new MultiformatMessageString().withText(c.docs().description()));
    }
    URI docs = uri(c.docs() == null ? null : c.docs().url());
    if (docs != null) rule.setHelpUri(docs);
    return rule;
  }

  /** "security" and every framework control the check maps to (e.g. owasp-llm-top-10-2025-llm02). */
  static Set<String> tags(Report.CheckResult c) {
    Set<String> out = new LinkedHashSet<>(List.of("security"));
    for (String v : c.tags().values()) {
      for (String control : v.split(",")) {
        if (!control.isBlank()) out.add(control.strip());
      }
    }
    return out;
  }

  private static MultiformatMessageString help(Report.CheckResult c) {
    String remediation = c.remediation() == null ? c.title() : c.remediation();
    StringBuilder md = new StringBuilder("**").append(c.title()).append("**\n\n");
    if (c.docs() != null && c.docs().description() != null) md.append(c.docs().description()).append("\n\n");
    if (c.docs() != null && c.docs().audit() != null) md.append("Audit: `").append(c.docs().audit().replace("`", "'")).append("`\n\n");
    md.append("Remediation: ").append(remediation);
    return new MultiformatMessageString().withText(remediation).withMarkdown(md.toString());
  }

  /** One rule per advisory a failed check names, with its link, and one result per advisory. */
  private void advisories(Report r, Report.CheckResult c) {
    for (String line : c.evidence()) {
      Matcher m = ADVISORY.matcher(line);
      if (!m.matches()) continue;
      String id = m.group(1);
      double score = m.group(3) == null ? c.impact() / 10.0 : Double.parseDouble(m.group(3));
      int impact = (int) Math.round(score * 10);
      rules.computeIfAbsent(id, k -> {
        ReportingDescriptor rule = new ReportingDescriptor().withId(id).withName(id)
            .withShortDescription(new MultiformatMessageString().withText(m.group(5)))
            .withHelp(new MultiformatMessageString().withText(c.remediation() == null ? m.group(5) : c.remediation())
                .withMarkdown("**" + id + "**: " + m.group(5) + (m.group(6) == null ? "" : "\n\nAdvisory: " + m.group(6))))
            .withFullDescription(new MultiformatMessageString().withText(advisoryDescription(m.group(5), m.group(4))))
            .withDefaultConfiguration(new ReportingConfiguration().withLevel(configLevel(impact)))
            .withProperties(severity(score).withTags(new LinkedHashSet<>(List.of("security", "vulnerability"))));
        URI link = uri(m.group(6));
        if (link != null) rule.setHelpUri(link);
        return rule;
      });
      results.add(new Result().withRuleId(id).withRuleIndex(index(id)).withLevel(level(impact))
          .withMessage(new Message().withText(line + " (found by: " + c.title() + ")"))
          .withPartialFingerprints(fingerprints(r, id))
          .withLocations(List.of(location(r))));
    }
  }

  /** An advisory rule's full description, as the policy rules have one: what it is, which versions, the fix. */
  static String advisoryDescription(String summary, String details) {
    StringBuilder sb = new StringBuilder(summary.strip());
    if (!sb.toString().endsWith(".")) sb.append('.');
    Matcher affects = AFFECTS.matcher(details);
    if (affects.find()) sb.append(" Affected vLLM versions: ").append(affects.group(1).strip()).append('.');
    Matcher fix = FIX.matcher(details);
    if (fix.find()) {
      String f = fix.group(1);
      sb.append(f.startsWith("upgrade") ? " Fix: " + f.substring(0, 1).toUpperCase(Locale.ROOT) + f.substring(1) + "."
          : " No fixed version is published: block the affected routes or require credentials on them.");
    }
    return sb.toString();
  }

  /**
   * A scan that could not assess a target did not succeed: uploading it must not read as "no findings" (code
   * scanning would close open alerts), so the invocation says so with one notification per such target.
   */
  private static Invocation invocation(List<Report> reports) {
    List<Notification> notes = new ArrayList<>();
    if (reports.isEmpty()) {
      // No results because nothing was assessed: an upload must not close every open alert as fixed.
      notes.add(new Notification().withLevel(Notification.Level.ERROR)
          .withMessage(new Message().withText("no target was assessed (the inputs held no target report)")));
    }
    for (Report r : reports) {
      if (r.asset().assessable()) continue;
      notes.add(new Notification().withLevel(Notification.Level.ERROR)
          .withMessage(new Message().withText(r.asset().baseUrl() + ": not assessable: " + r.asset().reason()))
          .withLocations(new LinkedHashSet<>(List.of(location(r)))));
    }
    Invocation inv = new Invocation().withExecutionSuccessful(notes.isEmpty());
    if (!notes.isEmpty()) inv.setToolExecutionNotifications(notes);
    return inv;
  }

  private int index(String ruleId) {
    return new ArrayList<>(rules.keySet()).indexOf(ruleId);
  }

  /** Stable across runs for the same target and rule, so code scanning updates one alert instead of adding one. */
  private static PartialFingerprints fingerprints(Report r, String ruleId) {
    return new PartialFingerprints().withAdditionalProperty(FINGERPRINT, fingerprint(r.asset().baseUrl(), ruleId));
  }

  /** SHA-256 of target and rule, hex: the same finding on the same target always gets the same fingerprint. */
  static String fingerprint(String baseUrl, String ruleId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((baseUrl + "\u0000" + ruleId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Location location(Report r) {
    return new Location().withPhysicalLocation(new PhysicalLocation()
        .withArtifactLocation(new ArtifactLocation().withUri(r.asset().baseUrl())));
  }

  private static PropertyBag severity(double score) {
    return new PropertyBag().withAdditionalProperty("security-severity", String.format(Locale.ROOT, "%.1f", score));
  }

  private static Result.Level level(int impact) {
    return impact >= 70 ? Result.Level.ERROR : impact >= 40 ? Result.Level.WARNING : Result.Level.NOTE;
  }

  private static ReportingConfiguration.Level configLevel(int impact) {
    return ReportingConfiguration.Level.valueOf(level(impact).name());
  }

  private static URI uri(String s) {
    if (s == null) return null;
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}

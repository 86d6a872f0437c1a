package dev.vllmscan.launcher.scan;

import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.mql.SessionSource;
import dev.vllmscan.launcher.policy.Bundle;
import dev.vllmscan.launcher.policy.Evaluator;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.llx.ResourceRef;
import java.util.List;
import java.util.Map;
import dev.vllmscan.launcher.Futures;
import dev.vllmscan.launcher.report.AiInventory;
import dev.vllmscan.launcher.text.Timeline;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/** One connected target → one report: gate on assessability, evaluate the policies, collect the stats. */
public final class TargetScan {
  private TargetScan() {}

  /** One target scanned on its own: the policies are evaluated while the gate waits (see {@link #run(Session, String, List, Map, long, boolean)}). */
  public static Report run(Session session, String url, List<Bundle> bundles, Map<String, String> labels, long startNanos) {
    return run(session, url, bundles, labels, startNanos, true);
  }

  /**
   * {@code evaluateWhileGating}: start evaluating the policies before the gate answers, so their first reads queue at
   * the provider beside the gate's. Worth it for one target; a fleet already overlaps targets, and there each
   * waiting read would hold a provider thread for every target in flight.
   */
  public static Report run(Session session, String url, List<Bundle> bundles, Map<String, String> labels, long startNanos,
      boolean evaluateWhileGating) {
    return run(session, url, bundles, labels, startNanos, evaluateWhileGating, false);
  }

  /** {@code inventory}: also read what an AI bill of materials needs (-o cyclonedx), after the policies. */
  public static Report run(Session session, String url, List<Bundle> bundles, Map<String, String> labels, long startNanos,
      boolean evaluateWhileGating, boolean inventory) {
    return run(session, url, bundles, labels, startNanos, evaluateWhileGating, inventory ? InventoryReader::read : null);
  }

  /** {@code inventory}: how the AI bill of materials is read, null when it is not (tests put a failure in its way). */
  static Report run(Session session, String url, List<Bundle> bundles, Map<String, String> labels, long startNanos,
      boolean evaluateWhileGating, Function<Session, AiInventory> inventory) {
    SessionSource source = new SessionSource(session);
    ResourceRef server = session.create("vllm.server", Map.of());
    // Asked together, in one batch: the four answers share one wait for the catalogue run.
    var asked = session.fieldsAsync(Stream.of("assessable", "assessableReason", "assessmentScope", "version")
        .map(f -> Map.entry(server, f)).toList());
    // An unassessable target's early evaluation is thrown away (each of its reads fails fast with the gate's reason).
    CompletableFuture<List<Report.PolicyResult>> evaluation =
        evaluateWhileGating ? evaluateInBackground(bundles, session, source) : null;
    boolean assessable = Boolean.TRUE.equals(value(asked.get(0)));
    Object why = value(asked.get(1));
    String reason = why instanceof String s ? s : assessable ? null : "the provider did not say why";
    Object scope = assessable ? value(asked.get(2)) : null;
    Object version = assessable ? value(asked.get(3)) : null;
    Timeline.mark("assessed (catalogue run complete)");
    List<Report.PolicyResult> results = !assessable ? Evaluator.unassessable(bundles, reason)
        : evaluation != null ? Futures.join(evaluation) : Evaluator.evaluate(bundles, session.schema(), source);
    Timeline.mark("policies evaluated (" + session.fieldReads() + " field reads in " + session.roundTrips() + " round trips)");
    String baseUrl = session.asset().getConnections(0).getOptionsOrDefault("base-url", url);
    AiInventory observed = null;
    RuntimeException inventoryFailed = null;
    if (inventory != null) {
      // After the checks, so a failure here (the provider died or broke off) must not lose them: the BOM then says
      // what could not be read and why.
      try {
        observed = inventory.apply(session);
      } catch (RuntimeException e) {
        inventoryFailed = e;
        observed = unread(e, version instanceof String v ? v : null, "grpc-frontend".equals(scope), baseUrl);
      }
    }
    Object requests;
    try {
      requests = field(session, server, "requestsSent");
    } catch (RuntimeException e) {
      if (inventoryFailed == null) throw e;
      requests = null; // the same provider failure again: the count is only a statistic, the checks stand
    }
    Report.Asset asset = new Report.Asset(session.asset().getName(), baseUrl, session.asset().getPlatform().getName(),
        version instanceof String v ? v : null, assessable, reason, labels, scope instanceof String sc ? sc : null);
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    return new Report(asset, results, assessable ? Evaluator.riskScore(results) : null,
        new Report.Stats(requests instanceof Long l ? l.intValue() : 0, ms), observed);
  }

  /** The BOM's facts when reading them failed: unknown, with the failure as the reason. */
  private static AiInventory unread(RuntimeException e, String version, boolean grpcFrontend, String baseUrl) {
    Timeline.mark("inventory read failed");
    String why = "the AI inventory could not be read: " + (e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getMessage().split("\n")[0]);
    boolean tls = baseUrl.regionMatches(true, 0, "https:", 0, 6) || baseUrl.regionMatches(true, 0, "grpcs:", 0, 6);
    return AiInventory.unread(why, version, grpcFrontend, tls);
  }

  private static CompletableFuture<List<Report.PolicyResult>> evaluateInBackground(List<Bundle> bundles,
      Session session, SessionSource source) {
    CompletableFuture<List<Report.PolicyResult>> evaluation = new CompletableFuture<>();
    Thread evaluator = new Thread(() -> {
      try {
        evaluation.complete(Evaluator.evaluate(bundles, session.schema(), source));
      } catch (RuntimeException | Error e) {
        evaluation.completeExceptionally(e);
      }
    }, "evaluate");
    evaluator.setDaemon(true);
    evaluator.start();
    return evaluation;
  }

  /** A read's value, failures thrown as the synchronous read would throw them (a dead provider: HostException). */
  private static Object value(CompletableFuture<Object> read) {
    Object v = Futures.join(read);
    return v instanceof Session.FieldFailure ? null : v;
  }

  private static Object field(Session s, ResourceRef ref, String name) {
    Object v = s.field(ref, name);
    return v instanceof Session.FieldFailure ? null : v;
  }
}

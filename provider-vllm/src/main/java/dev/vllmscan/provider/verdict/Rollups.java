package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.probe.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.LinkedHashSet;

/**
 * Server-level roll-ups over the route evidence, each a pure function. Routes are chosen by their catalogue
 * group or category (data), never by path lists in code.
 */
public final class Rollups {
  private Rollups() {}

  /** Kleene "any" of one per-route verdict over rows. */
  public static Verdict any(String what, List<EndpointVerdict> rows, Function<EndpointVerdict, Verdict> f) {
    List<Verdict.Named> members = new ArrayList<>();
    for (EndpointVerdict v : rows) {
      if (v == null) continue;
      Verdict x = f.apply(v);
      members.add(new Verdict.Named(v.route().key(), x == null ? Verdict.no("not applicable: route not there") : x));
    }
    return Verdict.any(what, members);
  }

  public static Verdict anyAccessible(String what, List<EndpointVerdict> rows) {
    return any(what, rows, EndpointVerdict::anonymousAccessible);
  }

  /** Any row of a catalogue group answers anonymously (docs, load, weights, completion, …: the groups column). */
  public static Verdict exposed(RouteEvidence e, String group) {
    return anyAccessible(group + " routes", e.group(group));
  }

  /** Any row of a category answers anonymously (development, profiler). */
  public static Verdict categoryExposed(RouteEvidence e, String category) {
    return anyAccessible(category + " routes", e.category(category));
  }

  public static Verdict openapiExposed(RouteEvidence e) {
    Verdict accessible = exposed(e, "openapi");
    EndpointVerdict row = e.only("openapi");
    if (!accessible.isYes() || row == null) return accessible;
    Observation o = e.anon(row.route().key());
    if (!o.is2xx() || e.openapi().paths() != null || e.openapi().unknownReason() != null) return accessible;
    return Verdict.no("GET /openapi.json answered " + o.status() + " but not with an OpenAPI document");
  }

  public static Verdict apiKeyRequired(RouteEvidence e) {
    return any("completion routes", e.group("completion"), EndpointVerdict::requiresAuth);
  }

  public static Verdict runtimeLoraUpdatingEnabled(RouteEvidence e) {
    return any("LoRA routes", e.group("lora"), EndpointVerdict::strictlyRegistered);
  }

  /**
   * Inference routes (OpenAI-compatible or not) answering anonymously while the completion routes demand a key.
   * Known members decide: a non-empty list is returned even when other rows did not settle.
   */
  public static Listing unguardedInferenceRoutes(RouteEvidence e) {
    Verdict keyRequired = apiKeyRequired(e);
    if (keyRequired.isUnknown()) return Listing.unknown("whether the completion routes need a key: " + keyRequired.reason());
    if (keyRequired.isNo()) return Listing.of(List.of(), keyRequired.evidence());
    List<EndpointVerdict> rows = new ArrayList<>(e.category("openai"));
    rows.addAll(e.category("custom-inference"));
    return listAccessible("inference routes", rows);
  }

  /** Routes outside the prefixes vLLM's key guards here that answered anonymously. */
  public static Listing unguardedRoutesAnswering(RouteEvidence e) {
    List<String> guarded = e.calibration().guardedPrefixes();
    if (guarded.isEmpty()) return Listing.of(List.of(), List.of("no prefix is guarded by a key on this target"));
    List<EndpointVerdict> rows = e.routes().stream()
        .filter(r -> guarded.stream().noneMatch(p -> r.path().startsWith(p)))
        .map(r -> e.verdict(r.key())).toList();
    Listing found = listAccessible("routes outside " + guarded, rows);
    int capped = e.openapi().capped();
    if (capped > 0 && found.items() != null && found.items().isEmpty()) {
      return Listing.unknown(capped + " routes listed in /openapi.json were not probed (the scan's budget)");
    }
    return found;
  }

  private static Listing listAccessible(String what, List<EndpointVerdict> rows) {
    Set<String> found = new LinkedHashSet<>();
    List<String> evidence = new ArrayList<>();
    List<String> unsettled = new ArrayList<>();
    for (EndpointVerdict v : rows) {
      Verdict a = v.anonymousAccessible();
      if (a.isYes()) {
        found.add(v.route().path());
        evidence.add(v.route().key() + ": " + a.reason());
      } else if (a.isUnknown()) {
        unsettled.add(v.route().key() + " (" + a.reason() + ")");
      }
    }
    if (found.isEmpty() && !unsettled.isEmpty()) {
      return Listing.unknown(unsettled.size() + " of " + rows.size() + " " + what + " did not settle: " + Verdict.named(unsettled));
    }
    if (found.isEmpty()) evidence.add("none of " + rows.size() + " " + what + " answered anonymously");
    return Listing.of(new ArrayList<>(found), evidence);
  }

  /** A list roll-up: its items and what decided them, or why it is unknown. */
  public record Listing(List<String> items, List<String> evidence, String unknownReason) {
    static Listing of(List<String> items, List<String> evidence) {
      return new Listing(List.copyOf(items), List.copyOf(evidence), null);
    }

    static Listing unknown(String reason) {
      return new Listing(null, List.of(reason), reason);
    }
  }

  /** The key got past a wall somewhere (true), never did (false), or nothing walled was tried with it (unknown). */
  public static Verdict apiKeyAccepted(RouteEvidence e) {
    if (!e.keySupplied()) return Verdict.unknown("no API key was given");
    List<String> refused = new ArrayList<>();
    for (EndpointVerdict v : e.verdicts().values()) {
      if (v.keyEffective() == null || !"vllm-key".equals(v.authLayer()) && !"proxy".equals(v.authLayer())) continue;
      if (v.keyEffective()) return Verdict.yes(v.summary());
      refused.add(v.summary());
    }
    return refused.isEmpty() ? Verdict.unknown("no route refused the anonymous request, so the key was never tested")
        : Verdict.no(Verdict.named(refused));
  }
}

package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.RouteSpec;
import java.util.List;
import java.util.Map;

/**
 * Everything the catalogue run observed on one target, immutable: the calibration canaries, every route
 * (catalogue, then OpenAPI-discovered) with its anonymous and keyed answers and their verdicts, and what the
 * OpenAPI document said. Roll-ups are pure functions of this record.
 *
 * @param unreachable why no probe was sent past the reachability check (null when the run went ahead)
 */
public record RouteEvidence(String baseUrl, boolean keySupplied, Calibration calibration, List<RouteSpec> routes,
    Map<String, Observation> anon, Map<String, Observation> auth, Map<String, EndpointVerdict> verdicts,
    OpenApi openapi, String unreachable) {

  public RouteEvidence {
    routes = List.copyOf(routes);
    anon = Map.copyOf(anon);
    auth = Map.copyOf(auth);
    verdicts = Map.copyOf(verdicts);
  }

  /** What /openapi.json gave: its paths, or why they are not known; {@code capped} = paths left unprobed. */
  public record OpenApi(List<String> paths, String unknownReason, int capped) {
    public static final OpenApi NOT_SERVED = new OpenApi(null, null, 0);
  }

  public EndpointVerdict verdict(String key) {
    return verdicts.get(key);
  }

  public Observation anon(String key) {
    return anon.get(key);
  }

  public List<EndpointVerdict> group(String group) {
    return routes.stream().filter(r -> r.inGroup(group)).map(r -> verdicts.get(r.key())).toList();
  }

  public List<EndpointVerdict> category(String category) {
    return routes.stream().filter(r -> r.category().equals(category)).map(r -> verdicts.get(r.key())).toList();
  }

  /** The single row of a one-row group (e.g. /openapi.json), or null when the catalogue has none. */
  public EndpointVerdict only(String group) {
    List<EndpointVerdict> rows = group(group);
    return rows.isEmpty() ? null : rows.get(0);
  }
}

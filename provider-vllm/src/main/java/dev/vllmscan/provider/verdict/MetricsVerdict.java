package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.parse.Prometheus;
import dev.vllmscan.provider.probe.Observation;
import java.util.List;
import java.util.function.Function;

/**
 * The anonymous /metrics scrape judged: exposed only when it is Prometheus text with vLLM series. A scrape cut
 * at the read limit is still exposed; its label fields are then partial and say so.
 *
 * @param snapshot the parsed series when exposed; null otherwise
 */
public record MetricsVerdict(Verdict exposed, Prometheus.Snapshot snapshot, boolean partial) {

  public static MetricsVerdict of(EndpointVerdict row, Observation o, Prometheus.Snapshot parsed) {
    if (row == null) return new MetricsVerdict(Verdict.unknown("no /metrics route in the catalogue"), null, false);
    Verdict accessible = row.anonymousAccessible();
    if (!accessible.isYes()) {
      return new MetricsVerdict(Verdict.of(accessible.state(), List.of("GET /metrics: " + accessible.reason())), null, false);
    }
    boolean truncated = o.truncated();
    if (parsed != null && parsed.vllmSamples() > 0) {
      String why = "GET /metrics: anonymous " + o.status() + " " + o.contentType() + ", " + parsed.vllmSamples()
          + " vllm: samples" + (truncated ? " in the first " + o.body().length + " bytes (scrape cut at the read limit)" : "");
      return new MetricsVerdict(Verdict.yes(why), parsed, truncated);
    }
    if (parsed != null) {
      // Prometheus text without vllm: series (a server with no engine stats yet, or only HTTP metrics) is still
      // metrics anyone can read: exposed, with no labels to harvest.
      return new MetricsVerdict(Verdict.yes("GET /metrics: anonymous " + o.status() + " " + o.contentType()
          + ", Prometheus text without vllm: series" + (truncated ? " in the part read" : "")), parsed, truncated);
    }
    return new MetricsVerdict(Verdict.unknown("GET /metrics answered " + o.status() + " " + o.contentType()
        + (truncated ? ", cut at the read limit," : "") + " but not as Prometheus text"), null, truncated);
  }

  /** A label field's value: the snapshot's, null when nothing is exposed, unknown when exposure is unknown. */
  public <T> T label(Function<Prometheus.Snapshot, T> f) {
    exposed.require();
    return snapshot == null ? null : f.apply(snapshot);
  }
}

package dev.vllmscan.provider.probe;

/**
 * How hard the scanner may push one target: probes in flight at once, and an optional request rate. The
 * defaults favour speed on a server you own; production scans can slow down with {@code --rate}.
 */
public record Pace(int concurrency, int ratePerSecond) {
  public static final int DEFAULT_CONCURRENCY = 32;
  public static final Pace DEFAULT = new Pace(DEFAULT_CONCURRENCY, 0);

  public Pace {
    if (concurrency < 1 || concurrency > 256) {
      throw new IllegalArgumentException("probe concurrency must be between 1 and 256, got " + concurrency);
    }
    if (ratePerSecond < 0 || ratePerSecond > 10_000) {
      throw new IllegalArgumentException("rate must be between 0 (unlimited) and 10000 requests per second, got " + ratePerSecond);
    }
  }
}

package dev.vllmscan.provider.probe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Spaces requests to one target at the configured rate (with ±20 % jitter, so scans do not beat in step with
 * anything), and honours the target's back-pressure: a 429 or 503 is retried once after its Retry-After
 * (at most 5 s, default 1 s), a 408 or other 5xx once after a short back-off, as long as the call's own timeout
 * leaves room. What still does not settle after that is reported as unknown, never as a pass.
 */
final class PacingInterceptor implements Interceptor {
  static final long MAX_RETRY_AFTER_MILLIS = 5_000;

  private final long intervalNanos;
  private final AtomicLong nextSlot = new AtomicLong();

  PacingInterceptor(int ratePerSecond) {
    this.intervalNanos = ratePerSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    waitForSlot();
    Response response = chain.proceed(chain.request());
    int code = response.code();
    if (!retried(code)) return response;
    long delay = code == 429 || code == 503 ? retryAfterMillis(response.header("Retry-After")) : TRANSIENT_BACKOFF_MILLIS;
    long budget = chain.call().timeout().timeoutNanos();
    if (delay < 0 || (budget > 0 && TimeUnit.MILLISECONDS.toNanos(delay) > budget / 2)) return response;
    response.close();
    sleep(TimeUnit.MILLISECONDS.toNanos(delay));
    waitForSlot();
    return chain.proceed(chain.request());
  }

  static final long TRANSIENT_BACKOFF_MILLIS = 250;

  /** Statuses that may say "try again" rather than something about the route; 501 (not implemented) is an answer. */
  static boolean retried(int code) {
    return code == 408 || code == 429 || (code >= 500 && code != 501 && code < 600);
  }

  /** Seconds from Retry-After, capped; 1 s when absent; -1 when it asks for longer than we wait. */
  static long retryAfterMillis(String header) {
    if (header == null || header.isBlank()) return 1_000;
    try {
      long seconds = Long.parseLong(header.trim());
      if (seconds < 0) return 1_000;
      return seconds * 1000 > MAX_RETRY_AFTER_MILLIS ? -1 : seconds * 1000;
    } catch (NumberFormatException e) {
      return -1; // an HTTP date: the server wants a long pause; leave the answer as it is
    }
  }

  private void waitForSlot() throws InterruptedIOException {
    if (intervalNanos == 0) return;
    long jitter = (long) (intervalNanos * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
    long now = System.nanoTime();
    long slot = nextSlot.getAndAccumulate(now, (prev, n) -> Math.max(prev, n) + intervalNanos);
    sleep(Math.max(slot, now) + jitter - now);
  }

  private static void sleep(long nanos) throws InterruptedIOException {
    if (nanos <= 0) return;
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("cancelled while pacing");
    }
  }
}

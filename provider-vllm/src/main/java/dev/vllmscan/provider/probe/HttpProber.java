package dev.vllmscan.provider.probe;

import dev.vllmscan.contract.Contract;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import dev.vllmscan.sdk.plugin.Log;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The connection's single HTTP client. Every distinct request is sent at most once per connection and
 * its observation shared; all go through the {@link SafetyGuard}; redirects are never followed; bodies
 * are read only up to their limit; the API key goes only to the base URL and never into messages.
 */
public final class HttpProber implements AutoCloseable {
  public static final String USER_AGENT = "vllmscan/" + Contract.VERSION;
  /**
   * Requests one connection may send at most (the catalogue, its keyed twins and capped OpenAPI discovery fit well
   * inside): whatever a target answers, a scan of it stays bounded. Past it, probes are unknown with this reason.
   */
  public static final int MAX_REQUESTS = 1000;

  /**
   * One pool of call threads for all connections (each connection still has its own client, dispatcher limits
   * and cache): a fleet scan of hundreds of targets reuses threads instead of creating dozens per target.
   */
  private static final ExecutorService CALL_THREADS =
      new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
          new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "vllmscan-probe");
            t.setDaemon(true);
            return t;
          });
  private static final MediaType JSON = MediaType.get("application/json");
  private static final List<String> KEPT_HEADERS = List.of("content-type", "allow", "location", "www-authenticate",
      "server", "strict-transport-security", "vary", "access-control-allow-origin", "access-control-allow-methods",
      "access-control-allow-headers", "access-control-allow-credentials", "access-control-max-age",
      "retry-after", "x-request-id");

  private final OkHttpClient client;
  private final String base;
  private final String apiKey;
  private final SafetyGuard guard;
  private final int timeoutSeconds;
  private final Map<ProbeRequest, CompletableFuture<Observation>> sent = new ConcurrentHashMap<>();
  /** Requests given to the client: what the budget caps. */
  private final AtomicInteger attempted = new AtomicInteger();
  /** Requests whose headers were written to the target (a cancelled or refused one never was). */
  private final AtomicInteger onWire = new AtomicInteger();
  /** Set once the target has begun any answer (a status line arrived). */
  private volatile boolean anyAnswer;
  /** Calls waiting for a slot when a request timed out before the target had answered anything: see {@link #silentTargetGate}. */
  private final Set<Call> heldBySilence = ConcurrentHashMap.newKeySet();
  /** Completes when a request of this client first holds a live connection (TCP, and TLS for https) to the target. */
  private final CompletableFuture<Void> connected = new CompletableFuture<>();

  /**
   * What an https target's client derives from: the platform trust store is loaded and parsed once per process, not
   * once per target (in a fleet scan that was a measurable share of the CPU), and only when a target needs it.
   */
  private static final class TlsBase {
    static final OkHttpClient CLIENT = new OkHttpClient.Builder().dispatcher(new Dispatcher(CALL_THREADS)).build();
  }

  /**
   * What a plain-http target's client derives from: cleartext only, so JSSE and the trust store (~0.1 s of a cold
   * JVM's start) are never loaded; redirects are not followed, so such a target never needs TLS.
   */
  private static final OkHttpClient CLEARTEXT_BASE = new OkHttpClient.Builder().dispatcher(new Dispatcher(CALL_THREADS))
      .connectionSpecs(List.of(okhttp3.ConnectionSpec.CLEARTEXT)).build();

  public HttpProber(String baseUrl, String apiKey, boolean insecure, int timeoutSeconds, Pace pace, SafetyGuard guard) {
    this(baseUrl, apiKey, insecure, timeoutSeconds, pace, guard, null);
  }

  /** {@code trust}: the CAs to verify an https target against; null means the JDK's trust store alone. */
  public HttpProber(String baseUrl, String apiKey, boolean insecure, int timeoutSeconds, Pace pace, SafetyGuard guard,
      TrustSources trust) {
    this.base = baseUrl;
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.guard = guard;
    this.timeoutSeconds = timeoutSeconds;
    Dispatcher dispatcher = new Dispatcher(CALL_THREADS);
    dispatcher.setMaxRequests(pace.concurrency());
    dispatcher.setMaxRequestsPerHost(pace.concurrency());
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    boolean tls = baseUrl.regionMatches(true, 0, "https:", 0, 6);
    OkHttpClient.Builder b = (tls ? TlsBase.CLIENT : CLEARTEXT_BASE).newBuilder()
        .dispatcher(dispatcher)
        // As many idle connections as probes in flight: with OkHttp's default of 5, each wave after the first
        // closed the rest and opened them again (a TCP, or TLS, handshake more per probe beyond the fifth).
        .connectionPool(new okhttp3.ConnectionPool(pace.concurrency(), 5, TimeUnit.MINUTES))
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(timeout)
        .followRedirects(false)
        .followSslRedirects(false)
        // A pooled connection the server already closed is retried once on a fresh one (every probe is a GET,
        // OPTIONS or a read-only POST {}); without it, keep-alive races turn into unknown verdicts.
        .retryOnConnectionFailure(true)
        .eventListener(new okhttp3.EventListener() {
          @Override
          public void connectionAcquired(Call call, okhttp3.Connection connection) {
            connected.complete(null);
          }

          @Override
          public void requestHeadersEnd(Call call, Request request) {
            onWire.incrementAndGet();
          }

          @Override
          public void responseHeadersStart(Call call) {
            anyAnswer = true;
          }

          @Override
          public void callFailed(Call call, IOException e) {
            // Runs before the dispatcher hands the freed slot to the next queued call.
            if (e instanceof InterruptedIOException && !anyAnswer) heldBySilence.addAll(dispatcher.queuedCalls());
          }
        })
        .addInterceptor(this::silentTargetGate)
        .addInterceptor(new PacingInterceptor(pace.ratePerSecond()))
        .addNetworkInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("User-Agent", USER_AGENT).build()));
    if (insecure) {
      TrustAll.install(b, chain -> {});
    } else if (tls && trust != null && !trust.jdkOnly()) {
      installTrust(b, trust);
    }
    this.client = b.build();
  }

  /**
   * A probe that was waiting for a slot when a request timed out, the target having answered nothing, is not sent:
   * the dispatcher would start one for every request that timed out, in the moment before the scan sees the silence
   * and drops the queue (longer on a loaded machine), each only to wait out the same timeout. A probe asked for
   * later, or already under way, is sent as usual.
   */
  private Response silentTargetGate(Interceptor.Chain chain) throws IOException {
    if (!anyAnswer && heldBySilence.remove(chain.call())) {
      throw new IOException("not sent: the target answered no request within " + timeoutSeconds + " s");
    }
    return chain.proceed(chain.request());
  }

  public boolean hasKey() {
    return apiKey != null;
  }

  /** Verification against --ca-cert / SSL_CERT_FILE / SSL_CERT_DIR and the JDK store; host names still checked. */
  private static void installTrust(OkHttpClient.Builder b, TrustSources trust) {
    try {
      X509TrustManager tm = trust.trustManager();
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      b.sslSocketFactory(ctx.getSocketFactory(), tm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS verification", e);
    }
  }

  public String baseUrl() {
    return base;
  }

  /** Requests that actually reached the target so far (written to a connection; a retry counts again). */
  public int requestCount() {
    return onWire.get();
  }

  /**
   * Waits until the target accepts a connection from this client (TCP, and TLS for https) or every one of
   * {@code probes} has ended, never longer than a probe may take; true when a connection was made.
   */
  public boolean awaitConnection(List<CompletableFuture<Observation>> probes) {
    try {
      CompletableFuture.anyOf(connected, CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)))
          .get(timeoutSeconds + 5L, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the probes' own observations say what went wrong
    }
    return connected.isDone();
  }

  /** Drops every request still queued or in flight; their observations end as transport errors. */
  public void cancelPending() {
    client.dispatcher().cancelAll();
  }

  public CompletableFuture<Observation> fetch(ProbeRequest r) {
    if (r.authenticated() && apiKey == null) {
      throw new IllegalArgumentException("authenticated probe without an API key");
    }
    return sent.computeIfAbsent(r, this::send);
  }

  /** Fetches and waits; never longer than the client timeout plus a little slack. */
  public Observation get(ProbeRequest r) {
    return await(fetch(r));
  }

  public Observation await(CompletableFuture<Observation> f) {
    try {
      return f.get(timeoutSeconds + 5L, TimeUnit.SECONDS);
    } catch (Exception e) {
      return unanswered();
    }
  }

  public List<Observation> getAll(List<ProbeRequest> requests) {
    List<CompletableFuture<Observation>> futures = new ArrayList<>();
    for (ProbeRequest r : requests) futures.add(fetch(r));
    return awaitAll(futures);
  }

  /**
   * The answers in the futures' order, waiting for all of them together: waiting for each in turn parks and wakes
   * this thread once per answer that comes after the one it waits on (in a 1,000-target fleet, 3-5 % of the
   * provider's CPU went to those wake-ups). The bound is {@link #await}'s, counted from the last answer rather than
   * from the start: a probe's own timeout starts when it is sent, and probes queued behind the concurrency limit are
   * sent in waves, so a slow target's later waves may end well after one bound and still be answers. Once no answer
   * has come for a whole bound, one still unanswered is "no answer"; one that failed is answered as await() does.
   */
  public List<Observation> awaitAll(List<CompletableFuture<Observation>> futures) {
    long bound = TimeUnit.SECONDS.toNanos(timeoutSeconds + 5L);
    AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
    for (CompletableFuture<Observation> f : futures) f.whenComplete((o, e) -> lastAnswer.set(System.nanoTime()));
    CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    boolean late = false;
    while (!all.isDone()) {
      long left = lastAnswer.get() + bound - System.nanoTime();
      if (left <= 0) {
        late = true;
        break;
      }
      try {
        all.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // An answer may have come meanwhile: the loop measures the bound again from it.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        late = true;
        break;
      } catch (ExecutionException e) {
        // All are done and one failed: await() below answers it as it always has.
      }
    }
    List<Observation> out = new ArrayList<>(futures.size());
    for (CompletableFuture<Observation> f : futures) out.add(late && !f.isDone() ? unanswered() : await(f));
    return out;
  }

  private Observation unanswered() {
    return Observation.failed(null, "no answer within " + timeoutSeconds + " s", timeoutSeconds * 1000L);
  }

  private CompletableFuture<Observation> send(ProbeRequest r) {
    CompletableFuture<Observation> result = new CompletableFuture<>();
    long start = System.nanoTime();
    Request request;
    try {
      guard.check(r.method(), r.path(), r.jsonBody());
      HttpUrl url = HttpUrl.parse(base + r.path());
      if (url == null) throw new IllegalArgumentException("bad probe path " + r.path());
      Request.Builder rb = new Request.Builder().url(url).header("Accept", "application/json, text/plain, */*");
      r.headers().forEach(rb::header);
      if (r.authenticated()) rb.header("Authorization", "Bearer " + apiKey);
      RequestBody body = r.jsonBody() ? RequestBody.create("{}", JSON) : null;
      if (body == null && (r.method().equals("POST") || r.method().equals("PUT") || r.method().equals("PATCH"))) {
        body = RequestBody.create(new byte[0], null);
      }
      rb.method(r.method(), body);
      request = rb.build();
    } catch (RuntimeException e) {
      result.complete(Observation.failed(r, redact(e.getMessage()), 0));
      return result;
    }
    if (attempted.incrementAndGet() > MAX_REQUESTS) {
      attempted.decrementAndGet();
      result.complete(Observation.failed(r, "not sent: this scan's budget of " + MAX_REQUESTS + " requests is spent", 0));
      return result;
    }
    enqueue(r, request, start, result, true);
    return result;
  }

  /**
   * A connection reset or closed under load settles nothing about the route: it is sent once more on a fresh
   * connection. Timeouts and refusals are not retried (they would double a dead target's cost).
   */
  private void enqueue(ProbeRequest r, Request request, long start, CompletableFuture<Observation> result, boolean retry) {
    client.newCall(request).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        // A call the scan cancelled (its socket closed under it) is not a connection that failed: never resent.
        if (retry && !call.isCanceled() && worthRetrying(e)) {
          enqueue(r, request, start, result, false);
          return;
        }
        result.complete(logged(Observation.failed(r, describe(e), elapsed(start))));
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          result.complete(logged(observe(r, response, start)));
        } catch (IOException | RuntimeException e) {
          result.complete(logged(Observation.failed(r, describe(e), elapsed(start))));
        }
      }
    });
  }

  private static boolean worthRetrying(IOException e) {
    String kind = e.getClass().getSimpleName();
    return kind.equals("SocketException") || kind.equals("EOFException")
        || (kind.equals("IOException") && String.valueOf(e.getMessage()).contains("unexpected end of stream"));
  }

  /** With --log-level debug every request is listed: what was sent (never the key itself) and what came back. */
  private static Observation logged(Observation o) {
    if (Log.enabled(Log.Level.DEBUG)) {
      Log.debug("probe " + o.request() + " -> "
          + (o.answered() ? String.valueOf(o.status()) : o.error()) + " in " + o.elapsedMillis() + " ms");
    }
    return o;
  }

  private Observation observe(ProbeRequest r, Response response, long start) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : KEPT_HEADERS) {
      List<String> values = response.headers(name);
      if (!values.isEmpty()) headers.put(name, String.join(", ", values));
    }
    int limit = r.method().equals("HEAD") || r.method().equals("OPTIONS") ? 4096 : BodyLimits.forPath(r.path());
    byte[] body = new byte[0];
    boolean truncated = false;
    ResponseBody rb = response.body();
    if (rb != null) {
      BufferedSource source = rb.source();
      Buffer buffer = new Buffer();
      long total = 0;
      while (total <= limit) {
        long read = source.read(buffer, limit + 1L - total);
        if (read == -1) break;
        total += read;
      }
      truncated = total > limit;
      body = buffer.readByteArray(Math.min(total, limit));
    }
    Handshake hs = response.handshake();
    List<X509Certificate> certs = new ArrayList<>();
    String tls = null;
    if (hs != null) {
      tls = hs.tlsVersion().javaName();
      for (Certificate c : hs.peerCertificates()) {
        if (c instanceof X509Certificate x) certs.add(x);
      }
    }
    return new Observation(r, response.code(), headers, body, truncated, null, tls, certs, elapsed(start));
  }

  private static long elapsed(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private String describe(Exception e) {
    String kind = switch (e.getClass().getSimpleName()) {
      case "UnknownHostException" -> "DNS lookup failed";
      case "ConnectException" -> "connection refused";
      case "SocketTimeoutException", "InterruptedIOException" -> "timed out";
      case "SSLHandshakeException", "SSLPeerUnverifiedException" -> "TLS handshake failed";
      case "SSLException", "SSLProtocolException" -> "TLS error";
      case "EOFException" -> "connection closed before the answer ended";
      case "ProtocolException" -> "not a valid HTTP answer";
      case "SocketException" -> "connection reset";
      default -> "transport error"; // never a Java class name in front of a user
    };
    String msg = e.getMessage();
    if (kind.equals("timed out")) return "no answer within " + timeoutSeconds + " s";
    if (msg != null && (msg.contains("PKIX") || msg.contains("unable to find valid certification path"))) {
      // The JDK's wording names internal classes; say what it means and what to do.
      msg = "certificate not trusted (self-signed or unknown CA); --ca-cert FILE (or SSL_CERT_FILE) trusts a private CA,"
          + " --insecure scans anyway and still reports it";
    }
    return redact(msg == null ? kind : kind + ": " + msg);
  }

  /** Never lets the key into a message, whatever a library put there. */
  public String redact(String text) {
    if (text == null) return null;
    return apiKey == null ? text : text.replace(apiKey, "<redacted>");
  }

  /**
   * A client for one-off TLS inspection that never verifies certificates and hands the chain the server
   * presented to {@code presented} (OkHttp's own handshake record drops a chain it could not clean).
   */
  public OkHttpClient inspectionClient(Consumer<X509Certificate[]> presented) {
    OkHttpClient.Builder b = client.newBuilder();
    TrustAll.install(b, presented);
    return b.build();
  }

  @Override
  public void close() {
    // The call threads are shared by every connection: cancel this client's calls, leave the threads alone.
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
  }
}

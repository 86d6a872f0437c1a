package dev.vllmscan.provider.e2e;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/** The named targets of the probe issue, each a MockWebServer dispatcher. */
public final class Targets {
  private Targets() {}

  public static final String KEY = "sk-target-7f3a9c";

  public static MockWebServer serve(Dispatcher d) throws Exception {
    MockWebServer s = new MockWebServer();
    s.setDispatcher(d);
    s.start(InetAddress.getLoopbackAddress(), 0);
    return s;
  }

  public static String url(MockWebServer s) {
    return "http://127.0.0.1:" + s.getPort();
  }

  public static FakeVllm v06Defaults() {
    return new FakeVllm("0.6.3.post1");
  }

  public static FakeVllm v08KeyProfiler() {
    return new FakeVllm("0.8.5").era08().key(KEY, "/v1").route("/start_profile", "POST").route("/stop_profile", "POST");
  }

  public static FakeVllm v011KeyDevTokenizerLora() {
    return new FakeVllm("0.11.0").era11().key(KEY, "/v1").devMode().route("/tokenizer_info", "GET")
        .body("/tokenizer_info", "{\"tokenizer_class\":\"Qwen2TokenizerFast\",\"model_max_length\":32768,"
            + "\"chat_template\":\"{% for m in messages %}{{ m.content }}{% endfor %}\"}")
        .body("/server_info", "{\"vllm_config\":\"model='Qwen/Qwen3-0.6B', tokenizer_mode=auto, trust_remote_code=True\"}")
        .route("/v1/load_lora_adapter", "POST").route("/v1/unload_lora_adapter", "POST").lora("sql-lora", "chat-lora");
  }

  public static FakeVllm v014PauseWeights() {
    return new FakeVllm("0.14.0").era11().route("/pause", "POST").route("/resume", "POST").route("/is_paused", "GET")
        .route("/inference/v1/generate", "POST").route("/init_weight_transfer_engine", "POST")
        .route("/update_weights", "POST").route("/get_world_size", "GET");
  }

  /** Key on the four newest prefixes, docs off, one allowed origin, a generate-only route set (era E8). */
  public static FakeVllm v029Hardened() {
    FakeVllm f = new FakeVllm("0.29.0").without("/v1/embeddings").docs(false)
        .key(KEY, "/v1", "/v2", "/inference", "/cohere").cors(FakeVllm.Cors.ALLOW_LIST, "https://app.internal.example");
    f.route("/ping", "GET", "POST").route("/invocations", "POST").route("/load", "GET");
    for (String p : new String[] {"/v1/responses", "/v1/messages", "/v1/messages/count_tokens", "/v1/chat/completions/batch",
        "/v1/chat/completions/render", "/v1/completions/render", "/inference/v1/generate", "/scale_elastic_ep",
        "/is_scaling_elastic_ep"}) f.route(p, "POST");
    return f.route("/v1/responses/{id}", "GET").route("/v1/responses/{id}/cancel", "POST");
  }

  public static FakeVllm v029CorsCredentials() {
    return new FakeVllm("0.29.0").era11().cors(FakeVllm.Cors.CREDENTIALS, null);
  }

  /** A reverse proxy demanding basic auth on everything but its own health check. */
  public static Dispatcher authProxy() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getPath().equals("/health")) return new MockResponse().setResponseCode(200).setBody("OK");
        return new MockResponse().setResponseCode(401).setHeader("www-authenticate", "Basic realm=\"inference\"")
            .setHeader("server", "nginx").setHeader("content-type", "text/html").setBody("<html>401 Authorization Required</html>");
      }
    };
  }

  /** A proxy demanding a key on everything but vLLM's own /health (200, empty body), which it passes through. */
  public static Dispatcher authWallWithVllmHealth() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getPath().equals("/health")) return new MockResponse().setResponseCode(200).setHeader("server", "uvicorn");
        return new MockResponse().setResponseCode(401).setHeader("www-authenticate", "Bearer realm=\"gateway\"")
            .setHeader("server", "envoy").setHeader("content-type", "application/json").setBody("{\"message\":\"unauthorized\"}");
      }
    };
  }

  /** An SSO gateway: every request is redirected to the identity provider's login page. */
  public static Dispatcher ssoWall() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse().setResponseCode(302).setHeader("server", "oauth2-proxy")
            .setHeader("location", "https://login.idp.example/oauth2/authorize?client_id=llm&redirect_uri=%2F");
      }
    };
  }

  /** A single-page app behind nginx: every GET is the index page, every other method a 405 without allow. */
  public static Dispatcher catchAllSpa() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getMethod().equals("GET") || r.getMethod().equals("HEAD")) {
          return new MockResponse().setResponseCode(200).setHeader("server", "nginx").setHeader("content-type", "text/html")
              .setBody("<!doctype html><html><body><div id=\"root\"></div><script src=\"/app.js\"></script></body></html>");
        }
        return new MockResponse().setResponseCode(405).setHeader("server", "nginx").setBody("<html>405 Not Allowed</html>");
      }
    };
  }

  /**
   * A vLLM-looking server that fights back: the version trickles a byte per second, metrics never end, the
   * model list is broken JSON, the load body is Prometheus garbage, the docs redirect to themselves.
   */
  public static Dispatcher hostile() {
    FakeVllm base = new FakeVllm("0.9.2").era08();
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        String p = r.getRequestUrl().encodedPath();
        switch (p) {
          case "/version" -> {
            return FakeVllm.json(200, "{\"version\":\"0.9.2\"}").throttleBody(1, 1, TimeUnit.SECONDS);
          }
          case "/metrics" -> {
            Buffer big = new Buffer();
            byte[] line = "vllm:garbage{x=\"".repeat(64).getBytes();
            for (int i = 0; i < 40_000; i++) big.write(line);
            return new MockResponse().setResponseCode(200).setHeader("content-type", "text/plain; version=0.0.4")
                .setBody(big).throttleBody(256 * 1024, 100, TimeUnit.MILLISECONDS);
          }
          case "/v1/models" -> {
            return FakeVllm.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"owned_by\":\"vllm\",\"permission\":[{");
          }
          case "/load" -> {
            return FakeVllm.json(200, "{\"server_load\":\"NaN\"");
          }
          case "/docs", "/redoc", "/openapi.json" -> {
            return new MockResponse().setResponseCode(307).setHeader("location", p);
          }
          default -> {
            return base.dispatch(r);
          }
        }
      }
    };
  }
}

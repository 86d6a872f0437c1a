package dev.vllmscan.provider.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** Waiting for many probes at once gives each its own answer, in order, and stays within one probe's bound. */
class AwaitAllTest {
  private static MockWebServer echoingPaths() throws Exception {
    return ProbeTargets.serving(r -> {
      // Later paths answer sooner, so the answers arrive in the reverse of the order they are waited for.
      int delay = r.getPath().endsWith("/a") ? 300 : r.getPath().endsWith("/b") ? 150 : 0;
      return new MockResponse().setResponseCode(r.getPath().endsWith("/c") ? 404 : 200)
          .setHeader("Content-Type", "text/plain").setBody(r.getPath()).setHeadersDelay(delay, TimeUnit.MILLISECONDS);
    });
  }

  private static HttpProber prober(MockWebServer s) {
    return ProbeTargets.prober(s, 1, 8);
  }

  @Test
  void answersComeBackInTheOrderAsked() throws Exception {
    try (MockWebServer s = echoingPaths(); HttpProber p = prober(s)) {
      List<ProbeRequest> asked = List.of(ProbeRequest.get("/x/a"), ProbeRequest.get("/x/b"), ProbeRequest.get("/x/c"));
      List<Observation> answers = p.getAll(asked);
      assertEquals(3, answers.size());
      assertEquals(200, answers.get(0).status());
      assertEquals(200, answers.get(1).status());
      assertEquals(404, answers.get(2).status());
      assertEquals("/x/a", new String(answers.get(0).body()), "each answer is its own request's");
      assertEquals("/x/c", new String(answers.get(2).body()));
    }
  }

  @Test
  void queuedProbesAnsweredInTimeAreAnswersEvenPastOneBound() throws Exception {
    // One probe in flight, each answered in 0.6 s (inside its 1 s timeout, which starts when it is sent): twelve take
    // ~7.2 s, past the 6 s bound of one wait. Each was answered, so none may read as "no answer".
    try (MockWebServer s = ProbeTargets.serving(r -> new MockResponse().setBody(r.getPath())
            .setHeadersDelay(600, TimeUnit.MILLISECONDS));
        HttpProber p = ProbeTargets.prober(s, 1, 1)) {
      List<ProbeRequest> asked = new ArrayList<>();
      for (int i = 0; i < 12; i++) asked.add(ProbeRequest.get("/q/" + i));
      List<Observation> answers = p.getAll(asked);
      for (int i = 0; i < 12; i++) {
        assertEquals(200, answers.get(i).status(), "probe " + i + ": " + answers.get(i).error());
        assertEquals("/q/" + i, new String(answers.get(i).body()));
      }
    }
  }

  @Test
  void oneThatNeverCompletesIsNoAnswerAfterOneBoundNotOnePerProbe() throws Exception {
    try (MockWebServer s = echoingPaths(); HttpProber p = prober(s)) {
      CompletableFuture<Observation> answered = p.fetch(ProbeRequest.get("/x/c"));
      CompletableFuture<Observation> never1 = new CompletableFuture<>();
      CompletableFuture<Observation> never2 = new CompletableFuture<>();
      long start = System.nanoTime();
      List<Observation> out = p.awaitAll(List.of(never1, answered, never2));
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      // The bound is the client timeout (1 s here) plus 5 s of slack, once for all three.
      assertTrue(seconds >= 5 && seconds < 10, "waited " + seconds + " s");
      assertFalse(out.get(0).answered());
      assertTrue(String.valueOf(out.get(0).error()).contains("no answer within 1 s"), out.get(0).error());
      assertEquals(404, out.get(1).status());
      assertFalse(out.get(2).answered());
    }
  }
}

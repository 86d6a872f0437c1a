package dev.vllmscan.launcher.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a person does by hand from an audit guide: the same requests the scan sent, one after another, each with
 * its own {@code curl} process. Without curl on the machine, one JDK client sends them in sequence instead.
 */
final class SequentialSweep {
  private SequentialSweep() {}

  record Result(long millis, int requests, String tool) {}

  /**
   * {@code log} entries as the emulator records them: {@code METHOD /path?query [+key] [+origin]}. Replays are
   * anonymous only: a key on a curl command line would be visible to every user of the machine.
   */
  static Result replay(String baseUrl, List<String> log) throws IOException, InterruptedException {
    boolean curl = onPath("curl");
    HttpClient jdk = curl ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    long start = System.nanoTime();
    for (String entry : log) {
      String[] parts = entry.split(" ");
      String method = parts[0];
      String url = baseUrl + parts[1];
      boolean origin = entry.contains(" +origin");
      if (curl) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "--max-time", "10", "-X", method));
        if (origin) cmd.addAll(List.of("-H", "Origin: https://audit.example", "-H", "Access-Control-Request-Method: POST"));
        if (method.equals("POST")) cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", "{}"));
        cmd.add(url);
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      } else {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (origin) b.header("Origin", "https://audit.example").header("Access-Control-Request-Method", "POST");
        jdk.send(b.build(), HttpResponse.BodyHandlers.discarding());
      }
    }
    return new Result((System.nanoTime() - start) / 1_000_000, log.size(), curl ? "curl" : "jdk-httpclient");
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }
}

package dev.vllmscan.sdk.plugin;

import dev.vllmscan.proto.providers.ParseCLIReq;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads vllmscan's head start from stdin: a first line with the base64 of the ParseCLI request the launcher is about
 * to send over gRPC (the provider prepares the connection while both JVMs warm up), then a line {@code begin} once
 * the launcher's policies checked out (the target may be contacted). End of input without it means the scan ended
 * first. Only a provider started with {@code VLLMSCAN_PRESTART=stdin} listens: a Mondoo host hands a plugin its own
 * stdin, which is not ours to read. Anything unreadable is ignored, since the gRPC calls that follow do the same work
 * and report the errors; the first line carries the API key, so nothing of it is logged.
 */
final class PrestartListener {
  /** Far more than any real request (a URL and a handful of flags); a longer line is not read to its end. */
  static final int MAX_LINE = 64 * 1024;

  private PrestartListener() {}

  static void listen(InputStream in, Provider provider) {
    Thread t = new Thread(() -> {
      try {
        byte[] request = readLine(in);
        if (request.length == 0) return;
        provider.prepare(ParseCLIReq.parseFrom(Base64.getDecoder().decode(request)));
        Log.debug("timeline: head start: connection prepared");
        if (new String(readLine(in), StandardCharsets.US_ASCII).equals("begin")) {
          provider.begin();
          Log.debug("timeline: head start: catalogue run begun");
        }
      } catch (IOException | RuntimeException e) {
        Log.debug("head start ignored (" + e.getClass().getSimpleName() + "); Connect does the work");
      }
    }, "prestart");
    t.setDaemon(true);
    t.start();
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (out.size() >= MAX_LINE) throw new IOException("head start line too long");
      out.write(b);
    }
    return out.toByteArray();
  }
}

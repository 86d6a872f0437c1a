package dev.vllmscan.launcher.host;

import dev.vllmscan.proto.providers.ParseCLIReq;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * vllmscan's own head start for a provider it spawned for a scan, written to the provider's stdin: first the
 * ParseCLI request the scan is about to send (one base64 line: the provider prepares the connection while both JVMs
 * still warm up their gRPC), then {@code begin} once the policies checked out (the provider may contact the
 * target). The provider reads stdin only when its environment says {@value #ENV}={@value #VIA_STDIN}, which Mondoo
 * hosts never set; its Connect adopts the prepared connection when it is the same one and drops it otherwise.
 * Nothing of it is logged: the request carries the API key.
 */
public final class Prestart {
  public static final String ENV = "VLLMSCAN_PRESTART";
  public static final String VIA_STDIN = "stdin";

  private OutputStream stdin;
  private final List<byte[]> queued = new ArrayList<>();
  private boolean closed;

  /** Called by the process launcher once the provider's stdin exists; what was sent before is written now. */
  synchronized void attach(OutputStream out) {
    stdin = out;
    for (byte[] line : queued) write(line);
    queued.clear();
    if (closed) closeQuietly();
  }

  /** The request the scan will send over gRPC; the provider prepares but contacts nothing yet. */
  public void prepare(ParseCLIReq req) {
    line(Base64.getEncoder().encodeToString(req.toByteArray()));
  }

  /** The target may be contacted now; ends the head start. */
  public void begin() {
    line("begin");
    cancel();
  }

  /** Ends the head start (without {@link #begin}: the provider contacts nothing before Connect). */
  public synchronized void cancel() {
    if (closed) return;
    closed = true;
    if (stdin != null) closeQuietly();
  }

  private synchronized void line(String text) {
    if (closed) return;
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.US_ASCII);
    if (stdin == null) queued.add(bytes);
    else write(bytes);
  }

  private void write(byte[] bytes) {
    try {
      stdin.write(bytes);
      stdin.flush();
    } catch (IOException e) {
      // the provider is gone or not listening: Connect does the work as usual
    }
  }

  private void closeQuietly() {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // nothing more to tell the provider
    }
  }
}

package dev.vllmscan.provider.probe.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a gRPC answer from a plain HTTP/2 one. When an HTTP/2 server that is not a gRPC server (a reverse proxy, a
 * web server speaking h2c) answers a call with an HTTP error and no {@code grpc-status}, grpc-java makes up a status
 * from the HTTP code (404 → UNIMPLEMENTED, 401 → UNAUTHENTICATED, 403 → PERMISSION_DENIED) and says so in its
 * description ("HTTP status code 404 …"). Those codes are not the server's gRPC answer, so every call's close status
 * is rewritten here, on the connection's one channel, to UNKNOWN with the HTTP status as the reason: a rule that
 * reads UNIMPLEMENTED as "not served" or UNAUTHENTICATED as "refused" then never sees a made-up one.
 * A real gRPC server that put such a text in its own grpc-message is also read as unknown: the safe side.
 */
final class PlainHttpAnswers implements ClientInterceptor {
  /** grpc-java's own wording (GrpcUtil.httpStatusToGrpcStatus), then the content-type line when it was wrong. */
  private static final Pattern MADE_UP = Pattern.compile("^HTTP status code (\\d{1,3})(?:\\s+invalid content-type: ([^\\n]{0,80}))?");

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            super.onClose(classify(status), trailers);
          }
        }, headers);
      }
    };
  }

  /** {@code status} as it came, or UNKNOWN with the HTTP status when grpc-java made it up from a plain HTTP/2 answer. */
  static Status classify(Status status) {
    String d = status.getDescription();
    Matcher m = d == null ? null : MADE_UP.matcher(d);
    if (m == null || !m.find()) return status;
    String type = m.group(2) == null ? "" : " (content-type " + m.group(2).strip() + ")";
    return Status.UNKNOWN.withDescription("HTTP/2 " + m.group(1) + " without grpc-status: not a gRPC server?" + type);
  }
}

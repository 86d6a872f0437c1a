package dev.vllmscan.provider.probe.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Adds {@code authorization: Bearer <key>} to the calls that ask for it ({@link #WITH_KEY}), and only to those.
 * It sits on the connection's one channel, so the key can only go to the target's own origin.
 */
final class BearerKey implements ClientInterceptor {
  static final CallOptions.Key<Boolean> WITH_KEY = CallOptions.Key.createWithDefault("vllmscan-with-key", false);
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private final String key;

  BearerKey(String key) {
    this.key = key;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (key == null || !options.getOption(WITH_KEY)) return call;
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(AUTHORIZATION, "Bearer " + key);
        super.start(listener, headers);
      }
    };
  }
}

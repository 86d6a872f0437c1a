package dev.vllmscan.provider.probe.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import io.grpc.Channel;

/**
 * The one gRPC channel of a connection: plaintext or TLS (unverified under --insecure), inbound messages and
 * metadata capped, no retries, no name resolution beyond the target, and the allow-list in front of everything.
 */
public final class GrpcChannel implements AutoCloseable {
  /** Largest message accepted from the target: a reflection answer or model info is a few KiB. */
  public static final int MAX_INBOUND_MESSAGE = 1 << 20;
  static final int MAX_INBOUND_METADATA = 16 << 10;

  private final ManagedChannel channel;
  private final GrpcAllowList allowList;

  public GrpcChannel(GrpcTarget target) {
    this.allowList = new GrpcAllowList(target.deadlineMillis());
    ChannelCredentials credentials = !target.tls() ? InsecureChannelCredentials.create()
        : target.insecure() ? TlsChannelCredentials.newBuilder().trustManager(new TrustEverything()).build()
        : target.trust() != null ? TlsChannelCredentials.newBuilder().trustManager(target.trust()).build()
        : TlsChannelCredentials.create();
    this.channel = Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE)
        .maxInboundMetadataSize(MAX_INBOUND_METADATA)
        .disableRetry()
        .userAgent("vllmscan")
        // the allow-list is added last, so it runs first: nothing reaches the key interceptor or the wire past it;
        // PlainHttpAnswers sits nearest the wire, so every close status any caller sees has been through it
        .intercept(new PlainHttpAnswers(), new BearerKey(target.apiKey()), allowList)
        .build();
  }

  public Channel channel() {
    return channel;
  }

  public GrpcAllowList allowList() {
    return allowList;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** --insecure: the handshake goes ahead whatever the certificate (the scan reports TLS use, not trust, here). */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

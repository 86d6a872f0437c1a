package dev.vllmscan.provider.probe.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Unary calls of the engine's read-only methods. The request is the method's input type with no field set
 * (built from reflection's descriptor, or zero bytes when only the name is known); the answer is decoded
 * through the output type's descriptor, or field by field number without one.
 */
final class EngineCaller {
  /** Messages as bytes: requests are built and answers decoded here, with the descriptor when there is one. */
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        // the channel has already refused anything over its inbound cap
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final Channel channel;
  private final long deadlineMillis;

  EngineCaller(Channel channel, long deadlineMillis) {
    this.channel = channel;
    this.deadlineMillis = deadlineMillis;
  }

  /** A call under way: the method's descriptor (null when only its name is known) and the answer to come. */
  record Pending(String method, String identity, Descriptors.MethodDescriptor descriptor, ListenableFuture<byte[]> answer) {}

  /** Starts one unary call; {@code descriptor} null means the method is called by its known name only. */
  Pending start(String fullName, Descriptors.MethodDescriptor descriptor, boolean withKey) {
    byte[] request = descriptor == null ? new byte[0]
        : DynamicMessage.getDefaultInstance(descriptor.getInputType()).toByteArray();
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
        .withOption(BearerKey.WITH_KEY, withKey);
    return new Pending(fullName, withKey ? "apiKey" : "anonymous", descriptor,
        ClientCalls.futureUnaryCall(channel.newCall(method, options), request));
  }

  /** Waits for a started call (its deadline bounds the wait) and decodes its answer. */
  Rpc finish(Pending p) {
    try {
      byte[] bytes = p.answer().get(deadlineMillis + 2000, TimeUnit.MILLISECONDS);
      return new Rpc(p.method(), p.identity(), Status.Code.OK, null, decode(p.descriptor(), bytes), bytes.length);
    } catch (ExecutionException e) {
      Status s = Status.fromThrowable(e.getCause());
      return new Rpc(p.method(), p.identity(), s.getCode(), Rpc.text(s), Map.of(), -1);
    } catch (TimeoutException e) {
      p.answer().cancel(true);
      return new Rpc(p.method(), p.identity(), Status.Code.DEADLINE_EXCEEDED, "no answer in time", Map.of(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.answer().cancel(true);
      return new Rpc(p.method(), p.identity(), Status.Code.CANCELLED, "interrupted", Map.of(), -1);
    }
  }

  private static Map<String, Object> decode(Descriptors.MethodDescriptor descriptor, byte[] bytes) {
    try {
      if (descriptor != null) return MessageValues.of(DynamicMessage.parseFrom(descriptor.getOutputType(), bytes));
      return MessageValues.of(UnknownFieldSet.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      return Map.of("undecodable", bytes.length + " bytes that are not a protobuf message of the expected type");
    }
  }
}

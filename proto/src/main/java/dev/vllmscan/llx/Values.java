package dev.vllmscan.llx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.vllmscan.proto.llx.Primitive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.google.protobuf.MessageLite;

/**
 * Java value ⇄ llx {@link Primitive}. The only place that knows the byte layout: zig-zag varint ints,
 * little-endian float64, 8+4 byte little-endian time, dicts as a nested serialized Primitive.
 *
 * <p>Java side: null, Boolean, Long (any integral Number), Double, String, Instant, List, Map,
 * {@link ResourceRef}, {@link Dict}.
 */
public final class Values {
  private static final Primitive NIL = Primitive.newBuilder().setType(Types.NIL).build();

  private Values() {}

  public static Primitive nil() {
    return NIL;
  }

  /** A typed value without content, used beside a field error. */
  public static Primitive typedEmpty(String type) {
    return Primitive.newBuilder().setType(type).build();
  }

  public static Primitive encode(String type, Object value) {
    if (value == null) {
      return NIL;
    }
    if (Types.isArray(type)) {
      String child = Types.child(type);
      Primitive.Builder b = Primitive.newBuilder().setType(type);
      for (Object element : (List<?>) value) {
        b.addArray(encode(child, element));
      }
      return b.build();
    }
    if (Types.isMap(type)) {
      String child = Types.mapValue(type);
      Primitive.Builder b = Primitive.newBuilder().setType(type);
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        b.putMap(String.valueOf(e.getKey()), encode(child, e.getValue()));
      }
      return b.build();
    }
    if (Types.isResource(type)) {
      ResourceRef ref = (ResourceRef) value;
      return Primitive.newBuilder()
          .setType(Types.resource(ref.name()))
          .setValue(ByteString.copyFromUtf8(ref.id()))
          .build();
    }
    switch (type) {
      case Types.BOOL:
        return scalar(type, new byte[] {(byte) (((Boolean) value) ? 1 : 0)});
      case Types.INT:
        return scalar(type, zigzag(((Number) value).longValue()));
      case Types.FLOAT:
        return scalar(type, float64(((Number) value).doubleValue()));
      case Types.STRING:
      case Types.REGEX:
      case Types.VERSION:
        return scalar(type, ((String) value).getBytes(StandardCharsets.UTF_8));
      case Types.TIME:
        return scalar(type, time((Instant) value));
      case Types.DICT:
        Object tree = value instanceof Dict d ? d.value() : value;
        return scalar(type, deterministic(dictTree(tree)));
      case Types.ANY:
        return encode(inferType(value), value);
      default:
        throw new IllegalArgumentException("cannot encode type " + Types.label(type));
    }
  }

  /** Type of a plain Java value, for values whose declared type is {@code any}. */
  public static String inferType(Object value) {
    if (value == null) return Types.NIL;
    if (value instanceof Boolean) return Types.BOOL;
    if (value instanceof Double || value instanceof Float) return Types.FLOAT;
    if (value instanceof Number) return Types.INT;
    if (value instanceof String) return Types.STRING;
    if (value instanceof Instant) return Types.TIME;
    if (value instanceof ResourceRef r) return Types.resource(r.name());
    return Types.DICT;
  }

  public static Object decode(Primitive p) {
    String type = p.getType();
    if (type.isEmpty() || type.equals(Types.NIL)) {
      return null;
    }
    if (Types.isArray(type)) {
      List<Object> out = new ArrayList<>(p.getArrayCount());
      for (Primitive e : p.getArrayList()) {
        out.add(decode(e));
      }
      return out;
    }
    if (Types.isMap(type)) {
      Map<String, Object> out = new TreeMap<>();
      p.getMapMap().forEach((k, v) -> out.put(k, decode(v)));
      return out;
    }
    if (Types.isResource(type)) {
      return new ResourceRef(Types.resourceName(type), p.getValue().toStringUtf8());
    }
    byte[] v = p.getValue().toByteArray();
    switch (type) {
      case Types.BOOL:
        return v.length > 0 && v[0] != 0;
      case Types.INT:
        return v.length == 0 ? 0L : unzigzag(v);
      case Types.FLOAT:
        return v.length == 0 ? 0.0 : ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getDouble();
      case Types.STRING:
      case Types.REGEX:
      case Types.VERSION:
        return new String(v, StandardCharsets.UTF_8);
      case Types.TIME:
        return v.length < 12 ? Instant.EPOCH : readTime(v);
      case Types.DICT:
        if (v.length == 0) return new Dict(null);
        try {
          return new Dict(decodeDictTree(Primitive.parseFrom(v)));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException("malformed dict value", e);
        }
      default:
        throw new IllegalArgumentException("cannot decode type " + Types.label(type));
    }
  }

  // --- scalar layouts ---------------------------------------------------------------------------

  static byte[] zigzag(long v) {
    long u = (v << 1) ^ (v >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream(10);
    while ((u & ~0x7FL) != 0) {
      out.write((int) ((u & 0x7F) | 0x80));
      u >>>= 7;
    }
    out.write((int) u);
    return out.toByteArray();
  }

  static long unzigzag(byte[] bytes) {
    long u = 0;
    int shift = 0;
    for (byte b : bytes) {
      u |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
      shift += 7;
      if (shift > 63) throw new IllegalArgumentException("varint too long");
    }
    return (u >>> 1) ^ -(u & 1);
  }

  private static byte[] float64(double d) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(d).array();
  }

  private static byte[] time(Instant t) {
    return ByteBuffer.allocate(12)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(t.getEpochSecond())
        .putInt(t.getNano())
        .array();
  }

  private static Instant readTime(byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
    long seconds = b.getLong();
    int nanos = b.getInt();
    if (seconds > Instant.MAX.getEpochSecond()) return Instant.MAX;
    if (seconds < Instant.MIN.getEpochSecond()) return Instant.MIN;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static Primitive scalar(String type, byte[] value) {
    Primitive.Builder b = Primitive.newBuilder().setType(type);
    if (value.length > 0) {
      b.setValue(ByteString.copyFrom(value));
    }
    return b.build();
  }

  // --- dict trees -------------------------------------------------------------------------------

  private static Primitive dictTree(Object v) {
    if (v == null) return NIL;
    if (v instanceof Dict d) return dictTree(d.value());
    if (v instanceof Boolean) return encode(Types.BOOL, v);
    if (v instanceof Double || v instanceof Float) return encode(Types.FLOAT, v);
    if (v instanceof Number) return encode(Types.INT, v);
    if (v instanceof String) return encode(Types.STRING, v);
    if (v instanceof List<?> list) {
      Primitive.Builder b = Primitive.newBuilder().setType(Types.array(Types.DICT));
      for (Object e : list) b.addArray(dictTree(e));
      return b.build();
    }
    if (v instanceof Map<?, ?> map) {
      Primitive.Builder b = Primitive.newBuilder().setType(Types.map(Types.STRING, Types.DICT));
      map.forEach((k, e) -> b.putMap(String.valueOf(k), dictTree(e)));
      return b.build();
    }
    return encode(Types.STRING, v.toString());
  }

  private static Object decodeDictTree(Primitive p) {
    String type = p.getType();
    if (Types.isArray(type)) {
      List<Object> out = new ArrayList<>();
      for (Primitive e : p.getArrayList()) out.add(decodeDictTree(e));
      return out;
    }
    if (Types.isMap(type)) {
      Map<String, Object> out = new LinkedHashMap<>();
      new TreeMap<>(p.getMapMap()).forEach((k, e) -> out.put(k, decodeDictTree(e)));
      return out;
    }
    Object scalar = decode(p);
    return scalar instanceof Dict d ? d.value() : scalar;
  }

  /** Serialization with sorted map keys, so equal values give equal bytes. */
  public static byte[] deterministic(MessageLite message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      message.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

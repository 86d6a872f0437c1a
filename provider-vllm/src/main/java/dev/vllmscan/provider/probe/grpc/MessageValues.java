package dev.vllmscan.provider.probe.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A received message as plain values (strings, longs, doubles, booleans, lists, maps) for the resource layer. */
final class MessageValues {
  /** Longest text value kept; longer ones are cut and marked. */
  static final int TEXT_MAX = 512;
  /** Most entries kept per message or list (the inbound cap already bounds the total). */
  static final int ENTRIES_MAX = 256;
  private static final int DEPTH_MAX = 8;

  private MessageValues() {}

  /** Fields by name, through the descriptor reflection gave. */
  static Map<String, Object> of(Message m) {
    return of(m, 0);
  }

  private static Map<String, Object> of(Message m, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      if (out.size() == ENTRIES_MAX) break;
      Object v = e.getValue();
      if (e.getKey().isRepeated()) {
        List<Object> list = new ArrayList<>();
        for (Object item : (List<?>) v) {
          if (list.size() == ENTRIES_MAX) break;
          list.add(value(item, depth));
        }
        out.put(e.getKey().getName(), list);
      } else {
        out.put(e.getKey().getName(), value(v, depth));
      }
    }
    return out;
  }

  private static Object value(Object v, int depth) {
    if (v instanceof Message m) return depth >= DEPTH_MAX ? "(nested too deep)" : of(m, depth + 1);
    if (v instanceof EnumValueDescriptor e) return e.getName();
    if (v instanceof ByteString b) return b.size() + " bytes";
    if (v instanceof Integer i) return i.longValue();
    if (v instanceof Float f) return f.doubleValue();
    if (v instanceof String s) return text(s);
    return v;
  }

  /** Without a descriptor: fields by number ({@code #1}), length-delimited ones as text when they are UTF-8. */
  static Map<String, Object> of(UnknownFieldSet set) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<Integer, UnknownFieldSet.Field> e : set.asMap().entrySet()) {
      if (out.size() == ENTRIES_MAX) break;
      UnknownFieldSet.Field f = e.getValue();
      List<Object> values = new ArrayList<>();
      f.getVarintList().forEach(values::add);
      f.getFixed32List().forEach(x -> values.add(x.longValue()));
      f.getFixed64List().forEach(values::add);
      for (ByteString b : f.getLengthDelimitedList()) values.add(utf8(b));
      out.put("#" + e.getKey(), values.size() == 1 ? values.get(0) : values.subList(0, Math.min(values.size(), ENTRIES_MAX)));
    }
    return out;
  }

  private static Object utf8(ByteString b) {
    try {
      return text(StandardCharsets.UTF_8.newDecoder().decode(b.asReadOnlyByteBuffer()).toString());
    } catch (CharacterCodingException e) {
      return b.size() + " bytes";
    }
  }

  private static String text(String s) {
    return s.length() <= TEXT_MAX ? s : s.substring(0, TEXT_MAX) + "… (" + s.length() + " characters)";
  }
}

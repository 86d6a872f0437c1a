package dev.vllmscan.llx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.proto.llx.Primitive;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.HeartbeatReq;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Golden byte vectors from the wire reference (§12.4) plus round-trip properties. */
class ValuesTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  static List<Arguments> vectors() {
    return List.of(
        Arguments.of(Types.BOOL, true, "0a 01 04 12 01 01"),
        Arguments.of(Types.BOOL, false, "0a 01 04 12 01 00"),
        Arguments.of(Types.INT, 42L, "0a 01 05 12 01 54"),
        Arguments.of(Types.INT, -3L, "0a 01 05 12 01 05"),
        Arguments.of(Types.INT, 0L, "0a 01 05 12 01 00"),
        Arguments.of(Types.INT, 10L, "0a 01 05 12 01 14"),
        Arguments.of(Types.FLOAT, 1.5, "0a 01 06 12 08 00 00 00 00 00 00 f8 3f"),
        Arguments.of(Types.STRING, "abc", "0a 01 07 12 03 61 62 63"),
        Arguments.of(Types.STRING, "", "0a 01 07"),
        Arguments.of(Types.STRING, null, "0a 01 02"),
        Arguments.of(Types.TIME, Instant.ofEpochSecond(1700000000L, 500),
            "0a 01 09 12 0c 00 f1 53 65 00 00 00 00 f4 01 00 00"),
        Arguments.of(Types.resource("vllm.server"), new ResourceRef("vllm.server", "http://h:8000"),
            "0a 0c 1b 76 6c 6c 6d 2e 73 65 72 76 65 72 12 0d 68 74 74 70 3a 2f 2f 68 3a 38 30 30 30"),
        Arguments.of(Types.array(Types.STRING), List.of("a", "b"),
            "0a 02 19 07 1a 06 0a 01 07 12 01 61 1a 06 0a 01 07 12 01 62"),
        Arguments.of(Types.array(Types.STRING), List.of(), "0a 02 19 07"),
        Arguments.of(Types.map(Types.STRING, Types.STRING), Map.of("k", "v"),
            "0a 03 1a 07 07 22 0b 0a 01 6b 12 06 0a 01 07 12 01 76"),
        Arguments.of(Types.DICT, new Dict(Map.of("a", 1L)),
            "0a 01 0a 12 12 0a 03 1a 07 0a 22 0b 0a 01 61 12 06 0a 01 05 12 01 02"),
        Arguments.of(Types.array(Types.resource("vllm.endpoint")),
            List.of(new ResourceRef("vllm.endpoint", "GET /v1/models")),
            "0a 0f 19 1b 76 6c 6c 6d 2e 65 6e 64 70 6f 69 6e 74 1a 20 0a 0e 1b 76 6c 6c 6d 2e 65 6e 64 70 6f 69 6e"
                + " 74 12 0e 47 45 54 20 2f 76 31 2f 6d 6f 64 65 6c 73"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void encodesToTheReferenceBytes(String type, Object value, String hex) {
    Primitive p = Values.encode(type, value);
    assertEquals(hex, HEX.formatHex(Values.deterministic(p)));
    Object back = Values.decode(Primitive.newBuilder().mergeFrom(p).build());
    assertEquals(value, back);
  }

  @Test
  void dataResEnvelopes() {
    DataRes nil = DataRes.newBuilder().setData(Values.nil()).build();
    assertEquals("0a 03 0a 01 02", HEX.formatHex(nil.toByteArray()));
    DataRes error = DataRes.newBuilder().setData(Values.typedEmpty(Types.STRING)).setError("boom").build();
    assertEquals("0a 03 0a 01 07 12 04 62 6f 6f 6d", HEX.formatHex(error.toByteArray()));
    HeartbeatReq hb = HeartbeatReq.newBuilder().setInterval(5_000_000_000L).build();
    assertEquals("08 80 e4 97 d0 12", HEX.formatHex(hb.toByteArray()));
  }

  @Test
  void zigzagMatchesGoPutVarintAtTheEdges() {
    assertArrayEquals(new byte[] {1}, Values.zigzag(-1));
    assertArrayEquals(new byte[] {2}, Values.zigzag(1));
    assertEquals(Long.MAX_VALUE, Values.unzigzag(Values.zigzag(Long.MAX_VALUE)));
    assertEquals(Long.MIN_VALUE, Values.unzigzag(Values.zigzag(Long.MIN_VALUE)));
    assertEquals(10, Values.zigzag(Long.MIN_VALUE).length);
  }

  @Test
  void emptyValueBytesDecodeToZeroValues() {
    assertEquals(false, Values.decode(Values.typedEmpty(Types.BOOL)));
    assertEquals(0L, Values.decode(Values.typedEmpty(Types.INT)));
    assertEquals("", Values.decode(Values.typedEmpty(Types.STRING)));
    assertEquals(null, Values.decode(Primitive.getDefaultInstance()));
  }

  /** Property: any generated value survives encode → bytes → parse → decode unchanged. */
  @Test
  void randomValuesRoundTrip() throws Exception {
    Random random = new Random(20261126L);
    for (int i = 0; i < 2000; i++) {
      long l = random.nextLong() >> random.nextInt(64);
      double d = random.nextBoolean() ? random.nextGaussian() * 1e6 : Double.longBitsToDouble(random.nextLong());
      String s = randomString(random);
      Instant t = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
      roundTrip(Types.INT, l);
      roundTrip(Types.STRING, s);
      roundTrip(Types.TIME, t);
      roundTrip(Types.array(Types.INT), List.of(l, -l, 0L));
      roundTrip(Types.map(Types.STRING, Types.array(Types.STRING)), Map.of(s, List.of(s, "x")));
      Primitive fp = Primitive.parseFrom(Values.encode(Types.FLOAT, d).toByteArray());
      Double back = (Double) Values.decode(fp);
      assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back));
      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("n", l);
      tree.put("s", s);
      tree.put("b", random.nextBoolean());
      tree.put("nil", null);
      List<Object> list = new ArrayList<>();
      list.add(l);
      list.add(Map.of("x", s));
      tree.put("l", list);
      roundTrip(Types.DICT, new Dict(tree));
    }
  }

  private static void roundTrip(String type, Object value) throws Exception {
    Primitive p = Primitive.parseFrom(Values.encode(type, value).toByteArray());
    Object back = Values.decode(p);
    if (back instanceof Map<?, ?> m && value instanceof Map<?, ?> v) {
      assertEquals(new LinkedHashMap<>(v), new LinkedHashMap<>(m));
    } else if (back instanceof Dict d && value instanceof Dict v) {
      assertEquals(v.value(), d.value());
    } else {
      assertEquals(value, back);
    }
    assertTrue(p.getType().codePoints().allMatch(c -> c < 0x80));
  }

  private static String randomString(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(r.nextBoolean() ? 'a' + r.nextInt(26) : 0x400 + r.nextInt(0x200));
    }
    return sb.toString();
  }
}

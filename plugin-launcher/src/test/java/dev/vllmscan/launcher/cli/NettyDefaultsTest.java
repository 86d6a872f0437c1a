package dev.vllmscan.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's Netty runs with one pooled arena per kind (the launcher is a single scan's largest process), and a
 * -D the user gives still wins. Each case is a fresh JVM: Netty reads the properties once, when its allocator loads.
 */
class NettyDefaultsTest {
  /** What a fresh JVM's Netty allocator ends up with after the launcher's defaults: "direct heap". */
  public static void main(String[] args) {
    Main.nettyDefaults();
    System.out.println(PooledByteBufAllocator.defaultNumDirectArena() + " " + PooledByteBufAllocator.defaultNumHeapArena());
  }

  private static String arenas(String... jvmFlags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyDefaultsTest.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void oneArenaPerKindUnlessTheUserSaysOtherwise() throws Exception {
    assertEquals("1 1", arenas());
    assertEquals("3 1", arenas("-Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=3"));
  }
}

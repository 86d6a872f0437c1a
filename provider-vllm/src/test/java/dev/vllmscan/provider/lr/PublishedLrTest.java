package dev.vllmscan.provider.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The provider's {@code src/main/lr/vllm.lr} is the one source of the resource surface (the build generates the
 * typed bindings and the host's schema from it); {@code resources/vllm.lr} at the top of the tree is its published
 * copy, for readers of the design card's layout. A copy that drifted would describe fields the provider lacks.
 */
class PublishedLrTest {
  @Test
  void publishedCopyIsTheSource() throws Exception {
    String source = Files.readString(Path.of("src", "main", "lr", "vllm.lr"));
    String published = Files.readString(Path.of("..", "resources", "vllm.lr"));
    assertEquals(source, published, "resources/vllm.lr differs from provider-vllm/src/main/lr/vllm.lr:"
        + " copy the source over it (cp provider-vllm/src/main/lr/vllm.lr resources/vllm.lr)");
  }
}

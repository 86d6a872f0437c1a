package dev.vllmscan.sdk.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.schema.LrParser;
import dev.vllmscan.schema.Schema;
import dev.vllmscan.schema.SchemaBuilder;
import dev.vllmscan.sdk.plugin.ProviderException;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** GetData semantics of the SDK, with a two-field resource bound the way generated bindings bind one. */
class DataHandlerTest {
  private static final Schema SCHEMA = SchemaBuilder.build(new LrParser().parse("""
      option provider = "test/providers/demo"
      option name = "demo"

      // A demo resource
      demo {
        // Counted reads
        answer() int
        // Never settled
        hidden() bool
        // Declared, never computed
        label string
      }
      """), "test/providers/demo");

  static final class Conn extends ProviderConnection {
    Conn() {
      super(1, new ResourceCache());
    }

    @Override
    public void close() {}
  }

  /** What a generated interface's dispatch does: one method per computed field, anything else not implemented. */
  static final class Demo extends ResourceDefinition<Conn> implements FieldResolver<Conn> {
    final AtomicInteger computed = new AtomicInteger();

    Demo() {
      super("demo");
    }

    @Override
    public ResourceInstance create(Conn c, Map<String, Object> args) {
      return c.cache().getOrCreate(name(), "only", () -> new ResourceInstance(name(), "only"));
    }

    @Override
    public Object resolveField(Conn c, ResourceInstance self, String field) {
      return switch (field) {
        case "answer" -> {
          computed.incrementAndGet();
          yield 42L;
        }
        case "hidden" -> throw FieldError.unknown("the probe timed out");
        default -> throw FieldResolver.notImplemented(name(), field);
      };
    }
  }

  private final Demo demo = new Demo();
  private final DataHandler<Conn> handler = new DataHandler<>("demo", SCHEMA, List.of(demo));
  private final Conn conn = new Conn();

  private DataRes read(String field) {
    handler.getData(conn, DataReq.newBuilder().setResource("demo").build());
    return handler.getData(conn, DataReq.newBuilder().setResource("demo").setResourceId("only").setField(field).build());
  }

  @Test
  void computedFieldIsEncodedByItsTypeAndComputedOnce() {
    assertEquals(42L, Values.decode(read("answer").getData()));
    assertEquals(42L, Values.decode(read("answer").getData()));
    assertEquals(1, demo.computed.get());
  }

  @Test
  void unknownTravelsAsAFieldErrorWithThePrefix() {
    assertEquals("unknown: the probe timed out", read("hidden").getError());
  }

  @Test
  void aStaticFieldNeverSetIsNotImplemented() {
    assertEquals("field 'label' of demo is not implemented yet", read("label").getError());
  }

  @Test
  void aFieldOutsideTheSchemaIsAnError() {
    assertEquals("field 'nope' does not exist on demo", read("nope").getError());
  }

  @Test
  void aSchemaStillBeingReadIsAskedForAtTheFirstReadNotAtConstruction() {
    AtomicInteger asked = new AtomicInteger();
    DataHandler<Conn> later = new DataHandler<>("demo", () -> {
      asked.incrementAndGet();
      return SCHEMA;
    }, List.of(new Demo()));
    assertEquals(0, asked.get(), "a provider constructs its handler before its gRPC server starts");

    later.getData(conn, DataReq.newBuilder().setResource("demo").build());
    DataRes res = later.getData(conn, DataReq.newBuilder().setResource("demo").setResourceId("only").setField("answer").build());

    assertEquals(42L, Values.decode(res.getData()));
    assertTrue(asked.get() >= 1);
  }

  @Test
  void anUnknownResourceIsNotFoundAndNamesTheProvider() {
    ProviderException e = assertThrows(ProviderException.class,
        () -> handler.getData(conn, DataReq.newBuilder().setResource("other").build()));
    assertEquals(Status.Code.NOT_FOUND, e.code());
    assertTrue(e.getMessage().endsWith("is not provided by the demo provider"), e.getMessage());
  }
}

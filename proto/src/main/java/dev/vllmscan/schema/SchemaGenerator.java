package dev.vllmscan.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: {@code .lr} + connector description → {@code <name>.resources.json} and
 * {@code <name>.json}. Run by the provider module's build; fails the build on any schema error.
 *
 * <p>Arguments: {@code <file.lr> <connector.json> <version> <outdir>}.
 */
public final class SchemaGenerator {
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: SchemaGenerator <file.lr> <connector.json> <version> <outdir>");
    }
    LrParser.LrFile file = new LrParser().parse(Files.readString(Path.of(args[0])));
    String id = file.options().get("provider");
    String name = file.options().get("name");
    if (id == null || name == null) {
      throw new IllegalArgumentException(args[0] + ": needs 'option provider' and 'option name'");
    }
    Schema schema = SchemaBuilder.build(file, id);
    Path out = Path.of(args[3]);
    Files.createDirectories(out);
    Files.writeString(out.resolve(name + ".resources.json"), SchemaJson.write(schema));

    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode connector = (ObjectNode) mapper.readTree(Files.readString(Path.of(args[1])));
    ObjectNode meta = mapper.createObjectNode();
    meta.put("Name", name);
    meta.put("ID", id);
    meta.put("Version", args[2]);
    meta.putArray("ConnectionTypes").add(name);
    meta.putArray("Connectors").add(connector);
    meta.putNull("AssetUrlTrees");
    Files.writeString(out.resolve(name + ".json"), mapper.writeValueAsString(meta) + "\n");
  }

  private SchemaGenerator() {}
}

package dev.vllmscan.launcher.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.schema.Schema;
import dev.vllmscan.schema.SchemaJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A provider directory laid out as hosts expect: {@code <dir>/<name>}, {@code <name>.json},
 * {@code <name>.resources.json}. Loaded with the host's rules: the JSON name must match the directory,
 * the ids must agree, and the root may not be writable by group or others.
 */
public record InstalledProvider(Path dir, String name, String id, String version, Path binary, Schema schema, JsonNode metadata) {

  public static InstalledProvider load(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    if (Files.isRegularFile(d)) d = d.getParent();
    String name = d.getFileName().toString();
    Path meta = d.resolve(name + ".json");
    Path resources = d.resolve(name + ".resources.json");
    if (!Files.isRegularFile(meta) || !Files.isRegularFile(resources)) {
      throw new HostException(d + " is not a provider directory: it needs " + name + ".json and " + name
          + ".resources.json (install one with `vllmscan providers install`)");
    }
    try {
      JsonNode m = new ObjectMapper().readTree(Files.readString(meta));
      String jsonName = m.path("Name").asText();
      if (!jsonName.equals(name)) {
        throw new HostException(meta + ": Name '" + jsonName + "' does not match the directory name '" + name + "'");
      }
      Schema schema = SchemaJson.read(Files.readString(resources));
      String id = m.path("ID").asText();
      schema.resources().values().stream().filter(r -> !r.extension() && r.provider() != null && !r.provider().equals(id))
          .findFirst().ifPresent(r -> {
            throw new HostException(resources + ": resource " + r.name() + " names provider " + r.provider()
                + " but " + name + ".json says " + id);
          });
      return new InstalledProvider(d, name, id, m.path("Version").asText(), d.resolve(name), schema, m);
    } catch (IOException e) {
      throw new HostException("cannot read provider files in " + d + ": " + e.getMessage());
    }
  }

  /** The host refuses provider roots that others could write into. */
  public static void checkRoot(Path root) {
    try {
      if (!Files.exists(root)) return;
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(root);
      if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new HostException(root + ": path is overly permissive, make sure it is not writable to others or the group");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the host skips the check there too.
    }
  }
}

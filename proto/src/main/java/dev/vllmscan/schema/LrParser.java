package dev.vllmscan.schema;

import dev.vllmscan.llx.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code .lr} resource language (the subset providers use): options, comments as docs,
 * resources with {@code @defaults}, {@code private}, {@code init(...)}, static and computed fields,
 * list resources. One entry per line, which every .lr file in practice follows.
 */
public final class LrParser {
  private static final Pattern OPTION = Pattern.compile("option\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern RESOURCE_OPEN = Pattern.compile(
      "(private\\s+)?([A-Za-z][\\w.]*)(\\s+@defaults\\(\"([^\"]*)\"\\))?\\s*\\{\\s*(\\}?)");
  private static final Pattern INIT = Pattern.compile("init\\s*\\((.*)\\)");
  private static final Pattern FIELD = Pattern.compile("([A-Za-z]\\w*)\\s*(\\(([^)]*)\\))?\\s+(\\S+)");
  private static final Pattern LIST = Pattern.compile("\\[\\](\\S+)");

  private final Map<String, String> options = new LinkedHashMap<>();

  /** Parsed file: its options and resources (without implicit parents; see {@link SchemaBuilder}). */
  public record LrFile(Map<String, String> options, List<Resource> resources) {}

  public LrFile parse(String source) {
    List<Resource> resources = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    Resource open = null;
    Map<String, Field> fields = null;
    List<InitArg> init = null;
    String listType = null;
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      int lineNo = i + 1;
      if (line.isEmpty()) {
        if (open == null) comments.clear();
        continue;
      }
      if (line.startsWith("//")) {
        comments.add(line.substring(2).trim());
        continue;
      }
      if (open == null) {
        Matcher option = OPTION.matcher(line);
        if (option.matches()) {
          options.put(option.group(1), option.group(2));
          comments.clear();
          continue;
        }
        Matcher r = RESOURCE_OPEN.matcher(line);
        if (!r.matches()) {
          throw error(lineNo, "expected a resource declaration, got '" + line + "'");
        }
        open = new Resource(r.group(2), title(comments), desc(comments), null, null, null,
            r.group(1) != null, r.group(4), null, false);
        fields = new LinkedHashMap<>();
        init = new ArrayList<>();
        listType = null;
        comments.clear();
        if (!r.group(5).isEmpty()) {
          resources.add(close(open, fields, init, listType));
          open = null;
        }
        continue;
      }
      if (line.equals("}")) {
        resources.add(close(open, fields, init, listType));
        open = null;
        comments.clear();
        continue;
      }
      Matcher m;
      if ((m = INIT.matcher(line)).matches()) {
        for (String arg : m.group(1).split(",")) {
          String[] parts = arg.trim().split("\\s+");
          if (parts.length != 2) throw error(lineNo, "init arguments are 'name type', got '" + arg + "'");
          boolean optional = parts[0].endsWith("?");
          String name = optional ? parts[0].substring(0, parts[0].length() - 1) : parts[0];
          init.add(new InitArg(name, type(lineNo, parts[1]), optional));
        }
      } else if ((m = LIST.matcher(line)).matches()) {
        listType = type(lineNo, m.group(1));
      } else if ((m = FIELD.matcher(line)).matches()) {
        boolean computed = m.group(2) != null;
        List<String> refs = new ArrayList<>();
        if (computed && !m.group(3).isBlank()) {
          for (String dep : m.group(3).split(",")) refs.add("\"" + dep.trim() + "\"");
        }
        String name = m.group(1);
        if (fields.containsKey(name)) throw error(lineNo, "field '" + name + "' declared twice");
        fields.put(name, new Field(name, type(lineNo, m.group(4)), !computed, refs,
            title(comments), desc(comments), false, null));
      } else {
        throw error(lineNo, "cannot read '" + line + "'");
      }
      comments.clear();
    }
    if (open != null) throw error(lines.length, "resource '" + open.name() + "' is not closed");
    return new LrFile(Map.copyOf(options), resources);
  }

  private static Resource close(Resource r, Map<String, Field> fields, List<InitArg> init, String listType) {
    if (listType != null) {
      fields.put("list", new Field("list", Types.array(listType), false, List.of(), null, null, false, null));
    }
    return new Resource(r.name(), r.title(), r.desc(), fields, init, listType, r.isPrivate(),
        r.defaults(), null, false);
  }

  private static String type(int line, String label) {
    try {
      return Types.parseLabel(label);
    } catch (RuntimeException e) {
      throw error(line, "unknown type '" + label + "'");
    }
  }

  private static String title(List<String> comments) {
    return comments.isEmpty() ? null : comments.get(0);
  }

  private static String desc(List<String> comments) {
    return comments.size() < 2 ? null : String.join(" ", comments.subList(1, comments.size()));
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }
}

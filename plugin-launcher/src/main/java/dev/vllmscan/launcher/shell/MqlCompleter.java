package dev.vllmscan.launcher.shell;

import dev.vllmscan.llx.Types;
import dev.vllmscan.schema.Field;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import java.util.Set;

/**
 * Tab completion by the schema: {@code vllm.ser⇥} → {@code vllm.server}, {@code vllm.server.docs⇥} →
 * {@code vllm.server.docsExposed}, and inside a block {@code vllm.server { tls⇥} the fields of the block's
 * resource. Whole-input aware, so multi-line blocks complete too.
 */
final class MqlCompleter implements Completer {
  private static final Set<String> LIST_FUNCTIONS = Set.of("where", "first", "last");
  private final Schema schema;

  MqlCompleter(Schema schema) {
    this.schema = schema;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    // The whole buffer up to the cursor: a multi-line block is one buffer (see MqlParser).
    String before = line.line().substring(0, line.cursor());
    for (String c : candidates(before)) candidates.add(new Candidate(c, c, null, null, null, null, false));
  }

  /** Completions for the word that ends at the end of {@code before}. */
  List<String> candidates(String before) {
    int start = before.length();
    while (start > 0 && isWordChar(before.charAt(start - 1))) start--;
    String word = before.substring(start);
    List<String> out = new ArrayList<>();
    int dot = word.lastIndexOf('.');
    if (dot >= 0) {
      String owner = word.substring(0, dot);
      Resource r = resolve(owner);
      if (r != null) addFields(out, r, owner + ".", word.substring(dot + 1));
      for (String name : schema.resources().keySet()) {
        if (name.startsWith(word) && !schema.resource(name).isPrivate()) out.add(name);
      }
      return out.stream().distinct().toList();
    }
    Resource block = enclosingBlock(before.substring(0, start));
    if (block != null) addFields(out, block, "", word);
    for (String top : List.of("vllm", "asset", "help", "exit")) {
      if (top.startsWith(word)) out.add(top);
    }
    return out.stream().distinct().toList();
  }

  private static void addFields(List<String> out, Resource r, String prefix, String partial) {
    for (String f : r.fields().keySet()) {
      if (f.startsWith(partial)) out.add(prefix + f);
    }
  }

  /** Functions whose argument is evaluated per element: inside their parentheses the element's fields complete. */
  private static final Set<String> PREDICATES = Set.of("where", "all", "any", "none", "one", "map");

  /**
   * The resource of the innermost unclosed block or predicate, e.g. {@code vllm.endpoints.where(x) {} and
   * {@code vllm.endpoints.where(pre} → vllm.endpoint.
   */
  private Resource enclosingBlock(String text) {
    int depth = 0;
    int parens = 0;
    for (int i = text.length() - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (c == ')') parens++;
      if (c == '(') {
        if (parens > 0) {
          parens--;
          continue;
        }
        String call = pathBefore(text.substring(0, i));
        int dot = call.lastIndexOf('.');
        if (dot < 0 || !PREDICATES.contains(call.substring(dot + 1))) return null;
        return scope(call.substring(0, dot), text.substring(0, i - call.length()));
      }
      if (c == '}') depth++;
      if (c == '{') {
        if (depth > 0) {
          depth--;
          continue;
        }
        return scope(pathBefore(text.substring(0, i)), text.substring(0, i));
      }
    }
    return null;
  }

  /**
   * The resource {@code path} names: absolute ({@code vllm.endpoints}), or a field of the scope around it, as in a
   * nested block {@code vllm.models { permissions { …} or a predicate inside one.
   */
  private Resource scope(String path, String textBefore) {
    Resource absolute = resolve(path);
    if (absolute != null) return absolute;
    Resource outer = enclosingBlock(textBefore);
    return outer == null ? null : walk(outer, path.split("\\."));
  }

  /** The dotted path that ends at the end of {@code text}, with call arguments dropped. */
  private static String pathBefore(String text) {
    StringBuilder sb = new StringBuilder();
    int i = text.stripTrailing().length() - 1;
    while (i >= 0) {
      char c = text.charAt(i);
      if (c == ')') {
        int depth = 0;
        for (; i >= 0; i--) {
          if (text.charAt(i) == ')') depth++;
          if (text.charAt(i) == '(' && --depth == 0) break;
        }
        i--;
        continue;
      }
      if (!isWordChar(c)) break;
      sb.append(c);
      i--;
    }
    return sb.reverse().toString();
  }

  /** Walks {@code vllm.server}-style paths through the schema; list fields resolve to their element resource. */
  Resource resolve(String path) {
    Resource current = null;
    String name = "";
    boolean viaField = false;
    for (String part : path.split("\\.")) {
      // List functions keep the element resource: `vllm.endpoints.where(x)` still holds endpoints.
      if (current != null && LIST_FUNCTIONS.contains(part)) continue;
      Field f = current == null ? null : current.field(part);
      if (f != null) {
        current = resourceOf(f.type());
        viaField = true;
      } else {
        name = name.isEmpty() ? part : name + "." + part;
        current = viaField ? null : schema.resource(name);
      }
      if (current == null) return null;
    }
    return current;
  }

  private Resource walk(Resource start, String[] fields) {
    Resource current = start;
    for (String part : fields) {
      Field f = current.field(part);
      current = f == null ? null : resourceOf(f.type());
      if (current == null) return null;
    }
    return current;
  }

  private Resource resourceOf(String type) {
    String t = type;
    while (Types.isArray(t)) t = Types.child(t);
    return Types.isResource(t) ? schema.resource(Types.resourceName(t)) : null;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }
}

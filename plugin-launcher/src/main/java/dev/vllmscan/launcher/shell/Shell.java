package dev.vllmscan.launcher.shell;

import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.mql.Executor;
import dev.vllmscan.launcher.mql.MqlException;
import dev.vllmscan.launcher.mql.Printer;
import dev.vllmscan.launcher.mql.Query;
import dev.vllmscan.launcher.mql.QueryError;
import dev.vllmscan.launcher.mql.SessionSource;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import dev.vllmscan.llx.Types;
import java.util.stream.Collectors;

/** The interactive MQL shell: history, completion of resources and fields, multi-line blocks, help. */
public final class Shell {
  private final Terminal terminal;
  private final Schema schema;
  private final Executor executor;
  private final Path history;

  public Shell(Terminal terminal, Session session, Path history) {
    this.terminal = terminal;
    this.schema = session.schema();
    this.executor = new Executor(schema, new SessionSource(session));
    this.history = history;
  }

  public void run(String connectedTo) {
    LineReader reader = LineReaderBuilder.builder().terminal(terminal)
        .parser(new MqlParser())
        .completer(new MqlCompleter(schema))
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "       .. ")
        .build();
    PrintWriter out = terminal.writer();
    out.println("connected to " + connectedTo);
    out.println("type 'help' for resources, 'help vllm.server' for fields, 'exit' to leave");
    out.flush();
    while (true) {
      String line;
      try {
        line = reader.readLine("vllmscan> ");
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        break;
      }
      String text = line.trim();
      if (text.isEmpty()) continue;
      if (text.equals("exit") || text.equals("quit")) break;
      out.println(answer(text));
      out.flush();
    }
    executor.close();
  }

  /** One input → the text the shell prints. */
  public String answer(String text) {
    if (text.equals("help")) {
      StringBuilder sb = new StringBuilder("resources:\n");
      schema.resources().values().stream().filter(r -> !r.extension() && !r.isPrivate())
          .forEach(r -> sb.append("  ").append(r.name()).append(r.title() == null ? "" : ": " + r.title()).append("\n"));
      return sb.toString().stripTrailing();
    }
    if (text.startsWith("help ")) {
      String name = text.substring(5).trim();
      Resource r = schema.resource(name);
      if (r == null) return "no resource '" + name + "'";
      StringBuilder sb = new StringBuilder(name + (r.title() == null ? "" : ": " + r.title()) + "\n");
      int nameWidth = r.fields().values().stream().mapToInt(f -> f.name().length()).max().orElse(0);
      int typeWidth = r.fields().values().stream().mapToInt(f -> Types.label(f.type()).length()).max().orElse(0);
      // Columns: name, type, description, each aligned.
      r.fields().values().forEach(f -> sb.append("  ").append(String.format("%-" + nameWidth + "s  %-" + typeWidth + "s",
          f.name(), Types.label(f.type()))).append(f.title() == null ? "" : "  " + f.title()).append("\n"));
      return sb.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
    }
    try {
      Query q = Query.compile(text, schema);
      return Printer.human(Printer.label(text), executor.evalForDisplay(q.expr()));
    } catch (MqlException e) {
      return "error: " + e.describe(text);
    } catch (QueryError e) {
      return "error: " + e.getMessage();
    }
  }

  static int depth(String s) {
    int d = 0;
    boolean quoted = false;
    for (char c : s.toCharArray()) {
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == '{' || c == '(' || c == '[') d++;
      if (c == '}' || c == ')' || c == ']') d--;
    }
    return d;
  }
}

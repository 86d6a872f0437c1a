package dev.vllmscan.launcher.shell;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells the line editor that a query with an unclosed {@code {}, ( or [} continues on the next line. The editor
 * then keeps the whole block as one buffer: one history entry, edited and recalled as a whole, and completion sees
 * every line of it.
 */
final class MqlParser implements Parser {
  private final DefaultParser words = new DefaultParser();

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && Shell.depth(line) > 0) {
      throw new EOFError(-1, -1, "the query continues", "}");
    }
    return words.parse(line, cursor, context);
  }
}

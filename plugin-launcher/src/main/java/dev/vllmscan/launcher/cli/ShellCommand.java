package dev.vllmscan.launcher.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.shell.Shell;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "shell", mixinStandardHelpOptions = true, description = "Explore a target interactively with MQL.")
final class ShellCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Connector (vllm)") String connector;
  @Parameters(index = "1", description = "Target URL") String url;
  @Mixin TargetOptions target = new TargetOptions();
  @Spec CommandSpec spec;
  @picocli.CommandLine.Option(names = {"-c", "--command"},
      description = "Run this query, print its result and exit (as `vllmscan run`), for scripts") String command;

  @Override
  public Integer call() throws Exception {
    if (command != null) {
      RunCommand run = new RunCommand();
      run.spec = spec;
      run.connector = connector;
      run.url = url;
      run.query = command;
      run.output = "human";
      run.target = target;
      return run.call();
    }
    try (Session session = Connector.open(target, connector, url);
        Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      new Shell(terminal, session, Path.of(System.getProperty("user.home"), ".vllmscan_history"))
          .run(session.asset().getPlatform().getTitle() + " (" + url + ")");
    }
    return Main.EXIT_OK;
  }
}

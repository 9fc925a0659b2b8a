package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class QuantaFlowCommandTest {

  @Test
  void quantaflow_noCommand_exitsTwoNamingTheCommands() {
    Cli.Run run = Cli.run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).hasLineCount(1)
        .startsWith("quantaflow: missing command: choose one of sim");
  }

  @Test
  void quantaflow_unknownCommand_exitsTwoWithOneLine() {
    Cli.Run run = Cli.run("simulate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).hasLineCount(1).startsWith("quantaflow: ").contains("simulate");
  }

  @Test
  void quantaflow_help_listsSim() {
    Cli.Run run = Cli.run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: quantaflow").contains("sim");
  }
}

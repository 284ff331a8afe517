package dev.telltale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's help and usage errors, word for word: the model is declared in code
 * ({@link Options}), so these texts are what a missing option, label or description would change.
 */
class CliHelpTest {
    static final String MAIN_HELP = """
            Usage: telltale [-htTvV] [--lenient] [--version] [-c=FILE] [-g=DIRECTIVES]
                            [--nginx=FILE] [-p=PREFIX] [-s=SIGNAL] [COMMAND]
            A lightweight HTTP reverse proxy whose errors tell you why.
              -c, --config=FILE   Configuration file (default: conf/telltale.yaml when it
                                    exists, else built-in defaults).
              -g=DIRECTIVES       nginx: main-context directives, such as "pid /tmp/t.pid;
                                    daemon off;".
              -h, --help          Show this help message and exit.
                  --lenient       With an nginx config: warn about unsupported directives
                                    instead of refusing them.
                  --nginx=FILE    Read FILE as an nginx config (also detected for -c: a .
                                    conf name or nginx directives).
              -p=PREFIX           nginx: the prefix for relative root, alias, log and pid
                                    paths and for a relative -c (default: the config's
                                    directory, or its parent when that is named conf).
              -s=SIGNAL           nginx: signal the running Telltale (pid file): reload,
                                    reopen, stop or quit.
              -t                  Test the configuration and exit.
              -T                  nginx: test the configuration, then print every config
                                    file read.
              -v                  nginx: print the version (nginx-style, on stderr).
              -V                  nginx: print the version and the nginx features Telltale
                                    supports.
                  --version       Print version information and exit.
            Commands:
              demo           Start the proxy in front of built-in misbehaving upstreams,
                               one route per failure cause.
              nginx-convert  Print the Telltale YAML equivalent to an nginx config, with a
                               comment on every directive dropped or approximated.
            """;
    static final String DEMO_HELP = """
            Usage: telltale demo [-hV] [--listen=HOST:PORT]
            Start the proxy in front of built-in misbehaving upstreams, one route per
            failure cause.
              -h, --help               Show this help message and exit.
                  --listen=HOST:PORT   Where the demo proxy listens (default: 127.0.0.1:
                                         8080).
              -V, --version            Print version information and exit.
            """;
    static final String CONVERT_HELP = """
            Usage: telltale nginx-convert [-hV] [--lenient] FILE
            Print the Telltale YAML equivalent to an nginx config, with a comment on every
            directive dropped or approximated.
                  FILE        The nginx config.
              -h, --help      Show this help message and exit.
                  --lenient   Drop unsupported directives (noted) instead of refusing them.
              -V, --version   Print version information and exit.
            """;

    @RegisterExtension
    final Stdio stdio = new Stdio();

    @Test
    void help_listsEveryFlagAndCommand() {
        assertThat(Main.execute("--help")).isZero();
        assertThat(stdio.out()).isEqualTo(MAIN_HELP);
    }

    @Test
    void subcommandHelp_listsTheirOptions() {
        assertThat(Main.execute("demo", "-h")).isZero();
        assertThat(Main.execute("nginx-convert", "--help")).isZero();
        assertThat(stdio.out()).isEqualTo(DEMO_HELP + CONVERT_HELP);
    }

    @Test
    void nginxConvertWithoutFile_isABadCommandLine() {
        assertThat(Main.execute("nginx-convert")).isEqualTo(2);
        assertThat(stdio.err())
                .isEqualTo("Missing required parameter: 'FILE'\n" + CONVERT_HELP);
    }

    @Test
    void optionWithoutItsValue_namesTheLongName() {
        assertThat(Main.execute("-c")).isEqualTo(2);
        assertThat(stdio.err())
                .isEqualTo("Missing required parameter for option '--config' (FILE)\n" + MAIN_HELP);
    }

    @Test
    void misspelledOption_suggestsTheRightOne() {
        assertThat(Main.execute("--confg", "x")).isEqualTo(2);
        assertThat(stdio.err())
                .startsWith("Unknown options: '--confg', 'x'\nPossible solutions: --config");
    }

    @Test
    void version_printsTheVersion() {
        assertThat(Main.execute("--version")).isZero();
        assertThat(stdio.out()).isEqualTo("telltale " + Main.Version.VERSION + "\n");
    }
}

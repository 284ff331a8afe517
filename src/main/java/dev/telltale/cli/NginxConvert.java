package dev.telltale.cli;

import dev.telltale.nginx.NginxConversion;
import dev.telltale.nginx.NginxYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code telltale nginx-convert FILE}: prints the equivalent {@code telltale.yaml}, notes as comments. */
@Command(name = "nginx-convert", mixinStandardHelpOptions = true,
        description = "Print the Telltale YAML equivalent to an nginx config, with a comment on every directive "
                + "dropped or approximated.")
final class NginxConvert implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The nginx config.")
    Path file;

    @Option(names = "--lenient", description = "Drop unsupported directives (noted) instead of refusing them.")
    boolean lenient;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Optional<NginxConversion> c = NginxMode.load(file, null, null, lenient, err);
        if (c.isEmpty()) {
            return 1;
        }
        out.print(NginxYaml.write(c.get(), file.toString()));
        out.flush();
        return 0;
    }
}

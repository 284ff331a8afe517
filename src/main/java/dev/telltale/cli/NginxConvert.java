package dev.telltale.cli;

import dev.telltale.nginx.NginxConversion;
import dev.telltale.nginx.NginxYaml;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code telltale nginx-convert FILE}: prints the equivalent {@code telltale.yaml}, notes as comments. */
final class NginxConvert implements Callable<Integer> {
    private final PositionalParamSpec file = PositionalParamSpec.builder().type(Path.class).arity("1")
            .required(true).paramLabel("FILE").description("The nginx config.").build();
    private final OptionSpec lenient = Options.flag(
            "Drop unsupported directives (noted) instead of refusing them.", "--lenient");

    CommandSpec spec() {
        CommandSpec spec = Options.withStandardHelp(CommandSpec.wrapWithoutInspection(this)
                .addPositional(file).addOption(lenient));
        spec.usageMessage().description("Print the Telltale YAML equivalent to an nginx config, with a comment on "
                + "every directive dropped or approximated.");
        return spec;
    }

    @Override
    public Integer call() {
        Path file = this.file.getValue();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Optional<NginxConversion> c = NginxMode.load(file, null, null, Options.isSet(lenient), err);
        if (c.isEmpty()) {
            return 1;
        }
        out.print(NginxYaml.write(c.get(), file.toString()));
        out.flush();
        return 0;
    }
}

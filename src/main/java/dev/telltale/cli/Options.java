package dev.telltale.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builders for the command model, which is assembled through picocli's programmatic API
 * ({@link CommandSpec#wrapWithoutInspection}) instead of read from annotations: on a cold JVM,
 * reflecting over annotated fields (annotation proxies, generic signatures, method handles) cost
 * more than the parsing itself (exec to the end of {@code --version} on one busy core: 1.08 s
 * with annotations, 0.78 s without), and picocli's classes (class-file version 49) can never be
 * stored in an AppCDS archive, so every one of them it need not load counts.
 */
final class Options {
    /**
     * picocli registers converters for {@code java.sql} and {@code java.time} types by reflection
     * whenever a {@link CommandLine} is built; no option here has such a type, and loading them
     * (with {@code java.time}'s formatters) cost ~0.06 s of the {@code --version} run above. A
     * value the user set wins.
     */
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    private Options() {
    }

    /** Keeps picocli from loading converters for types no option has; see {@link #CONVERTER_EXCLUDES}. */
    static void excludeUnusedConverters() {
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.(sql|time)\\..*");
        }
    }

    /** An option taking one value of {@code type}, shown as {@code PARAM}. */
    static OptionSpec value(Class<?> type, String param, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(param).description(description).build();
    }

    /** An option without a value: true when given. */
    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).description(description).build();
    }

    /** The option that prints the usage help and exits. */
    static OptionSpec usageHelp(String... names) {
        return OptionSpec.builder(names).type(boolean.class).usageHelp(true)
                .description("Show this help message and exit.").build();
    }

    /** The option that prints the version and exits. */
    static OptionSpec versionHelp(String... names) {
        return OptionSpec.builder(names).type(boolean.class).versionHelp(true)
                .description("Print version information and exit.").build();
    }

    /** picocli's {@code mixinStandardHelpOptions}, declared here rather than mixed in by reflection. */
    static CommandSpec withStandardHelp(CommandSpec spec) {
        return spec.addOption(usageHelp("-h", "--help")).addOption(versionHelp("-V", "--version"));
    }

    /** Whether the flag was given. */
    static boolean isSet(OptionSpec flag) {
        Boolean v = flag.getValue();
        return v != null && v;
    }
}

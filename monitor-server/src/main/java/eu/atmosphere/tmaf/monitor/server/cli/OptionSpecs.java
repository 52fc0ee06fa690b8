package eu.atmosphere.tmaf.monitor.server.cli;

import eu.atmosphere.tmaf.monitor.server.ServerOption;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** picocli options made from {@link ServerOption} definitions, so a command line shows what the definition says. */
final class OptionSpecs {

    private OptionSpecs() {
    }

    /**
     * @param option the definition
     * @return a string-valued option whose default is the environment variable, else the definition's default;
     *         the value is converted and checked with {@link ServerOption#parse(String)}
     */
    static OptionSpec of(ServerOption<?> option) {
        return builder(option, option.description()).build();
    }

    /**
     * @param option      the definition
     * @param description what the option means for this command
     * @return {@link #of(ServerOption)}'s option, to be changed further (e.g. more names)
     */
    static OptionSpec.Builder builder(ServerOption<?> option, String description) {
        OptionSpec.Builder builder = OptionSpec.builder(option.name())
                .type(String.class)
                .paramLabel("<" + option.name().substring(option.name().lastIndexOf('-') + 1) + ">")
                .defaultValue("${env:" + option.environmentVariable() + ":-" + option.defaultText() + "}")
                .description(description + " (env " + option.environmentVariable() + ")");
        if (option.flag()) {
            builder.arity("0..1").fallbackValue("true").paramLabel("true|false");
        }
        if (option.secret()) {
            builder.showDefaultValue(CommandLine.Help.Visibility.NEVER);
        }
        return builder;
    }
}

package eu.atmosphere.tmaf.monitor.server;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One option of {@code monitor-server serve}: its command-line name, environment variable, default,
 * description, and the conversion and validation of its value. The command line, the
 * {@link ServerConfig.Builder} defaults, the validation of {@link ServerConfig} and the option table of
 * {@code monitor-server/README.md} all come from these definitions ({@link ServerOptions}).
 *
 * <pre>{@code
 * int port = ServerOptions.PORT.parse("8080");     // 8080
 * ServerOptions.PORT.parse("70000");               // IllegalArgumentException:
 *                                                  // --port (env MONITOR_PORT) must be 0..65535, got 70000
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class ServerOption<T> {

    private final String name;
    private final String environmentVariable;
    private final String defaultText;
    private final String description;
    private final Function<String, T> converter;
    private final Predicate<T> rule;
    private final String ruleText;
    private final boolean flag;
    private final boolean secret;

    private ServerOption(Builder<T> builder) {
        name = Objects.requireNonNull(builder.name, "name");
        environmentVariable = Objects.requireNonNull(builder.environmentVariable, "environmentVariable");
        defaultText = Objects.requireNonNull(builder.defaultText, "defaultText");
        description = Objects.requireNonNull(builder.description, "description");
        converter = Objects.requireNonNull(builder.converter, "converter");
        rule = builder.rule;
        ruleText = builder.ruleText;
        flag = builder.flag;
        secret = builder.secret;
    }

    /**
     * @param name      the command-line name, e.g. {@code --port}
     * @param converter text to value; throws {@link IllegalArgumentException} (e.g.
     *                  {@link NumberFormatException}) for text it cannot convert
     * @param <T>       the type of the value
     * @return a builder
     */
    static <T> Builder<T> option(String name, Function<String, T> converter) {
        Builder<T> builder = new Builder<>();
        builder.name = name;
        builder.converter = converter;
        return builder;
    }

    /** @return the command-line name, e.g. {@code --port} */
    public String name() {
        return name;
    }

    /** @return the environment variable that sets the option when the command line does not, e.g. {@code MONITOR_PORT} */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** @return the default as written on a command line, e.g. {@code 32025}; empty = none */
    public String defaultText() {
        return defaultText;
    }

    /** @return what the option does, one or more sentences */
    public String description() {
        return description;
    }

    /** @return whether the option is a switch: given without a value it means {@code true} */
    public boolean flag() {
        return flag;
    }

    /** @return whether the value must never be printed (also not its default in {@code --help}) */
    public boolean secret() {
        return secret;
    }

    /** @return the default value, {@link #parse(String) parsed} from {@link #defaultText()} */
    public T defaultValue() {
        return parse(defaultText);
    }

    /**
     * Converts and validates a value given as text (command line or environment).
     *
     * @param text the text, surrounding white space ignored
     * @return the value
     * @throws IllegalArgumentException naming the option, its environment variable and the rule
     */
    public T parse(String text) {
        T value;
        try {
            value = converter.apply(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + " " + (ruleText == null ? "is invalid" : ruleText) + ", got '"
                    + (secret ? "***" : text) + "'", e);
        }
        return validate(value);
    }

    /**
     * @param value a value set programmatically or parsed
     * @return the value
     * @throws IllegalArgumentException naming the option, its environment variable and the rule
     */
    public T validate(T value) {
        if (rule != null && (value == null || !rule.test(value))) {
            throw new IllegalArgumentException(this + " " + ruleText + ", got " + (secret ? "***" : show(value)));
        }
        return value;
    }

    /** @return the name and environment variable, e.g. {@code --port (env MONITOR_PORT)} */
    @Override
    public String toString() {
        return name + " (env " + environmentVariable + ")";
    }

    private static String show(Object value) {
        if (value instanceof Duration duration) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
        }
        return String.valueOf(value);
    }

    /**
     * Defines a {@link ServerOption}.
     *
     * @param <T> the type of the value
     */
    static final class Builder<T> {
        private String name;
        private String environmentVariable;
        private String defaultText = "";
        private String description;
        private Function<String, T> converter;
        private Predicate<T> rule;
        private String ruleText;
        private boolean flag;
        private boolean secret;

        private Builder() {
        }

        Builder<T> env(String value) {
            environmentVariable = value;
            return this;
        }

        Builder<T> defaultValue(String value) {
            defaultText = value;
            return this;
        }

        Builder<T> description(String value) {
            description = value;
            return this;
        }

        /**
         * @param test what a valid value satisfies
         * @param text the rule in words, completing "--port (env MONITOR_PORT) ...", e.g. {@code must be 0..65535}
         */
        Builder<T> rule(Predicate<T> test, String text) {
            rule = test;
            ruleText = text;
            return this;
        }

        /** @param text what a value that cannot be converted should be, e.g. {@code must be true or false} */
        Builder<T> expects(String text) {
            ruleText = text;
            return this;
        }

        Builder<T> flag() {
            flag = true;
            return this;
        }

        Builder<T> secret() {
            secret = true;
            return this;
        }

        ServerOption<T> build() {
            ServerOption<T> option = new ServerOption<>(this);
            option.defaultValue();
            return option;
        }
    }
}

package io.faceembed.config;

/** A bad option value: the message is one line that names the option and says what is accepted. */
public class SettingsException extends RuntimeException {

    private final EmbedOption option;

    public SettingsException(EmbedOption option, String problem) {
        super(option.flag() + ": " + problem);
        this.option = option;
    }

    public EmbedOption option() {
        return option;
    }
}

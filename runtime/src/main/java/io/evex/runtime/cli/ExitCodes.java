package io.evex.runtime.cli;

/** Exit codes of every {@code evex} command. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** An input (configuration, descriptor, event, event file) is invalid; the message says where and why. */
    public static final int INVALID_INPUT = 1;
    /** The command line itself is wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** Something failed at run time (an exporter could not start, an I/O error). */
    public static final int FAILURE = 3;

    private ExitCodes() {}
}

package dev.telltale.diagnose;

import java.util.List;

/**
 * The last attempt's steps — connect, send, wait (for the response head), read — as spans on
 * the request's clock, derived from {@link Timing} marks and the failed {@link Phase}.
 */
record Timeline(long totalMs, List<Step> steps) {

    enum State { DONE, FAILED, NOT_REACHED }

    record Step(String name, long startMs, long durationMs, State state) {
    }

    private static final String[] NAMES = {"connect", "send", "wait", "read"};

    static Timeline of(Timing timing, Phase failed) {
        long total = Math.max(0, timing.elapsedMs());
        Long[] marks = {timing.connectMs(), timing.sendMs(), timing.ttfbMs(), null};
        int failedIndex = index(failed);
        Step[] steps = new Step[NAMES.length];
        long start = 0;
        for (int i = 0; i < NAMES.length; i++) {
            if (i > failedIndex) {
                steps[i] = new Step(NAMES[i], start, 0, State.NOT_REACHED);
                continue;
            }
            long end = i == failedIndex ? total : marks[i] == null ? start : marks[i];
            end = Math.min(Math.max(end, start), Math.max(total, start));
            steps[i] = new Step(NAMES[i], start, end - start, i == failedIndex ? State.FAILED : State.DONE);
            start = end;
        }
        return new Timeline(total, List.of(steps));
    }

    private static int index(Phase phase) {
        switch (phase) {
            case RESOLVE:
            case CONNECT:
                return 0;
            case SEND_REQUEST:
                return 1;
            case READ_HEADERS:
                return 2;
            default:
                return 3;
        }
    }
}

package dev.telltale.log;

import java.util.Map;

/** A structured event other than an upstream failure; {@code fields} is an insertion-ordered copy. */
record ErrorEvent(long epochMillis, String event, String level, Map<String, Object> fields) implements ErrorEntry {
}

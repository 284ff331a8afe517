package dev.telltale.log;

/** What the error log's queue holds: an upstream failure or another structured event. */
sealed interface ErrorEntry permits UpstreamErrorRecord, ErrorEvent {
}

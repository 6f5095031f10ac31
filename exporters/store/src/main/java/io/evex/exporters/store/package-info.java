/**
 * The embedded event store: every event it is given, in an SQLite database in WAL mode (readable
 * with the {@code sqlite3} program), columns for what people filter on, pictures as files beside
 * it; retention by age and size; and the queries the runtime's API and console ask.
 */
package io.evex.exporters.store;

/**
 * Running under a service manager: telling systemd that Evex is ready, alive (its watchdog) and
 * stopping.
 */
package io.evex.runtime.service;

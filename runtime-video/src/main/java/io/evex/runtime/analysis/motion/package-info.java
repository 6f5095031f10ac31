/** The motion stage: moving regions found by frame differencing on small grey frames, as {@code event-motion}. */
package io.evex.runtime.analysis.motion;

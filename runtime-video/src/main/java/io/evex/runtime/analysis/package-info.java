/**
 * Analysis stages that turn decoded frames into events: the motion detector, and what it needs to
 * see frames small and grey. Stages run on their channel's thread, once per analysed frame.
 */
package io.evex.runtime.analysis;

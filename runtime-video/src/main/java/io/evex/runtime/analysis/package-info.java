/**
 * Analysis stages that turn decoded frames into events, as a pipeline of named stages
 * ({@link io.evex.runtime.analysis.AnalysisPipeline}) run on their channel's thread, one frame at
 * a time. What a stage finds travels with the frame as typed metadata
 * ({@link io.evex.runtime.analysis.FrameMeta}) for the stages after it. This package holds the
 * pipeline, the frame and its metadata, and the rate filter; each stage of the standard analysis
 * has its own package: {@code motion}, {@code detect} (the ONNX detector and the stage that runs
 * any detector backend), {@code track}, {@code rules} and {@code crop}. None of them imports another
 * but this one and, for rules and crops, the tracks.
 */
package io.evex.runtime.analysis;
